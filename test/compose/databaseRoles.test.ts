// docker-compose.yml's two database roles, on a real PostgreSQL of their own: the cluster's init script
// makes cases_app, the migrate service (launcher/migrate.ts, as the owner) migrates and grants, and
// cases_app can then write the access log but not change it. No Docker needed: the same script and
// the same program, run against the embedded server.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../launcher/postgres';
import { INHERITED_SETTINGS } from '../../scripts/stack/launch';
import { REPO_ROOT } from '../support/binaries';
import { freePort } from '../../scripts/stack/freePort';

// What an operator might choose: quotes and a dollar sign, which no shell or SQL quoting may break.
const APP_PASSWORD = `it's a $ecret "${Date.now()}"`;

let dir: string;
let server: EmbeddedPostgres | undefined;
let owner: URL;

function appUrl(): string {
  const url = new URL(owner);
  url.username = 'cases_app';
  url.password = encodeURIComponent(APP_PASSWORD);
  return url.toString();
}

/** The migrate service: launcher/migrate.ts as the owner, for the application's role `applicationUrl`. */
async function migrate(applicationUrl = appUrl()): Promise<{ stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const name of INHERITED_SETTINGS) delete env[name];
  return promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', 'migrate.ts')], {
    cwd: REPO_ROOT,
    env: { ...env, DATABASE_URL: applicationUrl, DATABASE_MIGRATION_URL: owner.toString() },
  });
}

async function asApplication<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: appUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'compose-roles-'));
  server = await startEmbeddedPostgres({
    dir: path.join(dir, 'postgres'),
    port: await freePort(),
    database: 'cases',
    passwordFile: path.join(dir, 'pg-password'),
    appPasswordFile: path.join(dir, 'pg-app-password'),
    logFile: path.join(dir, 'postgres.log'),
    durable: false,
    removeDirWhenOrphaned: dir,
  });
  owner = new URL(server.url);
  // A cluster as the postgres image makes it: only its superuser, no application role yet.
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('DROP ROLE cases_app');
  await admin.end();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("docker-compose.yml's database roles", () => {
  it('the init script makes cases_app, the owner migrates and grants, and cases_app may add to the access log but not change it', async ({ skip }) => {
    // Without psql the script cannot run: the test shows as skipped, with the reason, never as passed.
    if (spawnSync('psql', ['--version'], { stdio: 'ignore' }).status !== 0) {
      return skip('psql is not installed (scripts/setup.mjs --test installs postgresql-client as root)');
    }
    const init = spawnSync(path.join(REPO_ROOT, 'scripts', 'compose', 'postgres-app-role.sh'), {
      encoding: 'utf8',
      // psql, as the image's entrypoint runs it, reaching this server instead of the container's socket.
      env: {
        ...process.env,
        PGHOST: owner.hostname,
        PGPORT: owner.port,
        PGPASSWORD: decodeURIComponent(owner.password),
        POSTGRES_USER: decodeURIComponent(owner.username),
        POSTGRES_DB: 'cases',
        POSTGRES_APP_PASSWORD: APP_PASSWORD,
      },
    });
    if (init.error) throw new Error(`cannot run the init script: ${init.error.message}`);
    expect(init.status, init.stderr).toBe(0);

    const first = await migrate();
    expect(first.stdout).toMatch(/applied 001_initial/);
    expect(first.stdout).toMatch(/the application's role cases_app has its rights/);
    expect((await migrate()).stdout).toMatch(/already up to date/);

    await asApplication(async (app) => {
      await app.query(`INSERT INTO access_log (actor, role, municipalities, action) VALUES ('saksbehandler-1', 'caseworker', ARRAY['namsos'], 'case.read')`);
      await expect(app.query(`UPDATE access_log SET actor = 'noen-andre'`)).rejects.toThrow(/permission denied/);
      await expect(app.query('TRUNCATE access_log')).rejects.toThrow(/permission denied/);
      await expect(app.query('DROP TRIGGER access_log_no_change ON access_log')).rejects.toThrow(/must be owner/);
      await expect(app.query('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
      expect((await app.query<{ actor: string }>('SELECT actor FROM access_log')).rows).toEqual([{ actor: 'saksbehandler-1' }]);
    });
  });

  it('refuses, naming DATABASE_URL, to grant to a superuser', async () => {
    const admin = new pg.Client({ connectionString: server?.adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE another_admin LOGIN SUPERUSER PASSWORD 'another'`);
    await admin.end();
    const superuserUrl = new URL(owner);
    superuserUrl.username = 'another_admin';
    superuserUrl.password = 'another';
    await expect(migrate(superuserUrl.toString())).rejects.toMatchObject({ stderr: expect.stringMatching(/^Cannot migrate: .*"another_admin" \(DATABASE_URL\) is a superuser/) });
  });
});
