import type { Knex } from 'knex';

// Two things the office must see about letters. A deceased applicant (Folkeregisteret): the case row
// holds when a delivery found it, beside the view the case workflow writes, so the workflow's next
// view write cannot erase it; GET /api/cases/:id shows it as flags.applicantDeceased. A letter
// waiting for a register, SvarUt or Maskinporten: since when its delivery has failed and is retried
// (cleared once it goes), shown as delivery status `waiting` in the letters list.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.timestamp('applicant_deceased_at', { useTz: true });
  });
  await knex.schema.alterTable('letter_deliveries', (t) => {
    t.timestamp('waiting_since', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('letter_deliveries', (t) => {
    t.dropColumn('waiting_since');
  });
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('applicant_deceased_at');
  });
}
