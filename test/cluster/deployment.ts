// The cluster suite's deployment, as docs/scaling-out.md tells an operator to build one: one PostgreSQL,
// the real Temporal server's four services on it (scripts/cluster/temporalCluster.ts), the namespace
// and search attributes made by `npm run setup-cluster`, and three instances of this project sharing
// the payload keys, the signing key, the policy and the letter folder:
//   A: `npm start` (launcher/main.ts) with TEMPORAL_ADDRESS and DATABASE_URL: its API and worker in one process;
//   B, C: the API and the worker as processes of their own (launcher/api.ts, launcher/worker.ts).
// Clients reach the three APIs through a balancer that sends a request whose connection is refused to
// the next API, as a load balancer does; a request cut mid-way gets no answer.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { createDb } from '../../db/knex';
import { REPO_ROOT } from '../../launcher/binaries';
import { ServerProcess } from '../../launcher/childProcess';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../launcher/postgres';
import { startTemporalCluster, type TemporalCluster } from '../../scripts/cluster/temporalCluster';
import { requireTemporalServerBinaries } from '../../scripts/cluster/temporalServerBinaries';
import { freePort } from '../../scripts/stack/freePort';
import { INHERITED_SETTINGS } from '../../scripts/stack/launch';
import { secondsPolicy } from '../../scripts/stack/secondsPolicy';
import { api, runTokenCommand } from '../../scripts/stack/startStack';
import type { Answer } from '../faults/instance';

export const NAMESPACE = 'cases';
export type InstanceName = 'A' | 'B' | 'C';
export type PartName = `${InstanceName} ${'npm start' | 'API' | 'worker'}`;

const HEALTHY_WITHIN_MS = 300_000;

/** One process of an instance: `npm start`'s launcher, or an API or a worker on its own. */
export class Part {
  proc: ServerProcess | undefined;
  started = 0;

  constructor(
    readonly name: PartName,
    private readonly script: string,
    readonly env: Record<string, string>,
    readonly logFile: string,
    /** Its API's URL, when it serves one. */
    readonly url: string | undefined,
  ) {}

  async start(): Promise<void> {
    const base = { ...process.env };
    for (const name of INHERITED_SETTINGS) delete base[name];
    this.proc = await ServerProcess.start(this.name, process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', this.script)], {
      logFile: this.logFile,
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 40_000,
      env: { ...base, ...this.env },
    });
    this.started = Date.now();
  }

  get running(): boolean {
    return this.proc !== undefined && !this.proc.hasExited;
  }

  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    process.kill(proc.pid, 'SIGKILL');
    await proc.exited;
  }

  /** For an API: GET /api/health 200; for a worker: the line it logs once it polls. */
  async waitReady(timeoutMs = HEALTHY_WITHIN_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.proc?.hasExited) throw new Error(`${this.name} ${this.proc.describeExit()}:\n${this.proc.logTail(30)}`);
      if (this.url) {
        const ok = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
        if (ok) return;
      } else if (/worker polling/.test(this.proc?.logTail(50) ?? '')) {
        return;
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not ready within ${timeoutMs / 1000} s:\n${this.proc?.logTail(30)}`);
      await sleep(250);
    }
  }

  async stop(): Promise<void> {
    await this.proc?.stop();
  }
}

export interface Deployment {
  dir: string;
  postgres: EmbeddedPostgres;
  temporal: TemporalCluster;
  parts: Map<PartName, Part>;
  letterFilesDir: string;
  /** The owner's connection, to check what the APIs answered against what is stored. */
  db: Knex;
  client: BalancedClient;
  /** What `npm run setup-cluster` printed. */
  setupOutput: string;
  /** From the first process started to every API healthy. */
  startedInMs: number;
  stop(): Promise<void>;
}

/** The three APIs behind one balancer: round robin, and a refused connection goes to the next API. */
export class BalancedClient {
  private next = 0;
  /** Requests whose connection an API refused (it was down), sent on to another. */
  failovers = 0;

  constructor(
    private readonly urls: () => string[],
    private readonly token: string,
  ) {}

  async request(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const urls = this.urls();
    const first = this.next++;
    for (let i = 0; i < urls.length; i++) {
      const url = urls[(first + i) % urls.length] as string;
      try {
        return await api(url, this.token)(method, urlPath, body, headers);
      } catch (error) {
        if (refused(error)) {
          this.failovers++;
          continue;
        }
        return { status: 0, body: { error: String(error) } };
      }
    }
    return { status: 0, body: { error: 'every API refused the connection' } };
  }
}

function refused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return cause?.code === 'ECONNREFUSED';
}

async function node(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const base = { ...process.env };
  for (const name of INHERITED_SETTINGS) delete base[name];
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env: { ...base, ...env } });
  return stdout.trim();
}

export async function deploy(log: (line: string) => void): Promise<Deployment> {
  const binaries = requireTemporalServerBinaries();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-suite-'));
  const started = Date.now();
  let postgres: EmbeddedPostgres | undefined;
  let temporal: TemporalCluster | undefined;
  const parts = new Map<PartName, Part>();
  let db: Knex | undefined;
  const stop = async () => {
    await Promise.allSettled([...parts.values()].map((p) => p.stop()));
    await db?.destroy();
    await temporal?.stop();
    await postgres?.stop();
    // The logs are kept for a look afterwards (test-output/ is git-ignored).
    const kept = path.join(REPO_ROOT, 'test-output', 'cluster-suite');
    rmSync(kept, { recursive: true, force: true });
    for (const logs of ['logs', 'temporal']) if (existsSync(path.join(dir, logs))) cpSync(path.join(dir, logs), path.join(kept, logs), { recursive: true, filter: (f) => !f.endsWith('.yaml') });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pgPort = await freePort();
    postgres = await startEmbeddedPostgres({
      dir: path.join(dir, 'postgres'),
      port: pgPort,
      database: 'cases',
      passwordFile: path.join(dir, 'pg-password'),
      appPasswordFile: path.join(dir, 'pg-app-password'),
      logFile: path.join(dir, 'postgres.log'),
      durable: false,
      removeDirWhenOrphaned: dir,
    });
    log(`PostgreSQL: 127.0.0.1:${pgPort}`);
    mkdirSync(path.join(dir, 'temporal'));
    temporal = await startTemporalCluster({ binaries, dir: path.join(dir, 'temporal'), pgAdminUrl: postgres.adminUrl, pgPort, log });

    // What every instance shares (docs/scaling-out.md).
    const shared = path.join(dir, 'shared');
    mkdirSync(shared);
    const signingKey = path.join(shared, 'token-signing-key.json');
    await node('launcher/signingKey.ts', [signingKey], {});
    const payloadKeys = path.join(shared, 'payload-keys');
    writeFileSync(payloadKeys, `k1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const policyFile = path.join(shared, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(secondsPolicy, null, 2));
    const letterFilesDir = path.join(shared, 'letters');
    mkdirSync(letterFilesDir);
    const common = {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      DATABASE_URL: postgres.appUrl,
      DATABASE_MIGRATION_URL: postgres.url,
      PAYLOAD_KEYS_FILE: payloadKeys,
      AUTH_SIGNING_KEY_FILE: signingKey,
      CASE_POLICY_FILE: policyFile,
      LETTER_FILES_DIR: letterFilesDir,
      HOST: '127.0.0.1',
      WORKER_METRICS_PORT: 'off',
      // The suite sends everything with one token on purpose: what it checks is loss and doubling.
      RATE_LIMIT_PER_MINUTE: '1000000',
    };

    const setupOutput = await node('launcher/setupCluster.ts', [], { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: NAMESPACE, NAMESPACE_RETENTION_DAYS: '1' });
    log(`npm run setup-cluster:\n  ${setupOutput.split('\n').join('\n  ')}`);

    const add = async (name: PartName, script: string, withApi: boolean) => {
      const instance = name.split(' ')[0] as string;
      const port = withApi ? String(await freePort()) : '';
      const env: Record<string, string> = { ...common, DATA_DIR: path.join(dir, `instance-${instance}`), ...(port ? { PORT: port } : {}) };
      parts.set(name, new Part(name, script, env, path.join(dir, 'logs', `${name.replace(' ', '-')}.log`), port ? `http://127.0.0.1:${port}` : undefined));
    };
    await add('A npm start', 'main.ts', true);
    for (const instance of ['B', 'C'] as const) {
      await add(`${instance} API`, 'api.ts', true);
      await add(`${instance} worker`, 'worker.ts', false);
    }
    // A migrates the database (under its advisory lock); B and C start once it has.
    const a = parts.get('A npm start') as Part;
    await a.start();
    await a.waitReady();
    const rest = [...parts.values()].filter((p) => p !== a);
    for (const p of rest) await p.start();
    await Promise.all(rest.map((p) => p.waitReady()));
    const startedInMs = Date.now() - started;
    log(`Three instances: ${[...parts.values()].map((p) => `${p.name}${p.url ? ` ${p.url}` : ''}`).join(', ')}`);

    const token = await runTokenCommand(
      { AUTH_SIGNING_KEY_FILE: signingKey, CASE_POLICY_FILE: policyFile },
      { sub: 'cluster-suite', roles: ['caseworker', 'manager'], municipalities: Object.keys(secondsPolicy.municipalities) },
    );
    const apis = [...parts.values()].filter((p) => p.url);
    const client = new BalancedClient(() => apis.map((p) => p.url as string), token);
    db = createDb(postgres.url, { max: 4 });
    return { dir, postgres, temporal, parts, letterFilesDir, db, client, setupOutput, startedInMs, stop };
  } catch (error) {
    const logs = [...parts.values()].map((p) => `--- ${p.name}\n${p.proc?.logTail(20) ?? ''}`).join('\n');
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs}`);
  }
}
