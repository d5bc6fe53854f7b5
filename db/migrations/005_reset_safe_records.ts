import type { Knex } from 'knex';

// Records a reset run makes are its own. A Temporal reset starts a new run of a case from an earlier
// point; its steps and letters after that point carry the same seq and key as the old run's, and
// were dropped as duplicates, so a corrected decision letter was never sent. Events and letters are
// now keyed by the run too (the workflow hands its run id to the activities): a retry within a run
// still adds nothing, a reset run adds its own. Rows written before this carry run_id '' and stand
// for any run, so an activity retried across the upgrade adds nothing either.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_events', (t) => {
    t.text('run_id').notNullable().defaultTo('');
    t.dropUnique(['case_id', 'seq']);
    t.unique(['case_id', 'run_id', 'seq']);
  });
  await knex.schema.alterTable('letters', (t) => {
    t.text('run_id').notNullable().defaultTo('');
    t.dropUnique(['case_id', 'key']);
    t.unique(['case_id', 'run_id', 'key']);
  });
  // The view follows the latest change, by when it was made, then by seq: a reset run's seq numbers
  // start again below the old run's, its changes are later.
  await knex.schema.alterTable('cases', (t) => {
    t.timestamp('view_at', { useTz: true });
  });
  await knex.raw(`
    UPDATE cases SET view_at = e.at
    FROM case_events e
    WHERE e.case_id = cases.id AND e.seq = cases.view_seq
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
