// The worker alone, as a container runs it (docker-compose.yml): connects to an existing Temporal
// service and PostgreSQL named by TEMPORAL_ADDRESS and DATABASE_URL, and drains on SIGTERM.
import { loadPolicy } from '../config/policy';
import { rootLogger } from '../observability/logger';
import { requireExternalServices } from './external';
import { runUntilSignal } from './runUntilSignal';
import { checkPolicyAtStart } from './policyCheck';
import { installRuntimeWithoutSignals } from './workerRuntime';

void runUntilSignal('worker', async () => {
  const settings = requireExternalServices('worker');
  await checkPolicyAtStart(settings.databaseUrl, loadPolicy(settings.policyFile), settings.acceptPolicyChange, (line) => rootLogger().info(line));
  // runUntilSignal handles SIGINT and SIGTERM: the SDK must not shut the worker down on its own.
  await installRuntimeWithoutSignals({ metricsPort: settings.workerMetricsPort, metricsHost: settings.host });
  const { runWorker } = await import('../worker/run.js');
  const worker = await runWorker({
    temporalAddress: settings.temporalAddress,
    namespace: settings.temporalNamespace,
    temporalConnection: settings.temporalConnection,
    ...(settings.letterFilesDir ? { letterFilesDir: settings.letterFilesDir } : {}),
    databaseUrl: settings.databaseUrl,
    dataDir: settings.dataDir,
    payloadKeys: settings.payloadKeys,
    payloadClearBefore: settings.payloadClearBefore,
    maxCachedWorkflows: settings.workerCachedWorkflows,
    ...(settings.policyFile ? { policyFile: settings.policyFile } : {}),
  });
  rootLogger().info(
    { temporalAddress: settings.temporalAddress, namespace: settings.temporalNamespace, metricsPort: settings.workerMetricsPort ?? null },
    'worker polling',
  );
  return () => worker.shutdown();
});
