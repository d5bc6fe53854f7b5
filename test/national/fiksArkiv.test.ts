// Fiks Arkiv over real HTTP against the project's own Maskinporten and Fiks IO / Fiks Arkiv, with
// PostgreSQL: every letter that has gone out and every appeal becomes one journalpost in its case's
// saksmappe, with its document; the letters list and the case's events show when and under which
// reference; Fiks IO answering 503, the archive down (no answer for longer than the answer
// timeout), a serverfeil, and a worker that dies mid-way leave each entry archived exactly once.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiver, type Archiver } from '../../activities/archive/archiver';
import { MESSAGE_TYPES } from '../../activities/archive/arkivmelding';
import { fiksArkivFromEnv, type FiksArkivSettings } from '../../activities/archive/config';
import { createFiksIoClient, createHttpInbox, FIKS_SCOPE, type FiksIoInbox } from '../../activities/archive/fiksIo';
import { createArchiverFromSettings } from '../../activities/archive/fromSettings';
import { createMaskinportenClient, readMaskinportenKey } from '../../activities/delivery/maskinporten/client';
import { listEvents, listLetters } from '../../api/readModels/caseHistory';
import { operationalFigures } from '../../api/readModels/operationalFigures';
import { startLocalFiksArkiv, type LocalFiksArkiv } from '../../launcher/local/fiksArkiv';
import type { LocalMaskinporten } from '../../launcher/local/maskinporten';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { policy } from '../letters/fixtures';
import { caseWithArchivableLetter } from './support/archivableCase';
import { fiksArkivEnv, startMaskinportenWithClient, type MaskinportenEnv } from './support/localNational';

let tdb: TestDatabase;
let maskinporten: LocalMaskinporten;
let arkiv: LocalFiksArkiv;
let dir: string;
let settings: FiksArkivSettings;
let archiver: Archiver;
const sender = (m: string) => ({ municipalityName: policy.municipalities[m]!.name, office: policy.municipalities[m]!.office });

beforeAll(async () => {
  let maskinportenEnv: MaskinportenEnv;
  [tdb, { maskinporten, dir, maskinportenEnv }] = await Promise.all([createTestDatabase(), startMaskinportenWithClient({ dirPrefix: 'fiks-arkiv-', kid: 'k1', scopes: [FIKS_SCOPE] })]);
  arkiv = await startLocalFiksArkiv({ maskinporten });
  settings = fiksArkivFromEnv({ ...maskinportenEnv, ...fiksArkivEnv(arkiv), FIKS_ARKIV_INBOX_URL: arkiv.inboxUrl })!;
  archiver = await createArchiverFromSettings(settings, { db: tdb.db, sender });
});

afterAll(async () => {
  await Promise.allSettled([tdb?.drop(), arkiv?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

/** A case with a decision letter that has gone out, and, if asked, an appeal, recorded twice: a retried activity adds no second entry. */
const caseWithLetter = (opts: { appeal?: string; address?: string } = {}) => caseWithArchivableLetter(tdb.db, dir, { ...opts, appealRecordedTwice: true });

/** The worker's rounds, with every entry due now (the answer timeout and the backoff passed). */
async function rounds(n: number, a: Archiver = archiver) {
  for (let i = 0; i < n; i++) {
    await tdb.db('archive_entries').whereIn('status', ['waiting', 'sent']).update({ next_attempt_at: tdb.db.raw(`now() - interval '1 second'`) });
    // As the worker's loop: a failing step is reported and the next one still runs.
    await a.enqueueOnce();
    await a.sendOnce();
    await a.receiveOnce().catch((error: Error) => expect(error.message).toMatch(/Fiks IO receive: HTTP 503/));
  }
}
const entry = (reference: string) => tdb.db('archive_entries').where({ reference }).first();
const journalpostsFor = (key: string) => arkiv.journalposts.filter((j) => j.key === key);
const waitingFigures = async () => (await operationalFigures(tdb.db)).archive.filter((r) => r.status === 'waiting').reduce((n, r) => n + r.count, 0);

describe('Fiks Arkiv', () => {
  it('archives each letter and each appeal once, as a journalpost in its case\'s saksmappe, and shows when and under which reference', async () => {
    const first = await caseWithLetter({ appeal: 'Jeg klager på vedtaket fordi jeg trenger mer hjelp.' });
    const second = await caseWithLetter();
    await rounds(1);
    await rounds(2);

    for (const { caseId, letterId } of [first, second]) {
      expect(journalpostsFor(letterId)).toHaveLength(1);
      const [jp] = journalpostsFor(letterId);
      expect(jp!.journalposttype).toBe('U');
      expect(jp!.documents).toHaveLength(1);
      expect(jp!.documents[0]!.data.subarray(0, 5).toString()).toBe('%PDF-');
      const caseFile = arkiv.caseFiles.get(caseId)!;
      const [letter] = await listLetters(tdb.db, caseId);
      expect(letter!.archive).toEqual({ status: 'archived', archivedAt: expect.any(String), reference: `${caseFile.caseYear}/${caseFile.caseSequence}-${jp!.journalpostNumber}` });
      expect(await tdb.db('archive_case_files').where({ case_id: caseId }).first()).toMatchObject({ system_id: caseFile.systemId, case_year: caseFile.caseYear, case_sequence: caseFile.caseSequence });
      expect((await entry(letterId)).journalpost_system_id).toBe(jp!.systemId);
    }
    // The appeal: an incoming journalpost with the appeal's text, in the same saksmappe as the letter.
    const appealKey = `appeal-${first.eventId}`;
    expect(journalpostsFor(appealKey)).toHaveLength(1);
    const appeal = journalpostsFor(appealKey)[0]!;
    expect(appeal).toMatchObject({ journalposttype: 'I', caseKey: first.caseId });
    expect([appeal.journalpostNumber, journalpostsFor(first.letterId)[0]!.journalpostNumber].sort()).toEqual([1, 2]);
    expect(appeal.documents[0]!.data.toString('utf8')).toBe('Jeg klager på vedtaket fordi jeg trenger mer hjelp.');
    const events = await listEvents(tdb.db, first.caseId);
    expect(events.find((e) => e.type === 'appeal_received')!.archive).toMatchObject({ status: 'archived', reference: `${arkiv.caseFiles.get(first.caseId)!.caseYear}/${arkiv.caseFiles.get(first.caseId)!.caseSequence}-${appeal.journalpostNumber}` });
    // Nothing more to send, nothing sent twice, nothing waiting.
    expect(arkiv.journalposts).toHaveLength(3);
    expect(arkiv.sent).toHaveLength(3);
    expect(await waitingFigures()).toBe(0);
  });

  it('never writes the applicant\'s address into the archive (it may be protected)', async () => {
    const { letterId } = await caseWithLetter({ address: 'Hemmeligveien 99, 7800 Namsos' });
    await rounds(1);
    const [jp] = journalpostsFor(letterId);
    expect(jp!.xml).not.toContain('Hemmeligveien');
    expect(jp!.xml).toContain('<personid>');
  });

  it('waits while Fiks IO answers 503, counted in /metrics, and archives each once when it is back', async () => {
    const before = arkiv.journalposts.length;
    arkiv.failAll(503);
    const cases = [await caseWithLetter(), await caseWithLetter({ appeal: 'Klage.' })];
    await rounds(3);
    for (const c of cases) {
      expect(journalpostsFor(c.letterId)).toHaveLength(0);
      expect((await listLetters(tdb.db, c.caseId))[0]!.archive).toEqual({ status: 'waiting', archivedAt: null, reference: null });
      expect((await entry(c.letterId)).last_error).toMatch(/Fiks IO send: HTTP 503/);
    }
    expect(await waitingFigures()).toBe(3);
    arkiv.failAll(null);
    await rounds(2);
    expect(arkiv.journalposts.length - before).toBe(3);
    for (const c of cases) expect(journalpostsFor(c.letterId)).toHaveLength(1);
    expect(journalpostsFor(`appeal-${cases[1]!.eventId}`)).toHaveLength(1);
    expect(await waitingFigures()).toBe(0);
  });

  it('sends again when the archive is down past the answer timeout, and the archive makes one journalpost of it when it is up', async () => {
    arkiv.setArchiveDown(true);
    const c = await caseWithLetter();
    await rounds(3);
    // Sent three times (each answer timeout), waiting in the archive's queue, not archived.
    const id = (await entry(c.letterId)).id as string;
    expect(arkiv.sent.filter((m) => m.headere?.klientKorrelasjonId === id)).toHaveLength(3);
    expect(arkiv.queued()).toBe(3);
    expect(await entry(c.letterId)).toMatchObject({ status: 'sent', archived_at: null });
    expect(await waitingFigures()).toBe(1);
    const existingBefore = arkiv.existingAnswers;
    arkiv.setArchiveDown(false);
    await archiver.receiveOnce();
    expect(journalpostsFor(c.letterId)).toHaveLength(1);
    expect(arkiv.existingAnswers - existingBefore).toBe(2);
    const archived = await entry(c.letterId);
    expect(archived).toMatchObject({ status: 'archived', journalpost_system_id: journalpostsFor(c.letterId)[0]!.systemId });
    await rounds(1);
    expect((await entry(c.letterId)).archived_at).toEqual(archived.archived_at);
    expect(await waitingFigures()).toBe(0);
  });

  it('retries after the archive\'s serverfeil', async () => {
    arkiv.serverErrorNext(1);
    const c = await caseWithLetter();
    await rounds(1);
    expect(await entry(c.letterId)).toMatchObject({ status: 'waiting', last_error: expect.stringMatching(/serverfeil/) });
    expect(journalpostsFor(c.letterId)).toHaveLength(0);
    await rounds(1);
    expect(journalpostsFor(c.letterId)).toHaveLength(1);
    expect(await entry(c.letterId)).toMatchObject({ status: 'archived', last_error: null });
  });

  it('does not double an entry when the worker dies after sending, or after handling a receipt before acknowledging it', async () => {
    const c = await caseWithLetter();
    const maskinportenClient = createMaskinportenClient({ ...settings.maskinporten, privateKey: await readMaskinportenKey(settings.maskinporten.keyFile) });
    const io = { url: settings.url, accountId: settings.accountId, integrationId: settings.integrationId, integrationPassword: settings.integrationPassword, maskinporten: maskinportenClient };
    const realIo = createFiksIoClient(io);
    // The first worker: its send reaches Fiks IO, then the process is gone before it records anything.
    const dying = createArchiver({
      db: tdb.db,
      fiksIo: { accountId: realIo.accountId, send: async (m, data) => (await realIo.send(m, data), new Promise<never>(() => {})) },
      inbox: createHttpInbox({ ...io, inboxUrl: settings.inboxUrl! }),
      archiveAccountId: settings.recipientId,
      system: settings.system,
      sender,
    });
    await dying.enqueueOnce();
    const entryId = (await entry(c.letterId)).id as string;
    void dying.sendOnce();
    await expect.poll(() => arkiv.sent.filter((m) => m.headere?.klientKorrelasjonId === entryId).length, { timeout: 20_000 }).toBe(1);
    expect((await entry(c.letterId)).attempts).toBe(1);
    expect((await entry(c.letterId)).message_ids).toEqual([]);
    // The second worker: receives the receipt but dies before acknowledging it.
    const realInbox = createHttpInbox({ ...io, inboxUrl: settings.inboxUrl! });
    const receipts = new Set<string>();
    const unacknowledging: FiksIoInbox = {
      receive: async (n) => {
        const messages = await realInbox.receive(n);
        for (const m of messages) if (m.meldingType === MESSAGE_TYPES.receipt) receipts.add(m.meldingId);
        return messages;
      },
      acknowledge: async (id) => (receipts.has(id) ? Promise.reject(new Error('the worker died')) : realInbox.acknowledge(id)),
    };
    const second = createArchiver({ db: tdb.db, fiksIo: realIo, inbox: unacknowledging, archiveAccountId: settings.recipientId, system: settings.system, sender });
    await expect(second.receiveOnce()).rejects.toThrow('the worker died');
    const archived = await entry(c.letterId);
    expect(archived.status).toBe('archived');
    // A third worker after the lease: the receipt comes again and changes nothing; nothing is sent twice to the archive's journal.
    const third = await createArchiverFromSettings(settings, { db: tdb.db, sender });
    await rounds(2, third);
    expect(journalpostsFor(c.letterId)).toHaveLength(1);
    expect(await entry(c.letterId)).toMatchObject({ status: 'archived', archived_at: archived.archived_at, journalpost_system_id: archived.journalpost_system_id });
  });

  it('names the setting that is missing or wrong', () => {
    expect(fiksArkivFromEnv({})).toBeNull();
    expect(fiksArkivFromEnv({ FIKS_ARKIV: 'off', FIKS_ARKIV_URL: 'https://api.fiks.test.ks.no' })).toBeNull();
    expect(() => fiksArkivFromEnv({ FIKS_ARKIV: 'on' })).toThrow(/MASKINPORTEN_TOKEN_URL/);
    expect(() => fiksArkivFromEnv({ FIKS_ARKIV: 'maybe' })).toThrow(/FIKS_ARKIV: "maybe" is neither on nor off/);
    expect(() => fiksArkivFromEnv({ FIKS_ARKIV_URL: 'https://api.fiks.test.ks.no', MASKINPORTEN_TOKEN_URL: 'https://test.maskinporten.no/token' })).toThrow(/FIKS_ARKIV_INBOX_URL/);
  });
});
