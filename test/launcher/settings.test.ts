// The settings: defaults as the contract's "Running it" table gives them, and one-line refusals that
// name the variable.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPayloadKeyEntry } from '../../codec/keys';
import { DEFAULTS, loadSettings, portsToBind, redactDatabaseUrl, SettingsError } from '../../config/settings';
import { requireExternalServices } from '../../launcher/external';

const cwd = '/srv/cases';

function refusal(env: Record<string, string>): SettingsError {
  try {
    loadSettings(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).not.toContain('\n');
    return error as SettingsError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadSettings', () => {
  it('has the documented defaults, embedding Temporal and PostgreSQL', () => {
    expect(loadSettings({}, cwd)).toEqual({
      port: 3000,
      dataDir: path.join(cwd, 'data'),
      temporalAddress: undefined,
      temporalNamespace: 'default',
      temporalPort: 7233,
      temporalUiPort: 8233,
      pgPort: DEFAULTS.pgPort,
      databaseUrl: undefined,
      databaseMigrationUrl: undefined,
      policyFile: undefined,
      payloadKeys: undefined,
      payloadClearBefore: undefined,
      codecCorsOrigins: ['http://localhost:8233', 'http://127.0.0.1:8233'],
      auth: { kind: 'embedded', rolesClaim: 'roles', municipalitiesClaim: 'municipalities' },
      workerMetricsPort: 9464,
      workerCachedWorkflows: 1000,
      log: { format: 'pretty', level: 'info' },
      host: '127.0.0.1',
      temporalConnection: {},
      letterFilesDir: undefined,
      acceptPolicyChange: false,
      http: { rateLimitPerMinute: 1200, trustProxy: false },
    });
    expect(DEFAULTS.pgPort).toBe(54329);
  });

  it('reads every variable, resolving paths against the working directory', () => {
    const settings = loadSettings(
      {
        PORT: '3100',
        DATA_DIR: 'instance-b',
        TEMPORAL_ADDRESS: 'temporal.kommune.no:7233',
        TEMPORAL_NAMESPACE: 'cases-prod',
        TEMPORAL_PORT: '7300',
        TEMPORAL_UI_PORT: '8300',
        PG_PORT: '54400',
        DATABASE_URL: 'postgres://cases:secret@db.kommune.no:5432/cases',
        DATABASE_MIGRATION_URL: 'postgres://cases_owner:secret2@db.kommune.no:5432/cases',
        CASE_POLICY_FILE: 'policy/luroy.json',
        CODEC_CORS_ORIGINS: 'https://temporal-ui.kommune.no, http://localhost:8300',
        WORKER_METRICS_PORT: '9500',
        WORKER_CACHED_WORKFLOWS: '250',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
      },
      cwd,
    );
    expect(settings).toEqual({
      port: 3100,
      dataDir: path.join(cwd, 'instance-b'),
      temporalAddress: 'temporal.kommune.no:7233',
      temporalNamespace: 'cases-prod',
      temporalPort: 7300,
      temporalUiPort: 8300,
      pgPort: 54400,
      databaseUrl: 'postgres://cases:secret@db.kommune.no:5432/cases',
      databaseMigrationUrl: 'postgres://cases_owner:secret2@db.kommune.no:5432/cases',
      policyFile: path.join(cwd, 'policy/luroy.json'),
      payloadKeys: undefined,
      payloadClearBefore: undefined,
      codecCorsOrigins: ['https://temporal-ui.kommune.no', 'http://localhost:8300'],
      auth: { kind: 'embedded', rolesClaim: 'roles', municipalitiesClaim: 'municipalities' },
      workerMetricsPort: 9500,
      workerCachedWorkflows: 250,
      log: { format: 'json', level: 'debug' },
      host: '127.0.0.1',
      temporalConnection: {},
      letterFilesDir: undefined,
      acceptPolicyChange: false,
      http: { rateLimitPerMinute: 1200, trustProxy: false },
    });
  });

  it('reads the payload keys from PAYLOAD_KEYS or the file PAYLOAD_KEYS_FILE names, the first to encrypt', () => {
    const k2 = newPayloadKeyEntry('k2');
    const k1 = newPayloadKeyEntry('k1');
    const inline = loadSettings({ PAYLOAD_KEYS: `${k2},${k1}` }, cwd).payloadKeys;
    expect(inline?.source).toBe('PAYLOAD_KEYS');
    expect(inline?.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(inline?.keys[0].key.toString('base64')).toBe(k2.slice(3));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'payload-keys-'));
    try {
      writeFileSync(path.join(dir, 'keys'), `# rotated in December\n${k2}\n${k1}\n`);
      const fromFile = loadSettings({ PAYLOAD_KEYS_FILE: 'keys' }, dir).payloadKeys;
      expect(fromFile?.source).toBe(`PAYLOAD_KEYS_FILE (${path.join(dir, 'keys')})`);
      expect(fromFile?.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
      writeFileSync(path.join(dir, 'short'), 'k1:c2hvcnQ=\n');
      expect(() => loadSettings({ PAYLOAD_KEYS_FILE: 'short' }, dir)).toThrow(
        new RegExp(`^PAYLOAD_KEYS_FILE \\(${path.join(dir, 'short').replace(/[/.-]/g, '\\$&')}\\): the key k1 is 5 bytes, not 32`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('treats a blank variable as not set', () => {
    expect(loadSettings({ PORT: '', TEMPORAL_ADDRESS: '  ', DATABASE_URL: '' }, cwd)).toMatchObject({
      port: 3000,
      temporalAddress: undefined,
      databaseUrl: undefined,
    });
  });

  it('reads PAYLOAD_CLEAR_BEFORE as an instant with its offset, and leaves it unset by default', () => {
    expect(loadSettings({ PAYLOAD_CLEAR_BEFORE: '2026-03-01T01:00:00+01:00' }, cwd).payloadClearBefore?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(loadSettings({}, cwd).payloadClearBefore).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', /"abc" is not a port number/],
    [{ PORT: '70000' }, 'PORT', /70000 is not a port number/],
    [{ TEMPORAL_PORT: '-1' }, 'TEMPORAL_PORT', /not a port number/],
    [{ TEMPORAL_UI_PORT: '8233.5' }, 'TEMPORAL_UI_PORT', /not a port number/],
    [{ PG_PORT: '0' }, 'PG_PORT', /not a port number/],
    [{ TEMPORAL_ADDRESS: 'localhost' }, 'TEMPORAL_ADDRESS', /not host:port/],
    [{ TEMPORAL_NAMESPACE: 'has space' }, 'TEMPORAL_NAMESPACE', /not a namespace name/],
    [{ DATABASE_URL: 'mysql://u:p@h/db' }, 'DATABASE_URL', /must start with postgres:\/\//],
    [{ DATABASE_URL: 'postgres://u:p@h:5432' }, 'DATABASE_URL', /names no database/],
    [{ DATABASE_MIGRATION_URL: 'postgres://owner:p@db/cases' }, 'DATABASE_MIGRATION_URL', /is set without DATABASE_URL/],
    [
      { DATABASE_URL: 'postgres://app:p@db/cases', DATABASE_MIGRATION_URL: 'postgres://owner:p@db/other' },
      'DATABASE_MIGRATION_URL',
      /names db:5432\/other, DATABASE_URL db:5432\/cases: both must name the same database/,
    ],
    [{ DATABASE_URL: 'postgres://app:p@db/cases', DATABASE_MIGRATION_URL: 'mysql://owner:p@db/cases' }, 'DATABASE_MIGRATION_URL', /must start with postgres:\/\//],
    [{ TEMPORAL_UI_PORT: '3000' }, 'TEMPORAL_UI_PORT', /port 3000 is also PORT/],
    [{ PG_PORT: '7233' }, 'PG_PORT', /port 7233 is also TEMPORAL_PORT/],
    [{ PAYLOAD_KEYS: 'k1:c2hvcnQ=' }, 'PAYLOAD_KEYS', /the key k1 is 5 bytes, not 32/],
    [{ PAYLOAD_KEYS: 'aGVtbWVsaWc=' }, 'PAYLOAD_KEYS', /entry 1 has no "id:"/],
    [{ PAYLOAD_KEYS: newPayloadKeyEntry('k1'), PAYLOAD_KEYS_FILE: 'keys' }, 'PAYLOAD_KEYS', /and PAYLOAD_KEYS_FILE are both set/],
    [{ PAYLOAD_KEYS_FILE: 'no-such-file' }, 'PAYLOAD_KEYS_FILE', /\/srv\/cases\/no-such-file cannot be read \(ENOENT\)/],
    [{ CODEC_CORS_ORIGINS: 'http://localhost:8233/' }, 'CODEC_CORS_ORIGINS', /"http:\/\/localhost:8233\/" is not an origin/],
    [{ CODEC_CORS_ORIGINS: '*' }, 'CODEC_CORS_ORIGINS', /"\*" is not an origin/],
    [{ WORKER_METRICS_PORT: 'on' }, 'WORKER_METRICS_PORT', /"on" is not a port number/],
    [{ WORKER_METRICS_PORT: '3000' }, 'WORKER_METRICS_PORT', /port 3000 is also PORT/],
    [{ WORKER_CACHED_WORKFLOWS: '1' }, 'WORKER_CACHED_WORKFLOWS', /"1" is not a whole number of case runs to keep in memory \(at least 2/],
    [{ WORKER_CACHED_WORKFLOWS: 'unbounded' }, 'WORKER_CACHED_WORKFLOWS', /"unbounded" is not a whole number/],
    [{ PAYLOAD_CLEAR_BEFORE: '2026-03-01' }, 'PAYLOAD_CLEAR_BEFORE', /"2026-03-01" is not an instant with its offset/],
    [{ PAYLOAD_CLEAR_BEFORE: '2026-02-30T00:00:00Z' }, 'PAYLOAD_CLEAR_BEFORE', /is not an instant/],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT', /"xml" is not one of json, pretty/],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', /"verbose" is not one of fatal, error, warn, info, debug/],
  ])('refuses %j, naming %s', (env, variable, problem) => {
    const error = refusal(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toMatch(problem);
  });

  it("migrates as DATABASE_MIGRATION_URL's role, else as DATABASE_URL's", () => {
    const app = 'postgres://cases_app:a@db.kommune.no:5432/cases';
    const owner = 'postgres://cases_owner:o@db.kommune.no/cases';
    expect(loadSettings({ DATABASE_URL: app, DATABASE_MIGRATION_URL: owner }, cwd)).toMatchObject({ databaseUrl: app, databaseMigrationUrl: owner });
    expect(loadSettings({ DATABASE_URL: app }, cwd)).toMatchObject({ databaseUrl: app, databaseMigrationUrl: app });
    expect(loadSettings({}, cwd)).toMatchObject({ databaseUrl: undefined, databaseMigrationUrl: undefined });
  });

  it('never repeats a database password in a refusal', () => {
    expect(refusal({ DATABASE_URL: 'postgres://app:p@db/cases', DATABASE_MIGRATION_URL: 'postgres//owner:hunter2@db/cases' }).message).not.toContain('hunter2');
    expect(refusal({ DATABASE_URL: 'postgres//user:hunter2@host/db' }).message).not.toContain('hunter2');
  });

  it('lets the ports of services it does not start overlap, and checks only the ports it binds', () => {
    const settings = loadSettings({ TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgres://u:p@db/cases', TEMPORAL_PORT: '3000' }, cwd);
    expect(portsToBind(settings)).toEqual([
      { variable: 'PORT', port: 3000 },
      { variable: 'WORKER_METRICS_PORT', port: 9464 },
    ]);
    expect(portsToBind(loadSettings({}, cwd)).map((p) => p.variable)).toEqual(['PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'PG_PORT', 'WORKER_METRICS_PORT']);
    expect(portsToBind(loadSettings({ WORKER_METRICS_PORT: 'off' }, cwd)).map((p) => p.variable)).not.toContain('WORKER_METRICS_PORT');
    // A second instance that sets only its own PORT gets its own worker metrics port too.
    expect(loadSettings({ PORT: '3100', TEMPORAL_PORT: '7300', TEMPORAL_UI_PORT: '8300', PG_PORT: '54400' }, cwd).workerMetricsPort).toBe(9564);
    expect(loadSettings({ PORT: '65000' }, cwd).workerMetricsPort).toBe(9464);
  });

  it('prints a database URL without its password', () => {
    expect(redactDatabaseUrl('postgres://cases:s3cr%40t@db.kommune.no:5432/cases')).toBe('cases@db.kommune.no:5432/cases');
  });
});

describe('the API and the worker on their own (docker-compose.yml)', () => {
  it('need TEMPORAL_ADDRESS, DATABASE_URL and the payload keys', () => {
    const PAYLOAD_KEYS = newPayloadKeyEntry('k1');
    expect(() => requireExternalServices('worker', { DATABASE_URL: 'postgres://u:p@db/cases', PAYLOAD_KEYS })).toThrow(/^TEMPORAL_ADDRESS: must be set/);
    expect(() => requireExternalServices('API', { TEMPORAL_ADDRESS: 'temporal:7233', PAYLOAD_KEYS })).toThrow(/^DATABASE_URL: must be set/);
    expect(() => requireExternalServices('API', { TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgres://u:p@db/cases' })).toThrow(
      /^PAYLOAD_KEYS: \(or PAYLOAD_KEYS_FILE\) must be set: the API alone makes no payload key/,
    );
    expect(requireExternalServices('API', { TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgres://u:p@db/cases', PAYLOAD_KEYS })).toMatchObject({
      temporalAddress: 'temporal:7233',
      databaseUrl: 'postgres://u:p@db/cases',
    });
  });
});

describe("TEMPORAL_TOKEN_PERMISSIONS: the token this process shows Temporal's JWT authorizer", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'token-permissions-'));
  const keyFile = path.join(dir, 'signing-key.json');
  writeFileSync(keyFile, '{}');

  it('is made from the shared signing key, with the permissions given', () => {
    const settings = loadSettings({ AUTH_SIGNING_KEY_FILE: keyFile, TEMPORAL_TOKEN_PERMISSIONS: 'cases:write, cases:read' }, cwd);
    expect(settings.temporalConnection.serviceToken).toEqual({ permissions: ['cases:write', 'cases:read'], signingKeyFile: keyFile });
    expect(loadSettings({}, cwd).temporalConnection.serviceToken).toBeUndefined();
  });

  it('refuses a permission that is not <namespace>:<role> of the claim mapper, naming it', () => {
    const error = refusal({ AUTH_SIGNING_KEY_FILE: keyFile, TEMPORAL_TOKEN_PERMISSIONS: 'cases:write,cases:owner' });
    expect(error.variable).toBe('TEMPORAL_TOKEN_PERMISSIONS');
    expect(error.message).toContain('"cases:owner" is not <namespace>:<role>');
  });

  it('refuses it without the shared key, or beside a token given as TEMPORAL_API_KEY', () => {
    expect(refusal({ TEMPORAL_TOKEN_PERMISSIONS: 'cases:write' }).message).toContain('needs AUTH_SIGNING_KEY_FILE');
    expect(refusal({ AUTH_SIGNING_KEY_FILE: keyFile, TEMPORAL_TOKEN_PERMISSIONS: 'cases:write', TEMPORAL_API_KEY: 'given' }).message).toContain('TEMPORAL_API_KEY are both set');
  });
});
