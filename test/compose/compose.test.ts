// docker-compose.yml describes the production-like stack. No Docker engine runs here, so the file is
// checked by Compose itself where a Compose is installed, and by reading it in any case.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CASE_SEARCH_ATTRIBUTES } from '../../temporal/searchAttributes';
import { LOG_SETTINGS } from '../../launcher/postgres';
import { REPO_ROOT } from '../support/binaries';

interface Service {
  build?: string | { context: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
}

const composeFile = path.join(REPO_ROOT, 'docker-compose.yml');
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** Temporal's services, each a container of its own, and what each runs. */
const TEMPORAL_SERVICES = [
  ['temporal-frontend', 'frontend'],
  ['temporal-internal-frontend', 'internal-frontend'],
  ['temporal-history', 'history'],
  ['temporal-matching', 'matching'],
  ['temporal-worker', 'worker'],
] as const;

/** A value as Compose reads it with no variable set: `${NAME:-default}` and `${NAME-default}` give the default. */
function unset(value: string | undefined): string | undefined {
  return value?.replace(/\$\{[A-Z0-9_]+:?-([^}]*)\}/g, '$1');
}

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The Compose this machine has: the docker CLI plugin, else the standalone docker-compose, else none. */
function composeCommand(): { command: string; args: string[] } | { missing: string } {
  const plugin = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore', timeout: 20_000 });
  if (plugin.status === 0) return { command: 'docker', args: ['compose'] };
  const standalone = spawnSync('docker-compose', ['version'], { stdio: 'ignore', timeout: 20_000 });
  if (standalone.status === 0) return { command: 'docker-compose', args: [] };
  return { missing: 'neither `docker compose` nor `docker-compose` is installed (scripts/setup.mjs --test installs docker-compose as root)' };
}

describe('docker-compose.yml', () => {
  it('is valid for Compose itself', ({ skip }) => {
    const found = composeCommand();
    // Without a Compose nothing was checked: the test shows as skipped, with the reason, never as passed.
    if ('missing' in found) return skip(`cannot run \`config -q\`: ${found.missing}; only the file's own structure is checked`);
    const result = spawnSync(found.command, [...found.args, '-f', composeFile, 'config', '-q'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, POSTGRES_PASSWORD: 'compose-test' },
      timeout: 60_000,
    });
    expect(result.status, `${found.command} ${found.args.join(' ')} config -q:\n${result.stderr}`).toBe(0);
  });

  it('has PostgreSQL, the Temporal server as its services on it, its Web UI, the API and the worker', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', ...TEMPORAL_SERVICES.map(([name]) => name), 'temporal-ui', 'api', 'worker', 'migrate', 'temporal-setup', 'balancer']),
    );
    for (const [name, runs] of TEMPORAL_SERVICES) {
      expect(service(name).environment, name).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres', SERVICES: runs });
    }
    expect(service('temporal-ui').environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal-frontend:7233', TEMPORAL_DISABLE_WRITE_ACTIONS: 'true' });
  });

  it("runs Temporal on its own role, which owns its two databases and is no superuser", () => {
    for (const [name] of TEMPORAL_SERVICES) expect(service(name).environment?.POSTGRES_USER, name).toBe('temporal');
    expect(service('temporal-schema').environment?.POSTGRES_USER).toBe('temporal');
    const init = service('postgres').volumes?.find((v) => v.includes('temporal-role')) ?? '';
    const script = readFileSync(path.join(REPO_ROOT, init.split(':')[0] ?? ''), 'utf8');
    expect(script).toMatch(/CREATE ROLE temporal LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE /);
    expect(script).toContain('CREATE DATABASE temporal OWNER temporal;');
    expect(script).toContain('CREATE DATABASE temporal_visibility OWNER temporal;');
    expect(script).toContain('REVOKE CONNECT ON DATABASE cases FROM PUBLIC;');
  });

  it("puts Temporal's JWT authorizer on the frontend, trusting the API's JWKS, and gives the API and the worker a token of the shared key", () => {
    const frontend = service('temporal-frontend').environment ?? {};
    expect(frontend).toMatchObject({ TEMPORAL_AUTH_AUTHORIZER: 'default', TEMPORAL_AUTH_CLAIM_MAPPER: 'default', TEMPORAL_JWT_PERMISSIONS_CLAIM: 'permissions', USE_INTERNAL_FRONTEND: 'true' });
    expect(unset(frontend.TEMPORAL_JWT_KEY_SOURCE1)).toBe('http://api:3000/.well-known/jwks.json');
    // Only the setup and Temporal's own worker service use the internal frontend, and nothing publishes it.
    expect(service('temporal-setup').environment?.TEMPORAL_ADDRESS).toBe('temporal-internal-frontend:7236');
    expect(service('temporal-internal-frontend').ports ?? []).toEqual([]);
    for (const name of ['api', 'worker']) {
      const env = service(name).environment ?? {};
      expect(unset(env.AUTH_SIGNING_KEY_FILE), name).toBe('/auth/signing-key.json');
      expect(unset(env.TEMPORAL_TOKEN_PERMISSIONS), name).toBe('default:write');
      expect(service(name).volumes, name).toContain('auth:/auth:ro');
      expect(Object.keys(service(name).depends_on ?? {}), name).toContain('signing-key');
    }
    expect(service('signing-key').command?.join(' ')).toContain('launcher/signingKey.ts /auth/signing-key.json');
  });

  it('scales the API behind one port: the balancer publishes it and finds every replica by name', () => {
    expect(service('api').ports ?? []).toEqual([]);
    expect(service('balancer').ports).toEqual(['3000:3000']);
    const conf = readFileSync(path.join(REPO_ROOT, 'scripts', 'compose', 'balancer.conf'), 'utf8');
    expect(conf).toMatch(/server api:3000 resolve;/);
    expect(conf).toMatch(/resolver 127\.0\.0\.11/);
    expect(service('api').environment?.TRUST_PROXY).toBe('1');
  });

  it('builds the API and the worker from the project Dockerfile and runs the launcher entry points', () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/npm ci/);
    for (const [name, entry] of [
      ['api', 'launcher/api.ts'],
      ['worker', 'launcher/worker.ts'],
      ['migrate', 'launcher/migrate.ts'],
    ] as const) {
      const s = service(name);
      expect(s.build, name).toBe('.');
      expect(s.command, name).toContain(entry);
      expect(existsSync(path.join(REPO_ROOT, entry)), entry).toBe(true);
      expect(s.environment?.TEMPORAL_ADDRESS, name).toBe('temporal-frontend:7233');
      expect(new URL(s.environment?.DATABASE_URL ?? '').hostname, name).toBe('postgres');
      // 127.0.0.1 (the default) inside a container would be unreachable from the other services.
      expect(s.environment?.HOST, name).toBe('0.0.0.0');
    }
    expect(dockerfile).toMatch(/^ENV HOST=0\.0\.0\.0$/m);
  });

  it('migrates as the owner and runs the API and the worker as cases_app, a role the cluster makes on its first start', () => {
    const role = (url: string | undefined) => new URL(url ?? '').username;
    const owner = service('postgres').environment?.POSTGRES_USER;
    expect(owner).toBe('cases');
    for (const name of ['api', 'worker']) {
      expect(role(service(name).environment?.DATABASE_URL), name).toBe('cases_app');
      expect(service(name).environment, name).not.toHaveProperty('DATABASE_MIGRATION_URL');
    }
    expect(role(service('migrate').environment?.DATABASE_URL)).toBe('cases_app');
    expect(role(service('migrate').environment?.DATABASE_MIGRATION_URL)).toBe(owner);
    const init = service('postgres').volumes?.find((v) => v.includes('/docker-entrypoint-initdb.d/')) ?? '';
    const script = readFileSync(path.join(REPO_ROOT, init.split(':')[0] ?? ''), 'utf8');
    expect(script).toMatch(/CREATE ROLE cases_app LOGIN NOSUPERUSER /);
    expect(script).toContain(':\'app_password\'');
    expect(service('postgres').environment).toHaveProperty('POSTGRES_APP_PASSWORD');
  });

  it("starts PostgreSQL with the embedded one's log settings: no statement, no client error", () => {
    const command = service('postgres').command ?? [];
    const settings = command.filter((_, i) => command[i - 1] === '-c');
    expect(command[0]).toBe('postgres');
    expect(settings).toEqual(LOG_SETTINGS);
  });

  it('registers every search attribute the case workflow sets, with its type', () => {
    const setup = service('temporal-setup');
    expect(setup.command?.join(' ')).toContain('/setup/temporal-setup.sh');
    const script = readFileSync(path.join(REPO_ROOT, 'scripts', 'compose', 'temporal-setup.sh'), 'utf8');
    for (const { name, type } of CASE_SEARCH_ATTRIBUTES) {
      expect(script).toMatch(new RegExp(`--name ${name} --type ${type}\\b`));
    }
  });

  it('refers only to services, files and folders that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const dependency of Object.keys(s.depends_on ?? {})) expect(services, `${name} depends on ${dependency}`).toHaveProperty([dependency]);
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('./')) expect(existsSync(path.join(REPO_ROOT, source)), `${name}: ${source}`).toBe(true);
      }
    }
  });
});
