// Servers a killed launcher left behind. A launcher killed outright (SIGKILL, an OOM kill) cannot stop
// its PostgreSQL and Temporal server; they keep the DATA_DIR's files and their ports for a while.
// The next start on the same DATA_DIR finds them (PostgreSQL by its postmaster.pid and the processes
// working in its cluster, Temporal by the pid the launcher recorded) and stops them before it starts.
import { existsSync, readFileSync, readlinkSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from './childProcess';

export type Log = (line: string) => void;

/** How long a leftover server gets to stop cleanly before it is killed. */
const CLEAN_STOP_MS = 15_000;
const KILL_WAIT_MS = 5_000;

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function procEntries(): number[] {
  try {
    return readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .map(Number);
  } catch {
    return [];
  }
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

function workingDirectory(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

function send(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
}

async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (pids.some(isRunning)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Asks `main` to stop with `stopSignal`, then kills it and `others` (processes that must go with it). */
async function stopProcesses(main: number | undefined, others: () => number[], stopSignal: NodeJS.Signals): Promise<void> {
  if (main !== undefined && isRunning(main)) {
    send(main, stopSignal);
    if (!(await waitGone([main], CLEAN_STOP_MS))) send(main, 'SIGKILL');
  }
  const rest = others();
  for (const pid of rest) send(pid, 'SIGKILL');
  const all = main === undefined ? rest : [main, ...rest];
  if (!(await waitGone(all, KILL_WAIT_MS))) {
    throw new Error(`processes ${all.filter(isRunning).join(', ')} of an earlier run could not be stopped; stop them by hand and start again`);
  }
}

/**
 * Every PostgreSQL process of the cluster in `clusterDir`: the postmaster and its backends all work
 * in the cluster's directory. After a postmaster is killed its backends linger a moment, and while
 * they hold its shared memory a new postmaster refuses to start.
 */
export function postgresProcesses(clusterDir: string): number[] {
  let dir: string;
  try {
    dir = realpathSync(clusterDir);
  } catch {
    return [];
  }
  return procEntries().filter((pid) => pid !== process.pid && workingDirectory(pid) === dir && isRunning(pid) && isPostgres(pid));
}

function isPostgres(pid: number): boolean {
  const argv0 = commandLine(pid)[0] ?? '';
  // A backend renames itself ("postgres: postgres cases 127.0.0.1(5432) idle"); the postmaster runs the binary.
  return argv0.startsWith('postgres:') || path.basename(argv0) === 'postgres';
}

/** Stops whatever of an earlier run still runs in the cluster; says so in one line. */
export async function stopLeftoverPostgres(clusterDir: string, log: Log): Promise<void> {
  const left = postgresProcesses(clusterDir);
  if (left.length === 0) return;
  const postmasterPid = readPid(path.join(clusterDir, 'postmaster.pid'));
  const postmaster = postmasterPid !== undefined && left.includes(postmasterPid) ? postmasterPid : undefined;
  log(
    postmaster !== undefined
      ? `PostgreSQL of an earlier run still uses ${clusterDir} (pid ${postmaster}): stopping it first`
      : `${left.length} PostgreSQL process(es) of an earlier run still use ${clusterDir}: stopping them first`,
  );
  // SIGINT is PostgreSQL's fast shutdown: it rolls back open transactions and writes a checkpoint.
  await stopProcesses(postmaster, () => postgresProcesses(clusterDir).filter((pid) => pid !== postmaster), 'SIGINT');
}

/** Where the launcher records the pid of the embedded Temporal server it runs. */
export function temporalPidFile(dataDir: string): string {
  return path.join(dataDir, 'temporal.pid');
}

export function recordTemporalPid(dataDir: string, pid: number): void {
  writeFileSync(temporalPidFile(dataDir), `${pid}\n`);
}

export function forgetTemporalPid(dataDir: string, pid: number): void {
  if (readPid(temporalPidFile(dataDir)) === pid) rmSync(temporalPidFile(dataDir), { force: true });
}

/** A Temporal dev server whose state is `dbFile`: the recorded pid, checked against its command line. */
function temporalServerOf(pid: number | undefined, dbFile: string): number | undefined {
  if (pid === undefined || !isRunning(pid)) return undefined;
  const argv = commandLine(pid);
  const i = argv.indexOf('--db-filename');
  return i >= 0 && argv[i + 1] === dbFile && argv.includes('start-dev') ? pid : undefined;
}

/** Stops a Temporal dev server an earlier run left on `dbFile`; says so in one line. */
export async function stopLeftoverTemporal(dataDir: string, dbFile: string, log: Log): Promise<void> {
  const pidFile = temporalPidFile(dataDir);
  if (!existsSync(pidFile)) return;
  const pid = temporalServerOf(readPid(pidFile), dbFile);
  if (pid !== undefined) {
    log(`The Temporal server of an earlier run still uses ${dbFile} (pid ${pid}): stopping it first`);
    await stopProcesses(pid, () => [], 'SIGTERM');
  }
  rmSync(pidFile, { force: true });
}

/** Where the launcher records the pid of the embedded Temporal UI server it runs. */
function uiPidFile(dataDir: string): string {
  return path.join(dataDir, 'temporal-ui.pid');
}

export function recordUiPid(dataDir: string, pid: number): void {
  writeFileSync(uiPidFile(dataDir), `${pid}\n`);
}

export function forgetUiPid(dataDir: string, pid: number): void {
  if (readPid(uiPidFile(dataDir)) === pid) rmSync(uiPidFile(dataDir), { force: true });
}

/** A Temporal UI server whose settings are under `uiRoot`: the recorded pid, checked against its command line. */
function uiServerOf(pid: number | undefined, uiRoot: string): number | undefined {
  if (pid === undefined || !isRunning(pid)) return undefined;
  const argv = commandLine(pid);
  const i = argv.indexOf('--root');
  return i >= 0 && argv[i + 1] !== undefined && path.resolve(argv[i + 1]!) === path.resolve(uiRoot) ? pid : undefined;
}

/** Stops the Temporal UI server an earlier run left on `uiRoot` (it holds the UI's port); says so in one line. */
export async function stopLeftoverUi(dataDir: string, uiRoot: string, log: Log): Promise<void> {
  const pidFile = uiPidFile(dataDir);
  if (!existsSync(pidFile)) return;
  const pid = uiServerOf(readPid(pidFile), uiRoot);
  if (pid !== undefined) {
    log(`The Temporal Web UI of an earlier run still runs (pid ${pid}): stopping it first`);
    await stopProcesses(pid, () => [], 'SIGTERM');
  }
  rmSync(pidFile, { force: true });
}
