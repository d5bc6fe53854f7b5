// The launcher stops the worker itself, in order, on SIGINT and SIGTERM. By default the Temporal SDK
// also shuts every worker down on those signals, after which the worker's own shutdown() finds it
// already stopped: so the runtime is installed without signal handlers, before any worker is made.
// Its logger says only warnings and errors, so the bundler's report does not bury what the launcher prints.
export async function installRuntimeWithoutSignals(): Promise<void> {
  const { DefaultLogger, Runtime } = await import('@temporalio/worker');
  try {
    Runtime.install({ shutdownSignals: [], logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process: keep it.
  }
}
