import type { Knex } from 'knex';

// How a letter went through the national infrastructure (LETTER_TRANSPORT=svarut): the KRR
// look-up's decision (route, whether SMS/e-mail notices may go), the SvarUt forsendelse sent for
// it, and its status as the letters list shows it. One row per letter, written before the
// forsendelse is sent and updated as SvarUt's status is followed until it is final.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('letter_transport', (t) => {
    t.uuid('letter_id').primary().references('letters.id');
    t.text('transport').notNullable();
    t.text('route').notNullable();
    t.text('route_reason').notNullable();
    t.boolean('notify').notNullable();
    // KRR's contact details for notices (they take precedence over the application's); null when none may be sent.
    t.text('notice_phone');
    t.text('notice_email');
    t.text('external_id');
    t.text('external_status');
    t.text('status');
    t.timestamp('delivered_at', { useTz: true });
    t.text('failed_reason');
    t.boolean('final').notNullable().defaultTo(false);
    t.timestamp('next_check_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('checked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    ALTER TABLE letter_transport
      ADD CONSTRAINT letter_transport_known CHECK (transport IN ('svarut')),
      ADD CONSTRAINT letter_transport_route_known CHECK (route IN ('digital', 'print', 'stop')),
      ADD CONSTRAINT letter_transport_status_known CHECK (status IS NULL OR status IN ('sent', 'delivered', 'read', 'printed', 'failed'))
  `);
  // The follower's work list: letters whose status may still change, by when to ask next.
  await knex.raw(`CREATE INDEX letter_transport_to_follow ON letter_transport (next_check_at) WHERE NOT final AND external_id IS NOT NULL`);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
