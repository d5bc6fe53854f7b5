import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The policy the cluster's cases run on, per municipality, as the first instance to start recorded
  // it: an instance started with another policy refuses to start (db/clusterPolicy.ts).
  await knex.schema.createTable('cluster_policy', (t) => {
    t.text('municipality').primary();
    // sha256 of the municipality's policy, canonical JSON.
    t.text('fingerprint').notNullable();
    // The policy itself (no personal data: deadlines and the office's contact details), so a refusal
    // can name the key that differs.
    t.jsonb('policy').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
