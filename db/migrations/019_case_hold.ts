import type { Knex } from 'knex';

// "On hold" (satt på vent) in the work queue: the current reason on the case row, for the queue's
// filter, and every change in an append-only history. A reason is a code, never free text, so
// nothing personal reaches a list, a log or a metric. Holding a case stops no legal deadline.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    // null: not on hold.
    t.text('on_hold');
    t.timestamp('on_hold_since', { useTz: true });
  });
  await knex.schema.createTable('case_holds', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    // null: taken off hold.
    t.text('reason');
    t.text('previous');
    // The `sub` of the token that made the change.
    t.text('actor').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_holds');
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('on_hold_since');
    t.dropColumn('on_hold');
  });
}
