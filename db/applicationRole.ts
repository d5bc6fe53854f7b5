// The two database roles. The owner (DATABASE_MIGRATION_URL) owns the tables and runs the migrations;
// the application (DATABASE_URL: the API and the worker) gets only the rights its queries need. It
// owns nothing, so it can drop no trigger or table; it may only add to and read the access log
// (tilgangslogg, pasientjournalloven § 22), so no one who holds its password can change a row there.
import type { Knex } from 'knex';
import { migrateToLatest, type Db } from './knex';

type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * What the application does to each table, and no more (read from its queries: api/, activities/).
 * A new table must be added here: test/db/applicationRole.test.ts fails until it is.
 */
export const APPLICATION_PRIVILEGES: Readonly<Record<string, readonly TablePrivilege[]>> = {
  // Registered, then the view the workflow records is updated.
  cases: ['SELECT', 'INSERT', 'UPDATE'],
  // Append-only records: written once, read, never changed.
  case_events: ['SELECT', 'INSERT'],
  letters: ['SELECT', 'INSERT'],
  access_log: ['SELECT', 'INSERT'],
  idempotency_keys: ['SELECT', 'INSERT'],
  // The outbox: each delivery marked as it is tried.
  letter_deliveries: ['SELECT', 'INSERT', 'UPDATE'],
  // Taken by INSERT … ON CONFLICT DO UPDATE.
  case_number_counters: ['SELECT', 'INSERT', 'UPDATE'],
  // How each letter went through KRR and SvarUt: its route, then its status as SvarUt reports it.
  letter_transport: ['SELECT', 'INSERT', 'UPDATE'],
  // The policy the cluster's cases run on: recorded by the first instance, replaced on POLICY_CHANGE=accept.
  cluster_policy: ['SELECT', 'INSERT', 'UPDATE'],
  // Append-only: who took, released or reassigned a case (the current one is cases.assignee).
  case_assignments: ['SELECT', 'INSERT'],
  // Append-only: who put a case on hold (a reason code) or took it off (the current one is cases.on_hold).
  case_holds: ['SELECT', 'INSERT'],
  // A decision waiting for a co-signer: proposed, then marked approved or returned.
  decision_proposals: ['SELECT', 'INSERT', 'UPDATE'],
  // Fiks Arkiv: the archive's ids of each case's saksmappe, and the registry entries' outbox, marked as the archive answers.
  archive_case_files: ['SELECT', 'INSERT', 'UPDATE'],
  archive_entries: ['SELECT', 'INSERT', 'UPDATE'],
  // Each person's saved queue filters, the list replaced as a whole by INSERT … ON CONFLICT DO UPDATE.
  saved_filters: ['SELECT', 'INSERT', 'UPDATE'],
  // Representatives' names and contact details. DELETE: the API removes the row it stored when the
  // case refuses the step (the case never referred to it), so a refused step leaves nothing.
  case_representatives: ['SELECT', 'INSERT', 'DELETE'],
};

/** Tables created after this grant (by a later migration) get these until the next grant names them. */
const FUTURE_TABLE_PRIVILEGES: readonly TablePrivilege[] = ['SELECT', 'INSERT', 'UPDATE'];

/** knex's own bookkeeping: only the owner migrates. */
const OWNER_ONLY = new Set(['knex_migrations', 'knex_migrations_lock']);

/** The role a postgres:// URL logs in as. */
export function roleOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).username);
}

/**
 * Gives `role` exactly the application's rights on every table of the owner's schema, run as the
 * owner after migrating; idempotent. Refuses a role that is a superuser or owns the schema's tables,
 * since no grant could then keep it from the access log.
 */
export async function grantApplicationRole(owner: Db, role: string): Promise<void> {
  await owner.transaction(async (trx) => {
    const found = (await trx.raw('SELECT rolsuper FROM pg_roles WHERE rolname = ?', [role])) as { rows: { rolsuper: boolean }[] };
    const info = found.rows[0];
    if (!info) throw new Error(`the application's role "${role}" (DATABASE_URL) does not exist; create it (docs/security-database.md)`);
    if (info.rolsuper) throw new Error(`the application's role "${role}" (DATABASE_URL) is a superuser; give the application a role of its own (docs/security-database.md)`);
    const schema = ((await trx.raw('SELECT current_schema() AS schema')) as { rows: { schema: string }[] }).rows[0]?.schema ?? 'public';
    const tables = (await trx.raw(
      `SELECT c.relname AS name, pg_has_role(?, c.relowner, 'USAGE') AS owned
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ? AND c.relkind IN ('r', 'p')`,
      [role, schema],
    )) as { rows: { name: string; owned: boolean }[] };
    const owned = tables.rows.filter((t) => t.owned).map((t) => t.name);
    if (owned.length) {
      throw new Error(`the application's role "${role}" (DATABASE_URL) owns ${owned.join(', ')}; the tables must belong to the migration's role (DATABASE_MIGRATION_URL)`);
    }
    await trx.raw('GRANT USAGE ON SCHEMA ?? TO ??', [schema, role]);
    for (const { name } of tables.rows) {
      const table = `${schema}.${name}`;
      await trx.raw('REVOKE ALL ON TABLE ?? FROM ??', [table, role]);
      if (OWNER_ONLY.has(name)) continue;
      const privileges = APPLICATION_PRIVILEGES[name] ?? FUTURE_TABLE_PRIVILEGES;
      await trx.raw(`GRANT ${privileges.join(', ')} ON TABLE ?? TO ??`, [table, role]);
    }
    // bigIncrements' sequences: an insert takes the next id.
    await trx.raw('GRANT USAGE ON ALL SEQUENCES IN SCHEMA ?? TO ??', [schema, role]);
    // Tables and sequences the owner creates later (a migration run without this grant after it).
    await trx.raw(`ALTER DEFAULT PRIVILEGES IN SCHEMA ?? GRANT ${FUTURE_TABLE_PRIVILEGES.join(', ')} ON TABLES TO ??`, [schema, role]);
    await trx.raw('ALTER DEFAULT PRIVILEGES IN SCHEMA ?? GRANT USAGE ON SEQUENCES TO ??', [schema, role]);
  });
}

/**
 * Migrates as the owner, then grants to the application's role when it is another role. With one
 * URL for both (DATABASE_MIGRATION_URL not set) there is nothing to grant: the application owns
 * the tables, and the access log is append-only only by its triggers.
 */
export async function migrateAndGrant(owner: Knex, applicationUrl: string, ownerUrl: string): Promise<{ applied: string[]; granted: string | undefined }> {
  const applied = await migrateToLatest(owner);
  const role = roleOf(applicationUrl);
  if (role === roleOf(ownerUrl)) return { applied, granted: undefined };
  await grantApplicationRole(owner, role);
  return { applied, granted: role };
}
