import type { Knex } from 'knex';

// A co-signer before a decision (to-trinnskontroll): where the policy asks for it, a decision is
// first proposed by one caseworker and sent only when another approves it. The proposal holds the
// decision's body (its justification is case data, like the case's own events) until then.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('decision_proposals', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    // The body of POST /api/cases/:id/decision, as the proposer gave it.
    t.jsonb('decision').notNullable();
    t.text('proposed_by').notNullable();
    t.timestamp('proposed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // pending, then approved (the decision is sent) or returned (by the proposer or a co-signer).
    t.text('state').notNullable().defaultTo('pending');
    t.text('settled_by');
    t.timestamp('settled_at', { useTz: true });
    t.index(['case_id', 'proposed_at']);
  });
  await knex.raw(`ALTER TABLE decision_proposals ADD CONSTRAINT decision_proposals_state CHECK (state IN ('pending', 'approved', 'returned'))`);
  // One proposal waits at a time: a second is refused while the first waits.
  await knex.raw(`CREATE UNIQUE INDEX decision_proposals_one_pending ON decision_proposals (case_id) WHERE state = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('decision_proposals');
}
