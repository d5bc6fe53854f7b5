// The launcher's own stack for the fault suite: started as `npm start` does (scripts/stack/launch.ts),
// on a policy of seconds, restarted on the same DATA_DIR, and the faults themselves: SIGKILL of the
// whole process tree or of the launcher alone, of the Temporal server, of PostgreSQL, and a frozen worker.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { createDb } from '../../db/knex';
import { isRunning } from '../../launcher/childProcess';
import { postgresProcesses, temporalPidFile } from '../../launcher/leftovers';
import { api, runTokenCommand } from '../../scripts/stack/startStack';
import { secondsPolicy } from '../../scripts/stack/secondsPolicy';
import { embeddedDatabaseUrl, instanceEnv, launch, type InstanceEnv, type Launched } from '../../scripts/stack/launch';

export type Call = ReturnType<typeof api>;

export interface Answer {
  /** 0: no answer at all (the connection was refused or cut). */
  status: number;
  body: any;
  headers?: Headers;
}

const HEALTHY_WITHIN_MS = 180_000;

export class Instance {
  launched: Launched | undefined;
  /** A caseworker's and manager's token from `npm run token`, minted once the first start made the key. */
  private token: string | undefined;
  private database: Knex | undefined;
  /** Every launcher's output, for a failure message. */
  private readonly outputs: Array<() => string> = [];

  private constructor(readonly env: InstanceEnv) {}

  /** Like any client of the API: with the token (none before the first start made the issuer's key). */
  get call(): Call {
    return api(`http://127.0.0.1:${this.env.PORT}`, this.token ?? null);
  }

  /** The stack's own database, read directly to check what the API answered (made after the first start wrote the password). */
  get db(): Knex {
    this.database ??= createDb(embeddedDatabaseUrl(this.env), { max: 4 });
    return this.database;
  }

  static async create(): Promise<Instance> {
    const env = await instanceEnv();
    const policyFile = path.join(path.dirname(env.DATA_DIR), 'policy.json');
    writeFileSync(policyFile, JSON.stringify(secondsPolicy, null, 2));
    // The suite storms the stack with one token on purpose: what it checks is loss and doubling, not the rate limit.
    return new Instance({ ...env, CASE_POLICY_FILE: policyFile, RATE_LIMIT_PER_MINUTE: '1000000' });
  }

  /** Starts a launcher on this DATA_DIR; resolves with the ms until GET /api/health answered 200. */
  async start(): Promise<number> {
    const started = Date.now();
    const launched = launch(this.env);
    this.launched = launched;
    this.outputs.push(() => Object.values(launched.output()).join('\n'));
    await this.waitHealthy();
    const healthyAfter = Date.now() - started;
    this.token ??= await runTokenCommand(
      { DATA_DIR: this.env.DATA_DIR, CASE_POLICY_FILE: this.env.CASE_POLICY_FILE! },
      { sub: 'fault-suite', roles: ['caseworker', 'manager'], municipalities: Object.keys(secondsPolicy.municipalities) },
    );
    return healthyAfter;
  }

  /** Waits for GET /api/health 200; throws with the launchers' output if the launcher exits or time runs out. */
  async waitHealthy(timeoutMs = HEALTHY_WITHIN_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.launched?.exited.then(() => (exited = true));
    for (;;) {
      if (exited) throw new Error(`the launcher exited:\n${this.output()}`);
      if ((await this.request('GET', '/api/health')).status === 200) return;
      if (Date.now() > deadline) throw new Error(`not healthy within ${timeoutMs / 1000} s:\n${this.output()}`);
      await sleep(200);
    }
  }

  output(): string {
    return this.outputs.map((o) => o()).join('\n----- next launcher -----\n');
  }

  /** One request through the suite's one HTTP helper; a lost connection is status 0, not an exception. */
  async request(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    try {
      return await this.call(method, urlPath, body, headers);
    } catch (error) {
      return { status: 0, body: { error: String(error) } };
    }
  }

  /** The Temporal server the launcher runs now. */
  temporalPid(): number {
    return Number(readFileSync(temporalPidFile(this.env.DATA_DIR), 'utf8').trim());
  }

  /** The postmaster of the embedded PostgreSQL. */
  postmasterPid(): number {
    return Number(readFileSync(path.join(this.env.DATA_DIR, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  /** SIGKILL of every process of the stack at once: the launcher, its watchdogs, both servers and their helpers. */
  killEverything(): void {
    const pids = new Set([...this.current().processTree(), this.temporalPid(), ...postgresProcesses(path.join(this.env.DATA_DIR, 'postgres'))]);
    for (const pid of pids) kill(pid, 'SIGKILL');
  }

  /**
   * SIGKILL of the launcher and of the watchdogs beside its servers, so that nothing stops the servers:
   * they run on as orphans, holding the DATA_DIR and their ports, as after an OOM kill of the launcher.
   */
  killLauncherOnly(): void {
    const launched = this.current();
    const servers = new Set([this.temporalPid(), ...postgresProcesses(path.join(this.env.DATA_DIR, 'postgres'))]);
    const watchdogs = launched.processTree().filter((pid) => pid !== launched.pid && !servers.has(pid) && isWatchdog(pid));
    kill(launched.pid, 'SIGKILL');
    for (const pid of watchdogs) kill(pid, 'SIGKILL');
  }

  /** Waits for the killed launcher to be gone (the next one must not find it holding the DATA_DIR). */
  async launcherGone(): Promise<void> {
    await this.current().exited;
  }

  /** Freezes the launcher's process, where the worker (and the API) run, for `ms`. */
  async freezeWorker(ms: number): Promise<void> {
    const pid = this.current().pid;
    kill(pid, 'SIGSTOP');
    try {
      await sleep(ms);
    } finally {
      kill(pid, 'SIGCONT');
    }
  }

  async stop(): Promise<number | null> {
    const launched = this.launched;
    this.launched = undefined;
    const code = launched && isRunning(launched.pid) ? (await launched.stop()).code : null;
    await this.database?.destroy();
    return code;
  }

  private current(): Launched {
    if (!this.launched) throw new Error('no launcher is running');
    return this.launched;
  }
}

function isWatchdog(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv[1] === '-e';
  } catch {
    return false;
  }
}

export function kill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
}
