// `npm start`: checks the settings and the policy file, starts the whole stack, prints where each part
// is, and on Ctrl-C or SIGTERM stops all of it. A problem is one line on stderr and a non-zero exit.
import path from 'node:path';
import { loadSettings } from '../config/settings';
import { loadPolicy } from '../config/policy';
import { rootLogger } from '../observability/logger';
import { Stack, type StackAddresses } from './stack';
import { oneLine } from './waiting';

// With LOG_FORMAT=json the launcher's own lines are JSON too, so a collector reads all of stdout.
let log = (line: string) => console.log(line);
let logError = (line: string) => console.error(line);

function fail(error: unknown): number {
  logError(`Cannot start: ${oneLine(error instanceof Error ? error.message : String(error))}`);
  return 1;
}

function describe(a: StackAddresses): string {
  const rel = (p: string) => {
    const relative = path.relative(process.cwd(), p);
    return relative === '' ? '.' : relative.startsWith('..') ? p : relative;
  };
  const rows: Array<[string, string]> = [
    ['Pages', `${a.apiUrl}/  (the office's own pages: log in as a caseworker, manager or auditor)`],
    ['API', `${a.apiUrl}  (health: ${a.apiUrl}/api/health, metrics: ${a.apiUrl}/metrics)`],
    ['Temporal', `${a.temporalAddress}, namespace ${a.namespace}`],
  ];
  if (a.temporalUiUrl) rows.push(['Temporal Web UI', a.temporalUiUrl]);
  if (a.workerMetricsUrl) rows.push(['Worker metrics', a.workerMetricsUrl]);
  rows.push([
    'PostgreSQL',
    a.databasePasswordFile ? `${a.database}  (password in ${rel(a.databasePasswordFile)})` : a.database,
  ]);
  rows.push(['Tokens', a.tokens]);
  rows.push(['Data and logs', `${rel(a.dataDir)}  (logs in ${rel(a.logsDir)})`]);
  return ['Case orchestrator is running:', ...rows.map(([k, v]) => `  ${k.padEnd(16)}${v}`), 'Ctrl-C stops all of it.'].join('\n');
}

async function main(): Promise<number> {
  let stack: Stack;
  try {
    const settings = loadSettings();
    if (settings.log.format === 'json') {
      const launcher = rootLogger().child({ component: 'launcher' });
      log = (line) => launcher.info(line);
      logError = (line) => launcher.error(line);
    }
    // The policy is checked before anything starts: a bad file refuses to start, naming file and key.
    loadPolicy(settings.policyFile);
    stack = new Stack(settings, (line) => log(line));
  } catch (error) {
    return fail(error);
  }

  let signalled: NodeJS.Signals | undefined;
  let signalledAt = 0;
  let wake: (reason: string) => void = () => undefined;
  const stopRequested = new Promise<string>((resolve) => (wake = resolve));
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) {
      // npm forwards the terminal's Ctrl-C too, so one keypress can arrive twice: say nothing for that.
      if (Date.now() - signalledAt > 1_000) log(`${sig}: already stopping, every part within its deadline`);
      return;
    }
    signalled = sig;
    signalledAt = Date.now();
    log(`${sig}: stopping…`);
    stack.cancel();
    wake(sig);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);

  let addresses: StackAddresses;
  try {
    addresses = await stack.start(); // on failure it has stopped what it started
  } catch (error) {
    if (signalled) return 0;
    return fail(error);
  }

  let exitCode = 0;
  if (!signalled) {
    log(describe(addresses));
    const died = stack.childDied().then((reason) => {
      exitCode = 1;
      logError(`Stopping: ${oneLine(reason)}`);
      wake('child exited');
    });
    void died;
    stack.waitHealthy(addresses.apiUrl).then(
      () => log('Ready: GET /api/health answers 200.'),
      (error: unknown) => {
        if (!signalled) logError(`Warning: ${oneLine(error instanceof Error ? error.message : String(error))}`);
      },
    );
    await stopRequested;
  }
  const clean = await stack.stop();
  log(clean ? 'Stopped.' : 'Stopped, not cleanly (see above).');
  return exitCode || (clean ? 0 : 1);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Launcher failed: ${oneLine(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
    process.exit(1);
  },
);
