import type { Knex } from 'knex';

// Cases brought over from the office's old system (npm run import): the old system's case id
// (`sourceId`), unique per municipality so a second run of the same file adds nothing, its case number
// (quoted in letters), and where the case's workflow starts, so the case sweep can start it as the
// import would have.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('source_id');
    t.text('source_case_number');
    t.jsonb('import_start');
    // NULLs are distinct: cases registered here never collide.
    t.unique(['municipality', 'source_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropUnique(['municipality', 'source_id']);
    t.dropColumn('import_start');
    t.dropColumn('source_case_number');
    t.dropColumn('source_id');
  });
}
