// The Temporal SDK's runtime, installed once per process before any worker is made:
// - without signal handlers: the launcher stops the worker itself, in order, on SIGINT and SIGTERM
//   (by default the SDK also shuts every worker down on those signals, after which the worker's own
//   shutdown() finds it already stopped);
// - its logs (SDK, workflows, activities, and Core's warnings) through the project's logger;
// - with WORKER_METRICS_PORT, the SDK's own Prometheus metrics (`temporal_…`, durations in seconds)
//   on 0.0.0.0:<port>/metrics.
import { rootLogger, type Logger } from '../observability/logger';

export interface WorkerRuntimeOptions {
  /** Where the SDK serves its Prometheus metrics; none when left out. */
  metricsPort?: number | undefined;
  logger?: Logger;
}

export async function installRuntimeWithoutSignals(opts: WorkerRuntimeOptions = {}): Promise<void> {
  const { IllegalStateError } = await import('@temporalio/common');
  const { Runtime } = await import('@temporalio/worker');
  const { temporalLogger } = await import('../observability/temporalLogger.js');
  try {
    Runtime.install({
      shutdownSignals: [],
      logger: temporalLogger(opts.logger ?? rootLogger().child({ component: 'worker' })),
      telemetryOptions: {
        logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
        ...(opts.metricsPort !== undefined
          ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${opts.metricsPort}`, useSecondsForDurations: true } } }
          : {}),
      },
    });
  } catch (error) {
    // Already installed in this process: keep it. Anything else (the metrics port taken) is a failure to start.
    if (!(error instanceof IllegalStateError)) throw error;
  }
}
