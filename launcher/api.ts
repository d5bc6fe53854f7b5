// The API alone, as a container runs it (docker-compose.yml): serves on PORT against an existing
// Temporal service and PostgreSQL named by TEMPORAL_ADDRESS and DATABASE_URL.
import { loadPolicy } from '../config/policy';
import { rootLogger } from '../observability/logger';
import { requireExternalServices } from './external';
import { runUntilSignal } from './runUntilSignal';

void runUntilSignal('API', async () => {
  const settings = requireExternalServices('API');
  loadPolicy(settings.policyFile);
  const { startApi } = await import('../api/server.js');
  const { authFromSettings } = await import('../api/auth/authConfig.js');
  const api = await startApi({
    auth: await authFromSettings(settings.auth, settings.dataDir),
    port: settings.port,
    temporalAddress: settings.temporalAddress,
    namespace: settings.temporalNamespace,
    databaseUrl: settings.databaseUrl,
    payloadKeys: settings.payloadKeys,
    codec: { corsOrigins: settings.codecCorsOrigins },
    http: settings.http,
    ...(settings.policyFile ? { policyFile: settings.policyFile } : {}),
  });
  rootLogger().info({ url: api.url }, 'API listening');
  return () => api.close();
});
