// `npm run register-search-attributes`: the case workflow's search attributes on an existing Temporal
// (all of `npm run setup-cluster` does this too), reached with Temporal's client configuration.
import { resolveTemporalConnection } from '../config/temporalConnection';
import { Connection } from '@temporalio/client';
import { loadSettings } from '../config/settings';
import { registerSearchAttributes } from '../temporal/searchAttributes';

async function main(): Promise<void> {
  // Temporal's client configuration, as the API and the worker read it (TLS, API key, a profile).
  const settings = loadSettings();
  const address = settings.temporalAddress;
  const namespace = settings.temporalNamespace;
  if (!address) throw new Error("TEMPORAL_ADDRESS: set it to the cluster's frontend, e.g. temporal.example.no:7233");
  const { options, tokens } = await resolveTemporalConnection(settings.temporalConnection);
  tokens?.stop(); // one token is enough for a command that ends in a minute
  const connection = await Connection.connect({ ...options, ...(tokens ? { apiKey: tokens.current() } : {}), address });
  try {
    const added = await registerSearchAttributes(connection, namespace);
    console.log(added.length ? `Registered on ${address}/${namespace}: ${added.join(', ')}` : `All search attributes already exist on ${address}/${namespace}`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
