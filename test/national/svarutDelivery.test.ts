// Letters through KRR and SvarUt (LETTER_TRANSPORT=svarut), against PostgreSQL and the project's
// own Maskinporten, KRR and SvarUt over real HTTP: where each letter goes by the register's answer,
// each sent exactly once across retries and a crash, its status followed into the letters list.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { createDeliverLetter } from '../../activities/delivery/deliverLetter';
import type { DeliveryChannelName } from '../../activities/delivery/channels';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { parsePostalAddress } from '../../activities/delivery/svarut/transport';
import { createLetterTransport, letterTransportFromEnv, type LetterTransport } from '../../activities/delivery/transport';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { listLetters } from '../../api/readModels/caseHistory';
import { operationalFigures } from '../../api/readModels/operationalFigures';
import type { Channel } from '../../domain/case/caseTypes';
import { startLocalKrr, type KrrBehaviour, type LocalKrr } from '../../launcher/local/krr';
import type { LocalMaskinporten } from '../../launcher/local/maskinporten';
import { startLocalSvarUt, type LocalSvarUt } from '../../launcher/local/svarut';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmsGateway, type TestSmsGateway } from '../delivery/servers';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { startMaskinportenWithClient, svarutEnv, type MaskinportenEnv } from './support/localNational';

let tdb: TestDatabase;
let maskinporten: LocalMaskinporten;
let krr: LocalKrr;
let svarut: LocalSvarUt;
let gateway: TestSmsGateway;
let dir: string;
let env: Record<string, string>;
let transport: LetterTransport;

beforeAll(async () => {
  let maskinportenEnv: MaskinportenEnv;
  [tdb, { maskinporten, dir, maskinportenEnv }, gateway] = await Promise.all([
    createTestDatabase(),
    startMaskinportenWithClient({ dirPrefix: 'svarut-delivery-', kid: 'namsos-2026', scopes: [...KRR_SCOPES, SVARUT_SCOPE] }),
    startSmsGateway(),
  ]);
  [krr, svarut] = await Promise.all([startLocalKrr({ maskinporten }), startLocalSvarUt({ maskinporten })]);
  env = { LETTER_TRANSPORT: 'svarut', ...maskinportenEnv, KRR_URL: krr.url, ...svarutEnv(svarut) };
  transport = await createLetterTransport(letterTransportFromEnv(env), {
    db: tdb.db,
    channels: createDeliveryChannels(deliveryConfigFromEnv({ SMS_GATEWAY_URL: gateway.url }, dir)),
  });
});

afterAll(async () => {
  await Promise.allSettled([transport?.follower?.stop()]);
  await Promise.allSettled([tdb?.drop(), krr?.close(), svarut?.close(), gateway?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

let nextId = 10_000;
/** A case whose applicant KRR answers for as told; its decision letter issued. */
async function letterFor(behaviour: KrrBehaviour, channel: Channel = 'digital', applicant: Record<string, unknown> = {}) {
  const nationalId = `0101${String(nextId++).padStart(5, '0')}00`.slice(0, 11);
  krr.set(nationalId, behaviour);
  const view = decidedView(municipality('namsos'), 'granted', { channel });
  await insertCase(tdb.db, view, { channel, applicant: { ...APPLICANT, nationalId, ...applicant } });
  const issued = await createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'decision-1', kind: 'decision', view });
  return { caseId: view.id, nationalId, ...issued };
}

const deliver = (letterId: string, channel: DeliveryChannelName) => createDeliverLetter({ db: tdb.db, channels: transport.channels, policy })({ letterId, channel });
const sentFor = (letterId: string) => svarut.received.filter((f) => f.forsendelse.eksternReferanse === letterId);
const outbox = async (letterId: string, channel: DeliveryChannelName) => tdb.db('letter_deliveries').where({ letter_id: letterId, channel }).first();
async function deliveryShown(caseId: string, letterId: string) {
  return (await listLetters(tdb.db, caseId)).find((l) => l.id === letterId)?.delivery;
}
async function followUntilQuiet(times: number) {
  for (let i = 0; i < times; i++) {
    await tdb.db('letter_transport').update({ next_check_at: tdb.db.fn.now() });
    await transport.follower!.followOnce();
  }
}

describe('letters through KRR and SvarUt', () => {
  it('sends a digital applicant\'s letter once to the digital mailbox, notifies at KRR\'s number, and shows it read', async () => {
    const { caseId, letterId, nationalId, channels } = await letterFor('digital');
    expect(channels).toEqual(['digital_mailbox', 'sms', 'email']);
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    expect(await deliver(letterId, 'digital_mailbox')).toBe('already_delivered');
    const [sent] = sentFor(letterId);
    expect(sentFor(letterId)).toHaveLength(1);
    expect(sent!.forsendelse).toMatchObject({
      tittel: expect.any(String),
      eksternReferanse: letterId,
      forsendelsestype: 'decision',
      mottaker: { navn: 'Kari Nordmann', digitalId: nationalId, adresselinje1: 'Storgata 1', postnummer: '7800', poststed: 'Namsos' },
    });
    expect(sent!.documents[0]!.data.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await deliveryShown(caseId, letterId)).toEqual({ status: 'sent', deliveredAt: null, failedReason: null, route: 'digital' });

    // KRR's number takes precedence over the application's (912 34 567).
    expect(await deliver(letterId, 'sms')).toBe('delivered');
    expect(gateway.sent.filter((r) => r.body.reference === letterId || r.idempotencyKey?.startsWith(letterId)).map((r) => r.body.to)).toEqual([`+479${nationalId.slice(-7)}`]);

    await followUntilQuiet(4);
    const shown = await deliveryShown(caseId, letterId);
    expect(shown).toMatchObject({ status: 'read', failedReason: null, route: 'digital' });
    // deliveredAt is when it was made available (SENDT_DIGITALT), kept when it was later read.
    const available = svarut.received.find((f) => f.id === sent!.id)!.statuses.find((s) => s.status === 'SENDT_DIGITALT')!.at;
    expect(shown!.deliveredAt).toBe(new Date(available).toISOString());
    expect((await tdb.db('letter_transport').where({ letter_id: letterId }).first()).final).toBe(true);
  });

  it('does not send twice when the worker died after SvarUt took the letter but before it was recorded', async () => {
    const { letterId } = await letterFor('digital');
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    // The crash: SvarUt has it, our rows do not say so.
    await tdb.db('letter_transport').where({ letter_id: letterId }).update({ external_id: null, status: null });
    await tdb.db('letter_deliveries').where({ letter_id: letterId, channel: 'digital_mailbox' }).update({ status: 'pending', external_id: null });
    expect(await deliver(letterId, 'digital_mailbox')).toBe('already_delivered');
    expect(sentFor(letterId)).toHaveLength(1);
    expect(svarut.duplicates()).toEqual([]);
    expect((await tdb.db('letter_transport').where({ letter_id: letterId }).first()).external_id).toBe(sentFor(letterId)[0]!.id);
  });

  it.each([
    ['reserved', 'KRR: reservert mot digital post'],
    ['not_registered', 'KRR: ikke registrert'],
    ['no_mailbox', 'KRR: ingen digital postkasse'],
  ] as const)('sends the letter of an applicant KRR answers %s for by the print route, with no notice', async (behaviour, reason) => {
    const { caseId, letterId } = await letterFor(behaviour);
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    const [sent] = sentFor(letterId);
    expect(sent!.forsendelse.mottaker.digitalId).toBeUndefined();
    expect(sent!.forsendelse.mottaker).toMatchObject({ postnummer: '7800', poststed: 'Namsos' });
    expect(await deliver(letterId, 'sms')).toBe('skipped');
    expect(await outbox(letterId, 'sms')).toMatchObject({ status: 'skipped', last_error: `no notice: the letter did not go to a digital mailbox (${reason})` });
    expect(gateway.requests.some((r) => r.idempotencyKey?.startsWith(letterId))).toBe(false);
    await followUntilQuiet(2);
    expect(await deliveryShown(caseId, letterId)).toMatchObject({ status: 'delivered', route: 'print', deliveredAt: expect.stringMatching(/^\d{4}-/) });
    await followUntilQuiet(1);
    expect(await deliveryShown(caseId, letterId)).toMatchObject({ status: 'printed', route: 'print' });
  });

  it('sends no SMS or e-mail notice to an applicant KRR says may not be notified (KAN_IKKE_VARSLES)', async () => {
    const { letterId, nationalId } = await letterFor('cannot_notify');
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    expect(sentFor(letterId)[0]!.forsendelse.mottaker.digitalId).toBe(nationalId);
    expect(await deliver(letterId, 'sms')).toBe('skipped');
    expect(await outbox(letterId, 'sms')).toMatchObject({ status: 'skipped', last_error: 'no notice: KRR says KAN_IKKE_VARSLES' });
    expect(gateway.requests.some((r) => r.idempotencyKey?.startsWith(letterId))).toBe(false);
  });

  it('sends an applicant who chose paper to print, and no letter at all to one KRR has deleted (deceased)', async () => {
    const paper = await letterFor('digital', 'paper');
    expect(paper.channels).toEqual(['print']);
    expect(await deliver(paper.letterId, 'print')).toBe('delivered');
    expect(sentFor(paper.letterId)[0]!.forsendelse.mottaker.digitalId).toBeUndefined();

    const gone = await letterFor('deceased');
    await expect(deliver(gone.letterId, 'digital_mailbox')).rejects.toMatchObject({
      nonRetryable: true,
      message: 'digital_mailbox: the letter was not sent: KRR: status SLETTET (død eller utvandret)',
    });
    expect(sentFor(gone.letterId)).toEqual([]);
    expect(await deliveryShown(gone.caseId, gone.letterId)).toEqual({ status: 'failed', deliveredAt: null, failedReason: 'KRR: status SLETTET (død eller utvandret)', route: null });
  });

  it('lets the letter wait when KRR\'s answer does not parse, and sends it once KRR answers', async () => {
    const { caseId, letterId, nationalId } = await letterFor('unparseable');
    await expect(deliver(letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: false, message: expect.stringMatching(/^digital_mailbox: KRR's answer is not JSON/) });
    expect(sentFor(letterId)).toEqual([]);
    expect(await tdb.db('letter_transport').where({ letter_id: letterId }).first()).toBeUndefined();
    // The caseworker sees it wait for KRR (docs/letters.md: how a letter's delivery is shown).
    expect(await deliveryShown(caseId, letterId)).toMatchObject({ status: 'waiting', waitingReason: 'krr', waitingSince: expect.any(String) });
    krr.set(nationalId, 'digital');
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    expect(sentFor(letterId)).toHaveLength(1);
    expect(await deliveryShown(caseId, letterId)).toMatchObject({ status: 'sent' });
  });

  it('retries through a SvarUt outage (503) and a refused login (401), and sends the letter once', async () => {
    const { letterId } = await letterFor('digital');
    svarut.failAll(503);
    await expect(deliver(letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: false, message: expect.stringMatching(/^digital_mailbox: SvarUt look-up: HTTP 503/) });
    svarut.failAll(401);
    await expect(deliver(letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: false, message: expect.stringContaining('check SVARUT_INTEGRATION_ID and SVARUT_INTEGRATION_PASSWORD') });
    svarut.failAll(null);
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    expect(sentFor(letterId)).toHaveLength(1);
    expect((await outbox(letterId, 'digital_mailbox')).attempts).toBe(3);
  });

  it('counts the letters waiting by the service that failed, for /metrics', async () => {
    const waitingFor = async (reason: string) => (await operationalFigures(tdb.db)).waiting.find((w) => w.reason === reason)?.count ?? 0;
    const before = { krr: await waitingFor('krr'), svarut: await waitingFor('svarut') };
    const krrDown = await letterFor('unparseable');
    await expect(deliver(krrDown.letterId, 'digital_mailbox')).rejects.toThrow(/KRR/);
    const svarutDown = await letterFor('digital');
    svarut.failAll(503);
    await expect(deliver(svarutDown.letterId, 'digital_mailbox')).rejects.toThrow(/SvarUt/);
    svarut.failAll(null);
    expect(await waitingFor('krr')).toBe(before.krr + 1);
    expect(await waitingFor('svarut')).toBe(before.svarut + 1);
    expect(await deliver(svarutDown.letterId, 'digital_mailbox')).toBe('delivered');
    expect(await waitingFor('svarut')).toBe(before.svarut);
  });

  it('keeps following a status that never becomes final, and reports a forsendelse SvarUt could not deliver', async () => {
    const stuck = await letterFor('digital');
    const lost = await letterFor('digital');
    svarut.setScenario(stuck.letterId, 'stuck');
    svarut.setScenario(lost.letterId, 'not_delivered');
    await deliver(stuck.letterId, 'digital_mailbox');
    await deliver(lost.letterId, 'digital_mailbox');
    await followUntilQuiet(5);
    expect(await deliveryShown(stuck.caseId, stuck.letterId)).toEqual({ status: 'sent', deliveredAt: null, failedReason: null, route: 'digital' });
    expect((await tdb.db('letter_transport').where({ letter_id: stuck.letterId }).first()).final).toBe(false);
    expect(await deliveryShown(lost.caseId, lost.letterId)).toEqual({ status: 'failed', deliveredAt: null, failedReason: 'SvarUt: IKKE_LEVERT (kunne ikke leveres)', route: 'digital' });
  });

  it('sends a digital letter with no usable postal address digitally only, and fails a print letter without one', async () => {
    const digital = await letterFor('digital', 'digital', { address: 'Abel Meyers gate 10, Namsos' });
    expect(await deliver(digital.letterId, 'digital_mailbox')).toBe('delivered');
    expect(sentFor(digital.letterId)[0]!.forsendelse).toMatchObject({ kunDigitalLevering: true, mottaker: { digitalId: digital.nationalId } });
    const paper = await letterFor('reserved', 'digital', { address: 'Abel Meyers gate 10, Namsos' });
    await expect(deliver(paper.letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: true });
    expect(sentFor(paper.letterId)).toEqual([]);
  });
});

describe('LETTER_TRANSPORT settings', () => {
  it('keeps files as the default and names each missing svarut setting', () => {
    expect(letterTransportFromEnv({})).toEqual({ kind: 'files' });
    expect(() => letterTransportFromEnv({ LETTER_TRANSPORT: 'post' })).toThrow(/^LETTER_TRANSPORT: "post" is neither svarut nor files$/);
    expect(() => letterTransportFromEnv({ LETTER_TRANSPORT: 'svarut' })).toThrow(/^MASKINPORTEN_TOKEN_URL: is required when LETTER_TRANSPORT=svarut/);
    const { SVARUT_INTEGRATION_PASSWORD: _left, ...withoutPassword } = env;
    expect(() => letterTransportFromEnv(withoutPassword)).toThrow(/^SVARUT_INTEGRATION_PASSWORD: /);
    expect(() => letterTransportFromEnv({ ...env, SVARUT_ACCOUNT_ID: 'namsos' })).toThrow(/^SVARUT_ACCOUNT_ID: "namsos" is not a UUID$/);
    expect(letterTransportFromEnv(env)).toMatchObject({ kind: 'svarut', maskinporten: { audience: maskinporten.issuer } });
  });

  it('refuses to start with a key file that holds no key', async () => {
    await writeFile(path.join(dir, 'empty.pem'), 'not a key');
    await expect(createLetterTransport(letterTransportFromEnv({ ...env, MASKINPORTEN_KEY_FILE: path.join(dir, 'empty.pem') }), { db: tdb.db, channels: {} })).rejects.toThrow(/^MASKINPORTEN_KEY_FILE: cannot read a private key from /);
  });

  it('reads Norwegian postal addresses', () => {
    expect(parsePostalAddress('Storgata 1, 7800 Namsos')).toEqual({ adresselinje1: 'Storgata 1', postnummer: '7800', poststed: 'Namsos' });
    expect(parsePostalAddress('Rådhuset, 8766 Lurøy')).toEqual({ adresselinje1: 'Rådhuset', postnummer: '8766', poststed: 'Lurøy' });
    expect(parsePostalAddress('Abel Meyers gate 10, Namsos')).toBeNull();
    expect(parsePostalAddress(undefined)).toBeNull();
  });
});

