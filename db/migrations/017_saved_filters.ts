import type { Knex } from 'knex';

// Each person's saved filters of the work queue (the office's own pages): one row per person, the
// whole list as one value, replaced as a whole (so nothing is ever deleted: the role has no DELETE).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('saved_filters', (t) => {
    // The token's `sub`.
    t.text('owner').primary();
    t.jsonb('filters').notNullable().defaultTo('[]');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('saved_filters');
}
