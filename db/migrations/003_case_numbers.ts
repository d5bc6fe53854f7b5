import type { Knex } from 'knex';

// Readable case numbers (saksnummer), `<year>/<sequence>` per municipality: one counter row per
// municipality and year, taken in the registration's transaction, so a number is never given twice.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_number_counters', (t) => {
    t.text('municipality').notNullable();
    t.integer('year').notNullable();
    t.integer('last').notNullable();
    t.primary(['municipality', 'year']);
  });
  await knex.schema.alterTable('cases', (t) => {
    // Null only for a case registered before numbers were given. Each municipality numbers its own cases.
    t.text('case_number');
    t.unique(['municipality', 'case_number']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
