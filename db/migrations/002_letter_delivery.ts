import type { Knex } from 'knex';

// The letters' outbox, made explicit: when a delivery was last tried, and only known channels and
// states ('pending' → 'delivered', or 'failed' after the last retry, or 'skipped' where the
// channel is not configured on this installation).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('letter_deliveries', (t) => {
    t.timestamp('last_attempt_at', { useTz: true });
    t.index(['channel', 'status']);
  });
  await knex.raw(`
    ALTER TABLE letter_deliveries
      ADD CONSTRAINT letter_deliveries_status_known CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
      ADD CONSTRAINT letter_deliveries_channel_known CHECK (channel IN ('digital_mailbox', 'email', 'sms', 'print')),
      ADD CONSTRAINT letter_deliveries_attempts_counted CHECK (attempts >= 0)
  `);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
