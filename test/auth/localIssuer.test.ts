// The embedded default's own issuer: a signing key made once in DATA_DIR (mode 0600), its JWKS served by
// the API, and `npm run token` printing tokens the API accepts (and refusing what it should).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { authFromSettings } from '../../api/auth/authConfig';
import { ensureLocalSigningKey, LOCAL_AUDIENCE, LOCAL_ISSUER, localSigningKeyFile } from '../../api/auth/localIssuer';
import { createTokenVerifier } from '../../api/auth/verifier';
import { createTemporalClient } from '../../temporal/client';
import { loadPolicy } from '../../config/policy';
import { createDb } from '../../db/knex';
import { listen } from '../api/support/apiStack';
import { client } from '../api/support/http';
import { REPO_ROOT } from '../support/binaries';
import { freePort } from '../../scripts/stack/freePort';
import { INHERITED_SETTINGS } from '../../scripts/stack/launch';
import { testPayloadKeys } from '../support/payloadKeys';

const EMBEDDED = { kind: 'embedded', rolesClaim: 'roles', municipalitiesClaim: 'municipalities' } as const;
let dir: string;
let dataDir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'local-issuer-'));
  dataDir = path.join(dir, 'data');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run token -- …` as a user runs it (node with tsx, as npm runs the script). */
async function tokenCommand(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const name of INHERITED_SETTINGS) delete base[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', 'token.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...base, DATA_DIR: dataDir, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the embedded issuer', () => {
  it('npm run token refuses before the API has made a key, and says what to do', async () => {
    const res = await tokenCommand(['--sub', 'u1', '--role', 'caseworker', '--municipality', 'namsos']);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/no signing key in .*token-signing-key\.json yet: run npm start once with this DATA_DIR/);
  }, 30_000);

  it('makes one signing key in DATA_DIR, readable by its owner only, and keeps it', async () => {
    const first = await ensureLocalSigningKey(dataDir);
    const second = await ensureLocalSigningKey(dataDir);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(statSync(localSigningKeyFile(dataDir)).mode & 0o777).toBe(0o600);
  });

  it('npm run token prints a token the API accepts: sub, roles, municipalities, 8 hours', async () => {
    const res = await tokenCommand(['--sub', 'saksbehandler-42', '--role', 'caseworker', '--role', 'manager', '--municipality', 'namsos', '--municipality', 'luroy']);
    expect(res.code, res.stderr).toBe(0);
    const token = res.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, sub: 'saksbehandler-42' });
    expect(claims.exp! - claims.iat!).toBe(8 * 3600);
    const verify = createTokenVerifier(await authFromSettings(EMBEDDED, dataDir));
    expect(await verify(token)).toEqual({ sub: 'saksbehandler-42', roles: ['caseworker', 'manager'], municipalities: ['namsos', 'luroy'] });
  }, 30_000);

  it.each([
    [['--role', 'caseworker', '--municipality', 'namsos'], /--sub is required/],
    [['--sub', 'u1', '--municipality', 'namsos'], /--role is required/],
    [['--sub', 'u1', '--role', 'admin', '--municipality', 'namsos'], /--role admin is not one of caseworker, manager, auditor/],
    [['--sub', 'u1', '--role', 'caseworker', '--municipality', 'oslo'], /--municipality oslo is not in the policy/],
    [['--sub', 'u1', '--role', 'caseworker', '--municipality', 'namsos', '--hours', '100'], /--hours must be/],
    [['--sub', 'u1', '--role', 'caseworker', '--municipality', 'namsos', '--admin'], /Unknown option '--admin'/],
  ])('npm run token %j is refused: %s', async (args, message) => {
    const res = await tokenCommand(args);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(message);
    expect(res.stderr).toContain('usage: npm run token');
  }, 30_000);

  it('npm run token refuses when AUTH_ISSUER names a real issuer', async () => {
    const res = await tokenCommand(['--sub', 'u1', '--role', 'caseworker', '--municipality', 'namsos'], {
      AUTH_ISSUER: 'https://sso.kommune.no/realms/helse',
      AUTH_AUDIENCE: 'cases',
      AUTH_JWKS_URL: 'https://sso.kommune.no/realms/helse/protocol/openid-connect/certs',
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/tokens come from https:\/\/sso\.kommune\.no\/realms\/helse/);
  }, 30_000);

  it('the API serves its public key at /.well-known/jwks.json and takes the tokens it signs; no token is still 401', async () => {
    const auth = await authFromSettings(EMBEDDED, dataDir);
    // Temporal and the database on closed ports: a request the guard lets through answers 503, one it refuses 401.
    const temporal = createTemporalClient({ address: `127.0.0.1:${await freePort()}`, namespace: 'default', payloadKeys: testPayloadKeys() });
    const db = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
    const http = await listen(createApp({ temporal, db, policy: loadPolicy(), auth, logger: { error: () => undefined, warn: () => undefined } }));
    try {
      const jwks = await client(http.url, null)('GET', '/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      expect(jwks.body.keys).toHaveLength(1);
      expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: expect.any(String) });
      expect(jwks.body.keys[0].d).toBeUndefined();

      const token = (await tokenCommand(['--sub', 'leder-1', '--role', 'manager', '--municipality', 'namsos'])).stdout.trim();
      const withToken = await client(http.url, token)('GET', `/api/cases/${randomUUID()}`);
      expect(withToken.status, withToken.text).toBe(503);
      const without = await client(http.url, null)('GET', `/api/cases/${randomUUID()}`);
      expect(without.status).toBe(401);
    } finally {
      await http.close();
      await temporal.connection.close();
      await db.destroy();
    }
  }, 30_000);
});
