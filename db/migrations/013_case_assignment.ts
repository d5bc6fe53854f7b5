import type { Knex } from 'knex';

// Who works on a case (saksbehandler): the current assignee on the case row, for the work queue's
// filters, and every change in an append-only history (who took, released or reassigned it, and when).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('assignee');
    t.index(['municipality', 'assignee']);
  });
  await knex.schema.createTable('case_assignments', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    // null: released (nobody has it).
    t.text('assignee');
    t.text('previous');
    // The `sub` of the token that made the change.
    t.text('actor').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_assignments');
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['municipality', 'assignee']);
    t.dropColumn('assignee');
  });
}
