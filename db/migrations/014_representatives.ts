import type { Knex } from 'knex';

// Who acts for the applicant (verge, fullmektig, pårørende), and who each letter went to.
// - case_representatives: each representative registered on a case, with their name and contact
//   details (personal data: here only, never in Temporal; the case holds the row's id and the role).
// - cases.representative: the reference of one given with the application, for starting its workflow.
// - letters.recipient: who the letter was addressed to, as it was sent (null: the applicant, as before).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_representatives', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('role').notNullable();
    t.text('name').notNullable();
    t.text('address');
    t.text('phone');
    t.text('email');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id']);
  });
  await knex.schema.alterTable('cases', (t) => {
    t.jsonb('representative');
  });
  await knex.schema.alterTable('letters', (t) => {
    t.jsonb('recipient');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('letters', (t) => t.dropColumn('recipient'));
  await knex.schema.alterTable('cases', (t) => t.dropColumn('representative'));
  await knex.schema.dropTable('case_representatives');
}
