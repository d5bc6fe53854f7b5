import type { Knex } from 'knex';

// Fiks Arkiv (arkivplikt, Noark 5): each case a case file (saksmappe) in the municipality's archive,
// each letter out and each appeal in a registry entry (journalpost) in it, sent through Fiks IO.
// - archive_case_files: the archive's ids of the case's saksmappe (systemID, saksaar/sakssekvensnummer),
//   as its receipt (kvittering) gave them.
// - archive_entries: the outbox of registry entries, one per letter (letter_id) or appeal event
//   (event_id), each unique, so an entry is made once however often it is offered. It is sent until
//   the archive acknowledges it; the reference (the letter id, or appeal-<event id>) is the
//   journalpost's external key (referanseEksternNoekkel), by which the archive answers "Eksisterende"
//   to a message sent again, so a retry never makes a second journalpost. The Fiks IO message ids
//   sent for it are kept, to match the answers (mottatt, feilmelding) that name one.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('archive_case_files', (t) => {
    t.uuid('case_id').primary().references('cases.id');
    t.text('system_id').notNullable();
    t.integer('case_year');
    t.integer('case_sequence');
    t.timestamp('archived_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('archive_entries', (t) => {
    t.uuid('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('kind').notNullable();
    t.text('reference').notNullable().unique();
    t.uuid('letter_id').unique().references('letters.id');
    t.bigInteger('event_id').unique().references('case_events.id');
    // The appeal's own words, as the case had them when it came in (a later appeal replaces them in the view).
    t.text('document_text');
    t.text('status').notNullable().defaultTo('waiting');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.specificType('message_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('received_at', { useTz: true });
    t.timestamp('archived_at', { useTz: true });
    t.text('journalpost_system_id');
    t.text('archive_reference');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id']);
  });
  await knex.raw(`
    ALTER TABLE archive_entries
      ADD CONSTRAINT archive_entries_kind_known CHECK (kind IN ('letter', 'appeal')),
      ADD CONSTRAINT archive_entries_status_known CHECK (status IN ('waiting', 'sent', 'archived', 'failed')),
      ADD CONSTRAINT archive_entries_source CHECK ((kind = 'letter') = (letter_id IS NOT NULL) AND (kind = 'appeal') = (event_id IS NOT NULL)),
      ADD CONSTRAINT archive_entries_archived_known CHECK ((status = 'archived') = (archived_at IS NOT NULL))
  `);
  // The archiver's work list: entries not yet acknowledged, by when to try next.
  await knex.raw(`CREATE INDEX archive_entries_due ON archive_entries (next_attempt_at) WHERE status IN ('waiting', 'sent')`);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
