// `npm run test:cluster`, first step: what the cluster suite needs that `npm test` does not. The real
// Temporal server built from its Go module (once, cached), and PostgreSQL's server binaries. Says in
// one line what is missing and how to get it, and exits 1, before any test starts.
import { postgresBinaries } from '../../launcher/postgres';
import { oneLine } from '../../launcher/waiting';
import { ensureTemporalServerBinaries } from './temporalServerBinaries';

async function main(): Promise<void> {
  try {
    await postgresBinaries();
  } catch (error) {
    throw new Error(`PostgreSQL is missing: ${error instanceof Error ? error.message : String(error)}`);
  }
  ensureTemporalServerBinaries((line) => console.log(line));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`Cannot run the cluster suite: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  },
);
