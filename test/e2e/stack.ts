// Starts the launcher's own embedded stack (Temporal dev server, PostgreSQL, worker, API) as a real
// child process, the way `npm start` does, and stops it with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/ports';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface Stack {
  apiUrl: string;
  temporalAddress: string;
  uiUrl: string;
  dataDir: string;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startStack(opts: { policy?: unknown; env?: Record<string, string> } = {}): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'case-e2e-'));
  const [port, temporalPort, uiPort, pgPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    DATA_DIR: dataDir,
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    PG_PORT: String(pgPort),
    ...opts.env,
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.DATABASE_URL;
  if (opts.policy) {
    const file = path.join(dataDir, 'policy.json');
    writeFileSync(file, JSON.stringify(opts.policy, null, 2));
    env.CASE_POLICY_FILE = file;
  }
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher/main.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const apiUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the launcher exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${apiUrl}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the stack did not become healthy in 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    apiUrl,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** A small JSON client for the API. */
export function api(baseUrl: string) {
  return async function call<T = any>(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  };
}
