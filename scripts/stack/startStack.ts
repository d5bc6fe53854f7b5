// The launcher's own embedded stack (Temporal dev server, PostgreSQL, worker, API) as `npm start`
// runs it, started through `launch` (./launch.ts), ready once /api/health answers 200.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parsePayloadKeys, type PayloadKeySet } from '../../codec/keys';
import { loadPolicy } from '../../config/policy';
import { REPO_ROOT } from '../../launcher/binaries';
import { INHERITED_SETTINGS, instanceEnv, launch } from './launch';

export interface Stack {
  apiUrl: string;
  temporalAddress: string;
  uiUrl: string;
  dataDir: string;
  /** The payload key the launcher made in DATA_DIR, for a client that reads what the stack wrote. */
  payloadKeys(): PayloadKeySet;
  /** A token from `npm run token`: a caseworker and manager in every municipality of the stack's policy. */
  token: string;
  /** Another token from `npm run token` (the same command, with these flags). */
  mintToken(flags: { sub: string; roles: string[]; municipalities: string[] }): Promise<string>;
  /** The worker's Temporal SDK metrics (WORKER_METRICS_PORT). */
  workerMetricsUrl: string;
  /** The launcher's process: the worker and the API run in it. */
  pid: number;
  output(): string;
  /** What the launcher wrote so far, stdout and stderr apart. */
  streams(): { stdout: string; stderr: string };
  stop(): Promise<number | null>;
}

/** `npm run token -- …` as a user runs it, against the stack's DATA_DIR (what npm runs, without npm's banner). */
/** `npm run -s token` against a stack's DATA_DIR (its signing key is made on its first start). */
export async function runTokenCommand(env: Record<string, string>, flags: { sub: string; roles: string[]; municipalities: string[] }): Promise<string> {
  const args = ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', 'token.ts'), '--sub', flags.sub];
  for (const role of flags.roles) args.push('--role', role);
  for (const municipality of flags.municipalities) args.push('--municipality', municipality);
  const base = { ...process.env };
  for (const name of INHERITED_SETTINGS) delete base[name];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: REPO_ROOT, env: { ...base, ...env } });
  return stdout.trim();
}

/** `readyWithinMs`: how long the stack may take to answer /api/health (90 s; longer on a busy machine). */
export async function startStack(opts: { policy?: unknown; env?: Record<string, string>; readyWithinMs?: number } = {}): Promise<Stack> {
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
  const readyWithinMs = opts.readyWithinMs ?? 90_000;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (exited) throw new Error(`the launcher exited before it was healthy:\n${output()}`);
    const healthy = await fetch(`${apiUrl}/api/health`).then((res) => res.status === 200, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await launched.stop();
      throw new Error(`the stack did not become healthy in ${readyWithinMs / 1000} s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const municipalities = Object.keys(env.CASE_POLICY_FILE ? loadPolicy(env.CASE_POLICY_FILE).municipalities : loadPolicy().municipalities);
  const tokenEnv = { DATA_DIR: env.DATA_DIR!, ...(env.CASE_POLICY_FILE ? { CASE_POLICY_FILE: env.CASE_POLICY_FILE } : {}) };
  let token: string;
  try {
    token = await runTokenCommand(tokenEnv, { sub: 'e2e-saksbehandler', roles: ['caseworker', 'manager'], municipalities });
  } catch (error) {
    await launched.stop();
    throw error;
  }
  return {
    apiUrl,
    token,
    mintToken: (flags) => runTokenCommand(tokenEnv, flags),
    temporalAddress: `127.0.0.1:${env.TEMPORAL_PORT}`,
    uiUrl: `http://127.0.0.1:${env.TEMPORAL_UI_PORT}`,
    dataDir: env.DATA_DIR!,
    payloadKeys() {
      const file = path.join(env.DATA_DIR!, 'payload-keys');
      return { keys: parsePayloadKeys(readFileSync(file, 'utf8'), file), source: file };
    },
    workerMetricsUrl: `http://127.0.0.1:${env.WORKER_METRICS_PORT}/metrics`,
    pid: launched.pid,
    output,
    streams: () => launched.output(),
    async stop() {
      const { code } = await launched.stop();
      rmSync(ownDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** A small JSON client for the API, sending `token` as a bearer token like any client. */
export function api(baseUrl: string, token: string | null) {
  return async function call<T = any>(method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  };
}
