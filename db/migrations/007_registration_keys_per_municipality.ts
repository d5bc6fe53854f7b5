import type { Knex } from 'knex';

// A registration's Idempotency-Key is the municipality's own: the same key in another municipality
// registers a case there, and tells nothing of the first. Keys stored before this take their case's
// municipality.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.text('municipality');
  });
  await knex.raw(`
    UPDATE idempotency_keys k SET municipality = c.municipality
    FROM cases c
    WHERE c.id = k.case_id
  `);
  // A key whose case is gone names nothing a retry could be given back.
  await knex('idempotency_keys').whereNull('municipality').delete();
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropPrimary();
    t.dropNullable('municipality');
    t.primary(['municipality', 'key']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
