// The application's database role, tried as an attacker holding its password would (`psql` as
// DATABASE_URL): the access log (tilgangslogg) and the case records cannot be changed, emptied, or
// freed of their triggers. The owner, as whom the application used to connect, could do all of it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_PRIVILEGES, grantApplicationRole, roleOf } from '../../db/applicationRole';
import { REPO_ROOT } from '../support/binaries';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let app: Knex;
const reason = `lest-${randomUUID()}`;

/** The access log as the owner sees it: what must not change. */
async function accessLog(): Promise<unknown[]> {
  return database.owner('access_log').orderBy('id').select('*');
}

/** Runs `statements` in one transaction as `db`; rolled back whatever happens. */
async function inTransaction(db: Knex, statements: string[], check?: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  const trx = await db.transaction();
  try {
    for (const sql of statements) await trx.raw(sql);
    await check?.(trx);
  } finally {
    await trx.rollback();
  }
}

/** What the application's queries need, table by table (stated here, not read from the code). */
const NEEDED = {
  access_log: ['INSERT', 'SELECT'],
  case_events: ['INSERT', 'SELECT'],
  letters: ['INSERT', 'SELECT'],
  idempotency_keys: ['INSERT', 'SELECT'],
  cases: ['INSERT', 'SELECT', 'UPDATE'],
  letter_deliveries: ['INSERT', 'SELECT', 'UPDATE'],
  case_number_counters: ['INSERT', 'SELECT', 'UPDATE'],
  letter_transport: ['INSERT', 'SELECT', 'UPDATE'],
  cluster_policy: ['INSERT', 'SELECT', 'UPDATE'],
  case_assignments: ['INSERT', 'SELECT'],
  case_holds: ['INSERT', 'SELECT'],
  decision_proposals: ['INSERT', 'SELECT', 'UPDATE'],
  archive_case_files: ['INSERT', 'SELECT', 'UPDATE'],
  archive_entries: ['INSERT', 'SELECT', 'UPDATE'],
  saved_filters: ['INSERT', 'SELECT', 'UPDATE'],
  case_representatives: ['DELETE', 'INSERT', 'SELECT'],
};

/** The application role's rights in `db`, table by table, as the owner reads them. */
async function rightsOf(db: TestDatabase): Promise<Record<string, string[]>> {
  const rights = (await db.owner.raw(
    `SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = ? AND table_schema = 'public' ORDER BY 1, 2`,
    [roleOf(db.url)],
  )) as { rows: { table_name: string; privilege_type: string }[] };
  const byTable: Record<string, string[]> = {};
  for (const { table_name, privilege_type } of rights.rows) (byTable[table_name] ??= []).push(privilege_type);
  return byTable;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = database.db;
  // The application writes its rows as it does for every read.
  await app('access_log').insert({ actor: 'saksbehandler-1', role: 'caseworker', municipality: 'namsos', municipalities: ['namsos'], action: 'case.read', reason });
  await app('access_log').insert({ actor: 'saksbehandler-2', role: 'caseworker', municipality: 'namsos', municipalities: ['namsos'], action: 'case.read' });
});

afterAll(async () => {
  await database?.drop();
});

describe("the application's role", () => {
  it('is not a superuser, and is not the role that owns the tables', async () => {
    const me = (await app.raw('SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user')) as { rows: { name: string; rolsuper: boolean }[] };
    expect(me.rows[0]).toEqual({ name: roleOf(database.url), rolsuper: false });
    const owners = (await app.raw(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`)) as { rows: { tableowner: string }[] };
    expect(owners.rows.map((r) => r.tableowner)).not.toContain(roleOf(database.url));
  });

  it('cannot switch the triggers off to delete from the access log (session_replication_role = replica)', async () => {
    const before = await accessLog();
    await expect(inTransaction(app, ['SET LOCAL session_replication_role = replica', 'DELETE FROM access_log'])).rejects.toThrow(/permission denied/);
    await expect(inTransaction(app, ['SET session_replication_role = replica'])).rejects.toThrow(/permission denied/);
    expect(await accessLog()).toEqual(before);
  });

  it('cannot update, delete or truncate the access log', async () => {
    const before = await accessLog();
    await expect(app('access_log').update({ reason: 'endret' })).rejects.toThrow(/permission denied for table access_log/);
    await expect(app('access_log').where({ reason }).delete()).rejects.toThrow(/permission denied for table access_log/);
    await expect(app.raw('TRUNCATE access_log')).rejects.toThrow(/permission denied for table access_log/);
    await expect(app.raw('TRUNCATE access_log CASCADE')).rejects.toThrow(/permission denied for table access_log/);
    expect(await accessLog()).toEqual(before);
  });

  it('cannot drop or disable the append-only triggers, replace their function, or drop the table', async () => {
    const before = await accessLog();
    await expect(app.raw('DROP TRIGGER access_log_no_change ON access_log')).rejects.toThrow(/must be owner/);
    await expect(app.raw('ALTER TABLE access_log DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
    await expect(app.raw('ALTER TABLE access_log DISABLE TRIGGER access_log_no_truncate')).rejects.toThrow(/must be owner/);
    await expect(
      app.raw(`CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql`),
    ).rejects.toThrow(/must be owner|permission denied for schema/);
    await expect(app.raw('DROP TABLE access_log')).rejects.toThrow(/must be owner/);
    await expect(app.raw('ALTER TABLE access_log RENAME TO access_log_old')).rejects.toThrow(/must be owner/);
    await expect(app.raw('DROP TRIGGER case_events_no_change ON case_events')).rejects.toThrow(/must be owner/);
    expect(await accessLog()).toEqual(before);
  });

  it('cannot change or delete a case event or a letter, nor delete a case', async () => {
    await expect(app('case_events').update({ type: 'forged' })).rejects.toThrow(/permission denied for table case_events/);
    await expect(app('case_events').delete()).rejects.toThrow(/permission denied for table case_events/);
    await expect(app('letters').update({ body: 'forged' })).rejects.toThrow(/permission denied for table letters/);
    await expect(app('cases').delete()).rejects.toThrow(/permission denied for table cases/);
    await expect(app('knex_migrations').select('*')).rejects.toThrow(/permission denied for table knex_migrations/);
  });

  it('has no more than the application needs on any table: nothing deletes, truncates, references or triggers', async () => {
    expect(await rightsOf(database)).toEqual(NEEDED);
  });

  it('gets rights on a table a later migration makes (default privileges), though never to delete from it', async () => {
    await database.owner.raw('CREATE TABLE later_table (id bigserial PRIMARY KEY, note text)');
    try {
      await app('later_table').insert({ note: 'ny' });
      expect(await app('later_table').pluck('note')).toEqual(['ny']);
      await expect(app('later_table').delete()).rejects.toThrow(/permission denied/);
    } finally {
      await database.owner.raw('DROP TABLE later_table');
    }
  });
});

describe('the owner (as whom the application used to connect)', () => {
  it('could empty the access log by switching its triggers off: why the application has a role of its own', async () => {
    await inTransaction(database.owner, ['SET LOCAL session_replication_role = replica', 'DELETE FROM access_log'], async (trx) => {
      expect(await trx('access_log').count<{ n: string }[]>('* as n')).toEqual([{ n: '0' }]);
    });
    expect((await accessLog()).length).toBe(2);
  });
});

describe('the grant', () => {
  it('lists every table of the schema, so a new table is a decision and not a default', async () => {
    const tables = await database.owner('pg_tables').where({ schemaname: 'public' }).whereNotIn('tablename', ['knex_migrations', 'knex_migrations_lock']).pluck('tablename');
    expect([...tables].sort()).toEqual(Object.keys(APPLICATION_PRIVILEGES).sort());
  });

  it("is what docs/security-database.md tells an operator to run by hand, statement for statement", async () => {
    const docs = readFileSync(path.join(REPO_ROOT, 'docs', 'security-database.md'), 'utf8');
    const block = /<!-- application-grants[^>]*-->\s*```sql\n([\s\S]*?)```/.exec(docs)?.[1];
    if (!block) throw new Error('docs/security-database.md has no application-grants block');
    const byHand = await createTestDatabase();
    try {
      // From nothing: the rights createTestDatabase granted are taken away first.
      const role = roleOf(byHand.url);
      for (const sql of [
        'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ??',
        'REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ??',
        'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ??',
        'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ??',
        'REVOKE USAGE ON SCHEMA public FROM ??',
      ]) {
        await byHand.owner.raw(sql, [role]);
      }
      expect(await rightsOf(byHand)).toEqual({});
      for (const statement of block.split(';').map((s) => s.trim()).filter(Boolean)) await byHand.owner.raw(statement);
      expect(await rightsOf(byHand)).toEqual(await rightsOf(database));
      // The sequences too: the application can add a row.
      await byHand.db('access_log').insert({ actor: 'saksbehandler-1', role: 'caseworker', municipalities: ['namsos'], action: 'case.read' });
    } finally {
      await byHand.drop();
    }
  });

  it('refuses a superuser as the application role, naming DATABASE_URL', async () => {
    await expect(grantApplicationRole(database.owner, roleOf(database.ownerUrl))).rejects.toThrow(/"postgres" \(DATABASE_URL\) is a superuser/);
  });

  it('refuses a role that does not exist, naming DATABASE_URL', async () => {
    await expect(grantApplicationRole(database.owner, 'no_such_role')).rejects.toThrow(/"no_such_role" \(DATABASE_URL\) does not exist/);
  });
});
