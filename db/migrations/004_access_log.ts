import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The access log (tilgangslogg): who was shown which case, when, in which role, and why.
  await knex.schema.createTable('access_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor').notNullable();
    t.text('role').notNullable();
    // The case's municipality, or the one a list covered; null for a list over several.
    t.text('municipality');
    // Every municipality the answer could show: an auditor sees the rows that touch their own.
    t.specificType('municipalities', 'text[]').notNullable();
    // No foreign key: a row outlives anything, and a decode through the codec names no case.
    t.uuid('case_id');
    t.text('action').notNullable();
    t.text('reason');
    t.index(['case_id', 'at']);
    t.index(['actor', 'at']);
    t.index(['at', 'id']);
  });
  await knex.raw('CREATE INDEX access_log_municipalities ON access_log USING gin (municipalities)');
  // Append-only, enforced by the database: rows are never changed, deleted or truncated.
  await knex.raw(`
    CREATE FUNCTION access_log_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'access_log is append-only'; END; $$ LANGUAGE plpgsql;
    CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
      FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
    CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
      FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
