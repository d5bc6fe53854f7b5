// The Temporal SDK's runtime, installed once per process before any worker is made:
// - without signal handlers: the launcher stops the worker itself, in order, on SIGINT and SIGTERM
//   (by default the SDK also shuts every worker down on those signals, after which the worker's own
//   shutdown() finds it already stopped);
// - its logs (SDK, workflows, activities, and Core's warnings) through the project's logger;
// - with WORKER_METRICS_PORT, the SDK's own Prometheus metrics (`temporal_…`, durations in seconds)
//   on <HOST>:<port>/metrics (HOST: 127.0.0.1 unless the settings say otherwise).
import { rootLogger, type Logger } from '../observability/logger';
import { DEFAULTS_HOST } from '../config/settings';

/** An IPv6 address in brackets, as an address:port needs it. */
export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export interface WorkerRuntimeOptions {
  /** Where the SDK serves its Prometheus metrics; none when left out. */
  metricsPort?: number | undefined;
  /** The address the metrics listen on: settings.host. */
  metricsHost?: string;
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
          ? { metrics: { prometheus: { bindAddress: `${hostForUrl(opts.metricsHost ?? DEFAULTS_HOST)}:${opts.metricsPort}`, useSecondsForDurations: true } } }
          : {}),
      },
    });
  } catch (error) {
    // Already installed in this process: keep it. Anything else (the metrics port taken) is a failure to start.
    if (!(error instanceof IllegalStateError)) throw error;
  }
}
