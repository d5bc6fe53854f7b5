// A server the launcher runs as a child process: in a process group of its own (so a Ctrl-C in the
// terminal reaches the launcher, which stops the parts in order), its output in a log file, and a
// stop that waits for the whole group to be gone, escalating to SIGKILL after a deadline.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { guardAgainstOrphaning } from './orphanGuard';
import { withTimeout } from './waiting';

export interface ChildOptions {
  logFile: string;
  /** What asks the program to stop cleanly (Temporal: SIGTERM; PostgreSQL: SIGINT, its fast shutdown). */
  stopSignal: NodeJS.Signals;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** How long a clean stop may take before the group is killed. */
  stopTimeoutMs?: number;
  /** A scratch directory the watchdog removes if this process outlives its starter (test servers). */
  removeDirWhenOrphaned?: string;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export class ServerProcess {
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  private exit: ChildExit | undefined;

  private constructor(
    readonly name: string,
    pid: number,
    exited: Promise<ChildExit>,
    private readonly options: ChildOptions,
  ) {
    this.pid = pid;
    this.exited = exited.then((exit) => (this.exit = exit));
  }

  /** Starts `command`; rejects with one line if it cannot be started at all (missing binary, no permission). */
  static async start(name: string, command: string, args: string[], options: ChildOptions): Promise<ServerProcess> {
    // A log may quote what a server was given: this user's only.
    mkdirSync(path.dirname(options.logFile), { recursive: true, mode: 0o700 });
    const fd = openSync(options.logFile, 'a', 0o600);
    try {
      const child = spawn(command, args, {
        detached: true,
        stdio: ['ignore', fd, fd],
        env: options.env ?? process.env,
        uid: options.uid,
        gid: options.gid,
      });
      const exited = new Promise<ChildExit>((resolve) => {
        child.once('error', (error) => resolve({ code: null, signal: null, error }));
        child.once('exit', (code, signal) => resolve({ code, signal }));
      });
      const pid = await new Promise<number>((resolve, reject) => {
        child.once('spawn', () => resolve(child.pid ?? -1));
        child.once('error', (error) => reject(new Error(`${name}: cannot run ${command}: ${error.message}`)));
      });
      guardAgainstOrphaning(pid, options.stopSignal, options.removeDirWhenOrphaned);
      return new ServerProcess(name, pid, exited, options);
    } finally {
      closeSync(fd);
    }
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** "exited with code 1", for messages. */
  describeExit(): string {
    const exit = this.exit;
    if (!exit) return 'is running';
    if (exit.error) return `failed: ${exit.error.message}`;
    return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  }

  /** The last lines the program wrote, to say why it stopped. */
  logTail(lines = 5): string {
    try {
      return readFileSync(this.options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Asks the program to stop, waits for it, kills its group after the deadline; idempotent. */
  async stop(): Promise<void> {
    const timeoutMs = this.options.stopTimeoutMs ?? 15_000;
    // Some servers put helpers in sessions of their own (PostgreSQL's background processes): note them now.
    const helpers = this.hasExited ? [] : descendants(this.pid);
    if (!this.hasExited) {
      signal(this.pid, this.options.stopSignal);
      try {
        await withTimeout(this.exited, timeoutMs, `stopping ${this.name}`);
      } catch {
        signal(-this.pid, 'SIGKILL');
        await withTimeout(this.exited, 5_000, `killing ${this.name}`);
      }
    }
    await this.sweepGroup();
    await sweepPids(helpers);
  }

  /** Whatever the program started in its group and left behind goes too. */
  private async sweepGroup(): Promise<void> {
    for (let i = 0; i < 20 && groupAlive(this.pid); i++) await sleep(100);
    if (groupAlive(this.pid)) {
      signal(-this.pid, 'SIGKILL');
      for (let i = 0; i < 20 && groupAlive(this.pid); i++) await sleep(100);
    }
  }
}

/** Every process below `pid`, from /proc (Linux); empty elsewhere. */
export function descendants(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** True while `pid` runs (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

async function sweepPids(pids: number[]): Promise<void> {
  for (let i = 0; i < 30 && pids.some(isRunning); i++) await sleep(100);
  for (const pid of pids.filter(isRunning)) signal(pid, 'SIGKILL');
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
