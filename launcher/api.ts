// The API alone, as a container runs it (docker-compose.yml): serves on PORT against an existing
// Temporal service and PostgreSQL named by TEMPORAL_ADDRESS and DATABASE_URL.
import { loadPolicy } from '../config/policy';
import { rootLogger } from '../observability/logger';
import { requireExternalServices } from './external';
import { runUntilSignal } from './runUntilSignal';
import { checkPolicyAtStart } from './policyCheck';

void runUntilSignal('API', async () => {
  const settings = requireExternalServices('API');
  await checkPolicyAtStart(settings.databaseUrl, loadPolicy(settings.policyFile), settings.acceptPolicyChange, (line) => rootLogger().info(line));
  const { startApi } = await import('../api/server.js');
  const { authFromSettings } = await import('../api/auth/authConfig.js');
  const { pagesClientFromEnv } = await import('../api/pages/pages.js');
  const client = pagesClientFromEnv(process.env);
  const api = await startApi({
    auth: await authFromSettings(settings.auth, settings.dataDir),
    port: settings.port,
    host: settings.host,
    temporalConnection: settings.temporalConnection,
    temporalAddress: settings.temporalAddress,
    namespace: settings.temporalNamespace,
    databaseUrl: settings.databaseUrl,
    payloadKeys: settings.payloadKeys,
    codec: { corsOrigins: settings.codecCorsOrigins },
    http: settings.http,
    ...(client ? { pages: { client } } : {}),
    ...(settings.policyFile ? { policyFile: settings.policyFile } : {}),
  });
  rootLogger().info({ url: api.url }, 'API listening');
  return () => api.close();
});
