// The settings: defaults as the contract's "Running it" table gives them, and one-line refusals that
// name the variable.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
      policyFile: undefined,
      workerMetricsPort: 9464,
      log: { format: 'pretty', level: 'info' },
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
        CASE_POLICY_FILE: 'policy/luroy.json',
        WORKER_METRICS_PORT: '9500',
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
      policyFile: path.join(cwd, 'policy/luroy.json'),
      workerMetricsPort: 9500,
      log: { format: 'json', level: 'debug' },
    });
  });

  it('treats a blank variable as not set', () => {
    expect(loadSettings({ PORT: '', TEMPORAL_ADDRESS: '  ', DATABASE_URL: '' }, cwd)).toMatchObject({
      port: 3000,
      temporalAddress: undefined,
      databaseUrl: undefined,
    });
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
    [{ TEMPORAL_UI_PORT: '3000' }, 'TEMPORAL_UI_PORT', /port 3000 is also PORT/],
    [{ PG_PORT: '7233' }, 'PG_PORT', /port 7233 is also TEMPORAL_PORT/],
    [{ WORKER_METRICS_PORT: 'on' }, 'WORKER_METRICS_PORT', /"on" is not a port number/],
    [{ WORKER_METRICS_PORT: '3000' }, 'WORKER_METRICS_PORT', /port 3000 is also PORT/],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT', /"xml" is not one of json, pretty/],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', /"verbose" is not one of fatal, error, warn, info, debug/],
  ])('refuses %j, naming %s', (env, variable, problem) => {
    const error = refusal(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toMatch(problem);
  });

  it('never repeats a database password in a refusal', () => {
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
  });

  it('prints a database URL without its password', () => {
    expect(redactDatabaseUrl('postgres://cases:s3cr%40t@db.kommune.no:5432/cases')).toBe('cases@db.kommune.no:5432/cases');
  });
});

describe('the API and the worker on their own (docker-compose.yml)', () => {
  it('need both TEMPORAL_ADDRESS and DATABASE_URL', () => {
    expect(() => requireExternalServices('worker', { DATABASE_URL: 'postgres://u:p@db/cases' })).toThrow(/^TEMPORAL_ADDRESS: must be set/);
    expect(() => requireExternalServices('API', { TEMPORAL_ADDRESS: 'temporal:7233' })).toThrow(/^DATABASE_URL: must be set/);
    expect(requireExternalServices('API', { TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgres://u:p@db/cases' })).toMatchObject({
      temporalAddress: 'temporal:7233',
      databaseUrl: 'postgres://u:p@db/cases',
    });
  });
});
