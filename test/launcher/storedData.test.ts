// What a fresh `npm start` keeps, tried as another program on the same machine would: the API and the
// worker connect to PostgreSQL as a role that cannot change the access log (tilgangslogg); a failed
// statement leaves no national id in PostgreSQL's log; and nothing under DATA_DIR (the database,
// Temporal's SQLite, the logs, the keys) can be read or written by group or others.
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUser } from '../../launcher/postgresUser';
import { runTokenCommand } from '../../scripts/stack/startStack';
import { application, nationalId } from '../api/support/applications';
import { embeddedDatabaseUrl, instanceEnv, launch, removeInstanceDirs, type InstanceEnv, type Launched } from '../../scripts/stack/launch';

const START_MS = 240_000;
const READY = /^Ready: GET \/api\/health answers 200/;
/** Synthetic, with valid check digits: what must never reach a log. */
const NATIONAL_ID = nationalId('170845', '300');

let env: InstanceEnv;
let running: Launched | undefined;

/** As the role the launcher gave the API and the worker, with the password it keeps in DATA_DIR. */
function applicationUrl(): string {
  const password = readFileSync(path.join(env.DATA_DIR, 'pg-app-password'), 'utf8').trim();
  return `postgres://cases_app:${encodeURIComponent(password)}@127.0.0.1:${env.PG_PORT}/cases`;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Every file and folder under `dir` with a permission bit for group or others, as `path mode`. As
 * root where PostgreSQL runs as the "postgres" user (no user namespaces), that user's group may pass
 * through DATA_DIR itself to reach its cluster: 0710, no reading or writing.
 */
function openToOthers(dir: string, passage: boolean): string[] {
  const found: string[] = [];
  const walk = (target: string) => {
    const stat = lstatSync(target);
    if (stat.isSymbolicLink()) return;
    const allowed = passage && target === dir ? 0o010 : 0;
    if (stat.mode & 0o077 & ~allowed) found.push(`${path.relative(env.DATA_DIR, target) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const entry of readdirSync(target)) walk(path.join(target, entry));
  };
  walk(dir);
  return found;
}

beforeAll(async () => {
  env = await instanceEnv();
  // What an earlier version left: a log open to everyone, in folders open to everyone.
  const logs = path.join(env.DATA_DIR, 'logs');
  mkdirSync(logs, { recursive: true });
  writeFileSync(path.join(logs, 'earlier.log'), 'from an earlier version\n');
  chmodSync(env.DATA_DIR, 0o755);
  chmodSync(logs, 0o755);
  chmodSync(path.join(logs, 'earlier.log'), 0o644);
  running = launch(env);
  await running.waitFor(READY, START_MS);
}, START_MS + 30_000);

afterAll(async () => {
  await running?.stop();
  removeInstanceDirs();
}, 120_000);

describe('a fresh npm start', () => {
  it('connects the API and the worker as cases_app, a role that cannot change, empty or unguard the access log', async () => {
    expect(running?.output().stdout).toContain(`cases_app@127.0.0.1:${env.PG_PORT}/cases`);
    // The API works as that role: a registration writes a case and an access-log row.
    const token = await runTokenCommand(env, { sub: 'saksbehandler-1', roles: ['caseworker'], municipalities: ['namsos'] });
    const registered = await fetch(`http://127.0.0.1:${env.PORT}/api/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(application()),
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
    const users = await withClient(embeddedDatabaseUrl(env), async (owner) =>
      (await owner.query<{ usename: string }>(`SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'cases' AND pid <> pg_backend_pid()`)).rows.map((r) => r.usename),
    );
    expect(users).toEqual(['cases_app']);

    const countRows = () => withClient(embeddedDatabaseUrl(env), async (owner) => (await owner.query<{ n: string }>('SELECT count(*) AS n FROM access_log')).rows[0]?.n);
    const rows = await countRows();
    expect(Number(rows)).toBeGreaterThan(0);
    await withClient(applicationUrl(), async (app) => {
      const attempt = async (statements: string[]) => {
        await app.query('BEGIN');
        try {
          for (const sql of statements) await app.query(sql);
        } finally {
          await app.query('ROLLBACK');
        }
      };
      await expect(attempt(['SET LOCAL session_replication_role = replica', 'DELETE FROM access_log'])).rejects.toThrow(/permission denied/);
      await expect(attempt(['DROP TRIGGER access_log_no_change ON access_log'])).rejects.toThrow(/must be owner/);
      await expect(attempt(["UPDATE access_log SET reason = 'endret'"])).rejects.toThrow(/permission denied/);
      await expect(attempt(['DELETE FROM access_log'])).rejects.toThrow(/permission denied/);
      await expect(attempt(['TRUNCATE access_log'])).rejects.toThrow(/permission denied/);
      const me = await app.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
      expect(me.rows[0]?.rolsuper).toBe(false);
    });
    expect(await countRows()).toBe(rows);
  });

  it("leaves no national id in PostgreSQL's log when statements holding one fail", async () => {
    await withClient(applicationUrl(), async (app) => {
      // An input value quoted in the error's own message.
      await expect(app.query('SELECT * FROM cases WHERE id = $1::uuid', [NATIONAL_ID])).rejects.toThrow(/invalid input syntax/);
      // A NUL that text cannot hold, beside the id in the same row.
      await expect(
        app.query(`INSERT INTO access_log (actor, role, municipalities, action, reason) VALUES ($1, 'caseworker', ARRAY['namsos'], 'case.read', $2)`, [
          `fnr-${NATIONAL_ID}`,
          `Søknad fra ${NATIONAL_ID}\u0000`,
        ]),
      ).rejects.toThrow();
      // A NUL in JSON, which PostgreSQL's error context quotes.
      await expect(app.query('SELECT $1::jsonb', [`{"nationalId":"${NATIONAL_ID}","name":"Kari\\u0000"}`])).rejects.toThrow(/Unicode/);
      // A duplicate key, which the error's detail quotes.
      const duplicate = ['namsos', NATIONAL_ID, 'hash', '6f0f6c1e-4a55-4d2f-9b1e-8a3c2f1d0e04'];
      await app.query('INSERT INTO idempotency_keys (municipality, key, request_hash, case_id) VALUES ($1, $2, $3, $4)', duplicate);
      await expect(app.query('INSERT INTO idempotency_keys (municipality, key, request_hash, case_id) VALUES ($1, $2, $3, $4)', duplicate)).rejects.toThrow(/duplicate key/);
    });
    // And through the API, the issue's own example: a name holding a NUL.
    const token = await runTokenCommand(env, { sub: 'saksbehandler-1', roles: ['caseworker'], municipalities: ['namsos'] });
    const withNul = application({ applicant: { nationalId: NATIONAL_ID, name: 'Kari\u0000 Nordmann', address: 'Storgata 1, 7800 Namsos' } });
    await fetch(`http://127.0.0.1:${env.PORT}/api/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(withNul),
    });
    const log = readFileSync(path.join(env.DATA_DIR, 'logs', 'postgres.log'), 'utf8');
    // The right file, written to by the server that refused them.
    expect(log).toMatch(/database system is ready to accept connections/);
    expect(log).not.toContain(NATIONAL_ID);
    expect(log).not.toMatch(/STATEMENT:|DETAIL:|CONTEXT:/);
  });

  it('leaves no file or folder under DATA_DIR that group or others may read or write, before or after it stops', async () => {
    for (const kept of ['temporal.sqlite', 'postgres/PG_VERSION', 'logs/postgres.log', 'logs/temporal.log', 'pg-password', 'pg-app-password', 'payload-keys']) {
      expect(lstatSync(path.join(env.DATA_DIR, kept)).isFile(), kept).toBe(true);
    }
    const passage = (await postgresUser()).mode === 'setuid';
    expect(openToOthers(env.DATA_DIR, passage)).toEqual([]);
    const { code } = (await running?.stop()) ?? { code: null };
    running = undefined;
    expect(code).toBe(0);
    expect(openToOthers(env.DATA_DIR, passage)).toEqual([]);
  });
});
