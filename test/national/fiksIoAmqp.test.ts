// Fiks IO's answers over AMQP 0-9-1 on a real TCP port: the project's receiver (amqplib) against the
// local Fiks IO's broker, with the project's Maskinporten and PostgreSQL. The archive's receipts
// arrive on the queue fiksio.konto.<kontoId> and each letter and appeal gets its archivedAt and
// reference once; a receipt not acknowledged before the receiver is gone comes again, marked
// redelivered, and changes nothing; a wrong password and another account's queue are refused.
import { rm } from 'node:fs/promises';
import { connect, type ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiver, type Archiver } from '../../activities/archive/archiver';
import { MESSAGE_TYPES } from '../../activities/archive/arkivmelding';
import { fiksArkivFromEnv, type FiksArkivSettings } from '../../activities/archive/config';
import { createFiksIoClient, createHttpInbox, FIKS_SCOPE, type FiksIoInbox } from '../../activities/archive/fiksIo';
import { createAmqpInbox } from '../../activities/archive/fiksIoAmqp';
import { createArchiverFromSettings } from '../../activities/archive/fromSettings';
import { createMaskinportenClient, readMaskinportenKey } from '../../activities/delivery/maskinporten/client';
import { listEvents, listLetters } from '../../api/readModels/caseHistory';
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
  [tdb, { maskinporten, dir, maskinportenEnv }] = await Promise.all([createTestDatabase(), startMaskinportenWithClient({ dirPrefix: 'fiks-io-amqp-', kid: 'k1', scopes: [FIKS_SCOPE] })]);
  arkiv = await startLocalFiksArkiv({ maskinporten });
  // No FIKS_ARKIV_INBOX_URL: the answers can only come over AMQP.
  settings = fiksArkivFromEnv({ ...maskinportenEnv, ...fiksArkivEnv(arkiv), FIKS_IO_AMQP_URL: arkiv.amqpUrl })!;
  archiver = await createArchiverFromSettings(settings, { db: tdb.db, sender });
});

afterAll(async () => {
  await archiver?.stop();
  await Promise.allSettled([tdb?.drop(), arkiv?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

const caseWithLetter = (opts: { appeal?: string } = {}) => caseWithArchivableLetter(tdb.db, dir, opts);

const entry = (reference: string) => tdb.db('archive_entries').where({ reference }).first();
const journalpostsFor = (key: string) => arkiv.journalposts.filter((j) => j.key === key);
const fiksIo = async () => ({ accountId: settings.accountId, integrationId: settings.integrationId, integrationPassword: settings.integrationPassword, maskinporten: createMaskinportenClient({ ...settings.maskinporten, privateKey: await readMaskinportenKey(settings.maskinporten.keyFile) }) });

/** What waits in the project's account, acknowledged by no one: the same queue, listed by the local Fiks IO's HTTP side. */
const waitingInAccount = async () => (await createHttpInbox({ ...(await fiksIo()), url: settings.url, inboxUrl: arkiv.inboxUrl }).receive(100)).map((m) => m.meldingType);

/**
 * Every answer handled and acknowledged: the worker's rounds go on (as they do every few seconds)
 * until nothing waits in the account. A basic.ack has no reply, and an answer may still be on its way
 * when the last receipt was recorded, so one look right after could find either not yet done.
 */
async function expectAccountDrained(a: Archiver = archiver) {
  await expect.poll(async () => (await a.receiveOnce(), await waitingInAccount()), { timeout: 10_000, interval: 200 }).toEqual([]);
}

/** The worker's receiving rounds until every reference is archived (deliveries arrive on their own time). */
async function receiveUntilArchived(references: string[], a: Archiver = archiver) {
  await expect
    .poll(
      async () => {
        await a.receiveOnce();
        const rows = (await tdb.db('archive_entries').whereIn('reference', references).select('status')) as { status: string }[];
        return rows.filter((r) => r.status === 'archived').length;
      },
      { timeout: 20_000, interval: 100 },
    )
    .toBe(references.length);
}

describe('Fiks IO over AMQP', () => {
  it('takes the archive\'s receipts from the account\'s AMQP queue: each letter and appeal archived once, with its reference', async () => {
    const c = await caseWithLetter({ appeal: 'Jeg klager på vedtaket.' });
    const appealKey = `appeal-${c.eventId}`;
    await archiver.enqueueOnce();
    expect(await archiver.sendOnce()).toBe(2);
    await receiveUntilArchived([c.letterId, appealKey]);
    expect(arkiv.amqp.connections()).toBe(1);

    const caseFile = arkiv.caseFiles.get(c.caseId)!;
    const [jp] = journalpostsFor(c.letterId);
    expect(journalpostsFor(c.letterId)).toHaveLength(1);
    const [letter] = await listLetters(tdb.db, c.caseId);
    expect(letter!.archive).toEqual({ status: 'archived', archivedAt: expect.any(String), reference: `${caseFile.caseYear}/${caseFile.caseSequence}-${jp!.journalpostNumber}` });
    const appeal = journalpostsFor(appealKey);
    expect(appeal).toHaveLength(1);
    const events = await listEvents(tdb.db, c.caseId);
    expect(events.find((e) => e.type === 'appeal_received')!.archive).toMatchObject({ status: 'archived', reference: `${caseFile.caseYear}/${caseFile.caseSequence}-${appeal[0]!.journalpostNumber}` });

    // Every answer (mottatt and kvittering for each) acknowledged over AMQP: the account's queue empties,
    // and the rounds that empty it, and later ones, change nothing.
    const archivedAt = (await entry(c.letterId)).archived_at as Date;
    await expectAccountDrained();
    await archiver.receiveOnce();
    expect((await entry(c.letterId)).archived_at).toEqual(archivedAt);
    expect(journalpostsFor(c.letterId)).toHaveLength(1);
    expect(journalpostsFor(appealKey)).toHaveLength(1);
    expect(arkiv.sent).toHaveLength(2);
  });

  it('delivers a receipt again, marked redelivered, when the receiver is gone before acknowledging it, and applies it once', async () => {
    const io = await fiksIo();
    // The worker of the test before lets go of the account: one consumer, which takes every message.
    await archiver.stop();
    const c = await caseWithLetter();
    // The first worker: applies the receipt, then is gone (its connection closed) before it acknowledges.
    const firstInbox = createAmqpInbox({ ...io, amqpUrl: settings.amqpUrl! });
    const receipts = new Set<string>();
    const dying: FiksIoInbox = {
      receive: async (n) => {
        const messages = await firstInbox.receive(n);
        for (const m of messages) if (m.meldingType === MESSAGE_TYPES.receipt) receipts.add(m.meldingId);
        return messages;
      },
      acknowledge: async (id) => {
        if (!receipts.has(id)) return firstInbox.acknowledge(id);
        await firstInbox.close!();
        throw new Error('the worker died');
      },
    };
    const first = createArchiver({ db: tdb.db, fiksIo: createFiksIoClient({ ...io, url: settings.url }), inbox: dying, archiveAccountId: settings.recipientId, system: settings.system, sender });
    await first.enqueueOnce();
    await first.sendOnce();
    await expect.poll(async () => first.receiveOnce().catch((error: Error) => error.message), { timeout: 20_000, interval: 100 }).toBe('the worker died');
    const archived = await entry(c.letterId);
    expect(archived.status).toBe('archived');
    expect(receipts.size).toBe(1);

    // The broker has it back. Read as a plain AMQP consumer: the same message, redelivered.
    const token = await io.maskinporten.token([FIKS_SCOPE]);
    const model = await connect({ protocol: 'amqp', hostname: '127.0.0.1', port: arkiv.amqp.port, username: io.integrationId, password: `${io.integrationPassword} ${token}` });
    const channel = await model.createChannel();
    const seen: ConsumeMessage[] = [];
    await channel.consume(`fiksio.konto.${io.accountId}`, (m) => void (m && seen.push(m)), { noAck: false });
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
    expect(seen[0]!.fields.redelivered).toBe(true);
    expect(String(seen[0]!.properties.headers!['melding-id'])).toBe([...receipts][0]);
    expect(String(seen[0]!.properties.headers!.type)).toBe(MESSAGE_TYPES.receipt);
    await model.close(); // not acknowledged: it goes back again

    // The next worker takes it, changes nothing, and acknowledges it.
    archiver = await createArchiverFromSettings(settings, { db: tdb.db, sender });
    const before = arkiv.journalposts.length;
    await expect.poll(async () => (await archiver.receiveOnce(), (await tdb.db('archive_entries').where({ reference: c.letterId }).first()).archived_at), { timeout: 10_000 }).toEqual(archived.archived_at);
    await new Promise((r) => setTimeout(r, 300));
    await archiver.receiveOnce();
    expect(journalpostsFor(c.letterId)).toHaveLength(1);
    expect(arkiv.journalposts.length).toBe(before);
    expect(await entry(c.letterId)).toMatchObject({ status: 'archived', journalpost_system_id: archived.journalpost_system_id });
    await expectAccountDrained();
    expect(journalpostsFor(c.letterId)).toHaveLength(1);
  });

  it('connects again after the connection is lost, and the receipts sent meanwhile arrive', async () => {
    await archiver.receiveOnce();
    arkiv.amqp.dropConnections();
    const c = await caseWithLetter();
    await archiver.enqueueOnce();
    await archiver.sendOnce();
    await receiveUntilArchived([c.letterId]);
    expect(journalpostsFor(c.letterId)).toHaveLength(1);
  });

  it('refuses a wrong password, a token without ks:fiks, and another account\'s queue', async () => {
    const io = await fiksIo();
    const wrong = createAmqpInbox({ ...io, integrationPassword: 'feil-passord', amqpUrl: settings.amqpUrl!, retryBaseMs: 60_000 });
    await expect(wrong.receive(10)).rejects.toThrow(/Fiks IO receive: cannot connect to 127\.0\.0\.1:\d+: .*403.*ACCESS.REFUSED.*check FIKS_ARKIV_INTEGRATION_ID, FIKS_ARKIV_INTEGRATION_PASSWORD/);
    // Backing off: no second attempt at once.
    await expect(wrong.receive(10)).rejects.toThrow(/not connected to .*trying again in \d+ s/);
    await wrong.close!();

    // The password alone, without the Maskinporten token.
    await expect(connect({ protocol: 'amqp', hostname: '127.0.0.1', port: arkiv.amqp.port, username: io.integrationId, password: io.integrationPassword })).rejects.toThrow(/ACCESS.REFUSED/);

    const other = createAmqpInbox({ ...io, accountId: '11111111-2222-4333-8444-555555555555', amqpUrl: settings.amqpUrl! });
    await expect(other.receive(10)).rejects.toThrow(/cannot consume fiksio\.konto\.11111111-2222-4333-8444-555555555555: .*403.*ACCESS.REFUSED/);
    await other.close!();
  });

  it('names a wrong FIKS_IO_AMQP_URL', () => {
    const base = { FIKS_ARKIV_URL: 'https://api.fiks.test.ks.no', MASKINPORTEN_TOKEN_URL: 'https://test.maskinporten.no/token' };
    expect(() => fiksArkivFromEnv({ ...base, FIKS_IO_AMQP_URL: 'https://io.fiks.ks.no' })).toThrow(/FIKS_IO_AMQP_URL: "https:\/\/io.fiks.ks.no" is not an amqp\(s\) URL/);
    expect(() => fiksArkivFromEnv({ ...base, FIKS_IO_AMQP_URL: 'amqps://id:pw@io.fiks.ks.no:5671' })).toThrow(/FIKS_IO_AMQP_URL: must not hold a user name or password/);
  });
});
