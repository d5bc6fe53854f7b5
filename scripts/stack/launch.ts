// Runs the launcher as `npm start` does (a real process, tsx loaded into node), on its own ports and DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { descendants, isRunning } from '../../launcher/childProcess';
import { REPO_ROOT } from '../../launcher/binaries';
import { freePort } from './freePort';

export interface InstanceEnv {
  PORT: string;
  DATA_DIR: string;
  TEMPORAL_PORT: string;
  TEMPORAL_UI_PORT: string;
  PG_PORT: string;
  WORKER_METRICS_PORT: string;
  [name: string]: string;
}

const instanceDirs: string[] = [];

/** Removes every directory `instanceEnv` made in this test file: call it from `afterAll`. */
export function removeInstanceDirs(): void {
  for (const dir of instanceDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Free ports and a fresh DATA_DIR, in a private (0700) folder as a home folder would be. */
export async function instanceEnv(): Promise<InstanceEnv> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'launcher-test-'));
  instanceDirs.push(dir);
  const ports = new Set<number>();
  while (ports.size < 5) ports.add(await freePort());
  const [port, temporal, ui, pg, workerMetrics] = [...ports].map(String) as [string, string, string, string, string];
  return { PORT: port, DATA_DIR: path.join(dir, 'data'), TEMPORAL_PORT: temporal, TEMPORAL_UI_PORT: ui, PG_PORT: pg, WORKER_METRICS_PORT: workerMetrics };
}

export interface Launched {
  process: ChildProcess;
  pid: number;
  output(): { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a line of stdout matching `pattern`; fails early if the launcher exits. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** The launcher and every process below it, now. */
  processTree(): number[];
  /** SIGTERM, then the exit (within `timeoutMs`). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export const INHERITED_SETTINGS = [
  'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'DATABASE_URL', 'DATABASE_MIGRATION_URL', 'CASE_POLICY_FILE', 'PORT', 'DATA_DIR', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'PG_PORT',
  'PAYLOAD_KEYS', 'PAYLOAD_KEYS_FILE', 'CODEC_CORS_ORIGINS', 'RATE_LIMIT_PER_MINUTE', 'TRUST_PROXY', 'SMTP_REQUIRE_TLS',
  'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'AUTH_ROLES_CLAIM', 'AUTH_MUNICIPALITIES_CLAIM',
  'WORKER_METRICS_PORT', 'WORKER_CACHED_WORKFLOWS', 'LOG_FORMAT', 'LOG_LEVEL',
  // Several instances' settings (docs/scaling-out.md), and Temporal's own client configuration.
  'HOST', 'AUTH_SIGNING_KEY_FILE', 'LETTER_FILES_DIR', 'POLICY_CHANGE',
  'TEMPORAL_CONFIG_FILE', 'TEMPORAL_PROFILE', 'TEMPORAL_API_KEY', 'TEMPORAL_TLS',
];

/** Runs the launcher of the project at `root` (default: this one; a copy elsewhere, to try another folder). */
export function launch(env: Record<string, string>, root = REPO_ROOT): Launched {
  const base = { ...process.env };
  for (const name of INHERITED_SETTINGS) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'launcher', 'main.ts')], {
    cwd: root,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => (done = true));
  const pid = child.pid ?? -1;

  return {
    process: child,
    pid,
    output: () => ({ stdout, stderr }),
    exited,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = stdout.split('\n').find((l) => pattern.test(l));
        if (line !== undefined) return line;
        if (done) throw new Error(`launcher exited before printing ${pattern}:\n${stdout}\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`launcher did not print ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        await sleep(100);
      }
    },
    processTree: () => [pid, ...descendants(pid)],
    async stop(timeoutMs = 60_000) {
      child.kill('SIGTERM');
      const timeout = sleep(timeoutMs).then(() => {
        child.kill('SIGKILL');
        throw new Error(`launcher did not exit within ${timeoutMs} ms of SIGTERM:\n${stdout}\n${stderr}`);
      });
      return Promise.race([exited, timeout]);
    },
  };
}

/** The processes among `pids` still running after a short grace period. */
export async function survivors(pids: number[], graceMs = 5_000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  while (pids.some(isRunning) && Date.now() < deadline) await sleep(100);
  return pids.filter(isRunning);
}

/** Processes whose command line mentions `text` (a DATA_DIR, a port). */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').includes(text) && isRunning(Number(entry))) {
        found.push(Number(entry));
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The embedded database's URL, built from what the launcher keeps in DATA_DIR. */
export function embeddedDatabaseUrl(env: InstanceEnv): string {
  const password = readFileSync(path.join(env.DATA_DIR, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.PG_PORT}/cases`;
}
