import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per case. Personal data (applicant, consent, description) lives here and nowhere in Temporal.
  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary();
    t.text('municipality').notNullable();
    t.text('status').notNullable();
    t.specificType('services', 'text[]').notNullable();
    t.text('channel').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.jsonb('applicant').notNullable();
    t.jsonb('consent').notNullable();
    t.text('description');
    // The latest case view the workflow recorded, and the seq of the event that produced it.
    t.jsonb('view').notNullable();
    t.integer('view_seq').notNullable().defaultTo(0);
    t.boolean('overdue').notNullable().defaultTo(false);
    t.timestamp('next_deadline', { useTz: true });
    t.timestamp('first_decided_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status']);
    t.index(['municipality', 'status']);
    t.index(['overdue']);
    t.index(['created_at', 'id']);
  });

  // Append-only: every step and automatic event. (case_id, seq) makes a retried write a no-op.
  await knex.schema.createTable('case_events', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    t.integer('seq').notNullable();
    t.text('type').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('actor').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    t.unique(['case_id', 'seq']);
    t.index(['type']);
  });
  await knex.raw(`
    CREATE FUNCTION case_events_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'case_events is append-only'; END; $$ LANGUAGE plpgsql;
    CREATE TRIGGER case_events_no_change BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
  `);

  // Every letter and notice. (case_id, key) makes a retried activity a no-op.
  await knex.schema.createTable('letters', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('key').notNullable();
    t.text('kind').notNullable();
    t.text('channel').notNullable();
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'key']);
    t.index(['case_id', 'created_at']);
    t.index(['kind']);
  });

  // The outbox: one row per letter and channel it goes out on; a delivery is marked once.
  await knex.schema.createTable('letter_deliveries', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('letter_id').notNullable().references('letters.id');
    t.text('channel').notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.text('external_id');
    t.timestamp('delivered_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['letter_id', 'channel']);
    t.index(['status']);
  });

  // A retried POST with the same Idempotency-Key gets the same case.
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.text('key').primary();
    t.text('request_hash').notNullable();
    t.uuid('case_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
