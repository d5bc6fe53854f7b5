// Several API instances of one deployment share the embedded issuer's key (AUTH_SIGNING_KEY_FILE): a
// token from one is taken by every other. Without it each instance makes its own key in its DATA_DIR,
// and a token from one is 401 on the next (the friction this setting removes).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authFromSettings } from '../../api/auth/authConfig';
import { localSigningKeyFile } from '../../api/auth/localIssuer';
import { startApi, type RunningApi } from '../../api/server';
import { loadSettings } from '../../config/settings';
import { rootLogger } from '../../observability/logger';
import { client } from '../api/support/http';
import { REPO_ROOT } from '../support/binaries';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testPayloadKeys } from '../support/payloadKeys';
import { INHERITED_SETTINGS } from '../../scripts/stack/launch';

let dir: string;
let database: TestDatabase;
const running: RunningApi[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shared-signing-key-'));
  database = await createTestDatabase();
});

afterAll(async () => {
  await Promise.allSettled(running.map((api) => api.close()));
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** One of the project's commands, as npm runs it (node with tsx). */
async function command(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const name of [...INHERITED_SETTINGS, 'AUTH_SIGNING_KEY_FILE']) delete base[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', script), ...args], { cwd: REPO_ROOT, env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** An API instance as launcher/api.ts starts one, from these settings, on its own DATA_DIR. */
async function instance(name: string, env: Record<string, string> = {}): Promise<{ url: string; dataDir: string }> {
  const dataDir = path.join(dir, name);
  const settings = loadSettings({ DATA_DIR: dataDir, DATABASE_URL: database.url, TEMPORAL_ADDRESS: inject('temporalAddress'), ...env }, REPO_ROOT);
  const api = await startApi({
    port: 0,
    host: settings.host,
    temporalAddress: settings.temporalAddress!,
    namespace: settings.temporalNamespace,
    databaseUrl: settings.databaseUrl!,
    payloadKeys: testPayloadKeys(),
    auth: await authFromSettings(settings.auth, settings.dataDir),
    log: rootLogger().child({ component: 'api', test: name }),
  });
  running.push(api);
  return { url: api.url, dataDir };
}

async function tokenFor(env: Record<string, string>): Promise<string> {
  const res = await command('token.ts', ['--sub', 'leder-7', '--role', 'manager', '--municipality', 'namsos'], env);
  expect(res.code, res.stderr).toBe(0);
  return res.stdout.trim();
}

describe('AUTH_SIGNING_KEY_FILE', () => {
  it('npm run signing-key makes the file once (mode 0600) and never replaces it', async () => {
    const file = path.join(dir, 'secrets', 'signing-key.json');
    const made = await command('signingKey.ts', [file], {});
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`AUTH_SIGNING_KEY_FILE=${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8');
    const again = await command('signingKey.ts', [file], {});
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(`${file} exists already; it is kept`);
    expect(readFileSync(file, 'utf8')).toBe(key);
  }, 60_000);

  it('two instances given the same file take each other\'s tokens, and neither makes a key of its own', async () => {
    const file = path.join(dir, 'secrets', 'signing-key.json');
    if (!existsSync(file)) expect((await command('signingKey.ts', [file], {})).code).toBe(0);
    const a = await instance('a', { AUTH_SIGNING_KEY_FILE: file });
    const b = await instance('b', { AUTH_SIGNING_KEY_FILE: file });
    // `npm run token` on an operator's machine, with the same file and no DATA_DIR key at all.
    const token = await tokenFor({ AUTH_SIGNING_KEY_FILE: file, DATA_DIR: path.join(dir, 'operator') });
    for (const api of [a, b]) {
      const res = await client(api.url, token)('GET', '/api/cases?municipality=namsos');
      expect(res.status, res.text).toBe(200);
      expect(existsSync(localSigningKeyFile(api.dataDir))).toBe(false);
    }
    const jwksA = await client(a.url, null)('GET', '/.well-known/jwks.json');
    const jwksB = await client(b.url, null)('GET', '/.well-known/jwks.json');
    expect(jwksA.body).toEqual(jwksB.body);
  }, 60_000);

  it('without it, each instance signs with a key of its own: a token from one is 401 on the other', async () => {
    const a = await instance('alone-a');
    const b = await instance('alone-b');
    const token = await tokenFor({ DATA_DIR: a.dataDir });
    expect((await client(a.url, token)('GET', '/api/cases?municipality=namsos')).status).toBe(200);
    expect((await client(b.url, token)('GET', '/api/cases?municipality=namsos')).status).toBe(401);
  }, 60_000);
});
