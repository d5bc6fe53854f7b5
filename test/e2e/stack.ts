// The launcher's own embedded stack (Temporal dev server, PostgreSQL, worker, API) as `npm start`
// runs it, started through the launcher tests' `launch`, ready once /api/health answers 200.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { instanceEnv, launch } from '../launcher/launch';

export interface Stack {
  apiUrl: string;
  temporalAddress: string;
  uiUrl: string;
  dataDir: string;
  /** The launcher's process: the worker and the API run in it. */
  pid: number;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startStack(opts: { policy?: unknown; env?: Record<string, string> } = {}): Promise<Stack> {
  const env: Record<string, string> = { ...(await instanceEnv()), ...opts.env };
  // instanceEnv makes a fresh directory of its own around DATA_DIR: it goes when the stack stops.
  const ownDir = path.dirname(env.DATA_DIR!);
  if (opts.policy) {
    env.CASE_POLICY_FILE = path.join(ownDir, 'policy.json');
    writeFileSync(env.CASE_POLICY_FILE, JSON.stringify(opts.policy, null, 2));
  }
  const launched = launch(env);
  let exited = false;
  void launched.exited.then(() => (exited = true));
  const output = () => Object.values(launched.output()).join('\n');
  const apiUrl = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`the launcher exited before it was healthy:\n${output()}`);
    const healthy = await fetch(`${apiUrl}/api/health`).then((res) => res.status === 200, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await launched.stop();
      throw new Error(`the stack did not become healthy in 90 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    apiUrl,
    temporalAddress: `127.0.0.1:${env.TEMPORAL_PORT}`,
    uiUrl: `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`,
    dataDir: env.DATA_DIR!,
    pid: launched.pid,
    output,
    async stop() {
      const { code } = await launched.stop();
      rmSync(ownDir, { recursive: true, force: true });
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
