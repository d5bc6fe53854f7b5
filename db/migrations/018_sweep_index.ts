import type { Knex } from 'knex';

// The sweep looks every two seconds for cases stored without a workflow (view_seq 0): a partial index
// holds only those, so the look costs the same with fifty thousand cases as with none.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index cases_without_workflow on cases (created_at, id) where view_seq = 0');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index cases_without_workflow');
}
