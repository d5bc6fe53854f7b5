import type { Knex } from 'knex';

// What the national infrastructure tells back about a letter, kept with its letter_transport row:
// - receipt: when the applicant counts as having got it (SvarUt's "made available digitally", or
//   "handed to print" plus the policy's presumed postal delivery), and whether that receipt has been
//   registered with the case (a decision's appeal period then counts from it; decision-received);
// - unread to print: a digital letter not read within unreadToPrint is sent again by print; the row
//   then follows the print forsendelse and keeps the digital one's id (unread_digital_id);
// - Folkeregisteret: whether the address is protected (then no address is kept or written anywhere),
//   and otherwise the register's postal address for print, so every retry sends to the same place.
// New columns only; no new table, so the application role's table rights stay as they are.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('letter_transport', (t) => {
    t.timestamp('receipt_at', { useTz: true });
    t.timestamp('receipt_registered_at', { useTz: true });
    t.text('receipt_outcome');
    t.text('unread_digital_id');
    t.timestamp('printed_unread_at', { useTz: true });
    t.boolean('address_protected').notNullable().defaultTo(false);
    t.jsonb('postal_address');
  });
  await knex.raw(`ALTER TABLE letter_transport ADD CONSTRAINT letter_transport_protected_no_address CHECK (NOT address_protected OR postal_address IS NULL)`);
  // The registrar's work list: receipts not yet handed to their case.
  await knex.raw(`CREATE INDEX letter_transport_receipts_due ON letter_transport (receipt_at) WHERE receipt_at IS NOT NULL AND receipt_registered_at IS NULL`);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
