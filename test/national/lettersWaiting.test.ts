// What the operator sees when a letter cannot go out, scraped from the API's GET /metrics over real
// HTTP while letters go through the project's own Maskinporten, Folkeregisteret, KRR and SvarUt: a
// KRR answer and a Folkeregisteret answer that do not parse, SvarUt refusing the integration's login
// (401), and a Maskinporten key that is not the one registered. Each letter waits (a retryable
// failure, nothing sent), is counted in letters_waiting by the service that failed, is shown to the
// caseworker in GET /api/cases/:id/letters as waiting for that service and since when, and goes
// exactly once when the fault is gone. And a letter that waited through a SvarUt outage is archived (Fiks
// Arkiv) only once it has gone out, and then once, as the caseworker sees in GET /api/cases/:id/letters.
import { rm } from 'node:fs/promises';
import type { Archiver } from '../../activities/archive/archiver';
import { fiksArkivFromEnv } from '../../activities/archive/config';
import { FIKS_SCOPE } from '../../activities/archive/fiksIo';
import { createArchiverFromSettings } from '../../activities/archive/fromSettings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { createDeliverLetter } from '../../activities/delivery/deliverLetter';
import { FREG_SCOPE } from '../../activities/delivery/freg/client';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { createLetterTransport, letterTransportFromEnv, type LetterTransport } from '../../activities/delivery/transport';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { startLocalFiksArkiv, type LocalFiksArkiv } from '../../launcher/local/fiksArkiv';
import { startLocalFreg, type FregBehaviour, type LocalFreg } from '../../launcher/local/freg';
import { startLocalKrr, type KrrBehaviour, type LocalKrr } from '../../launcher/local/krr';
import type { LocalMaskinporten } from '../../launcher/local/maskinporten';
import { startLocalSvarUt, type LocalSvarUt } from '../../launcher/local/svarut';
import { parseMetrics, sampleValue } from '../support/prometheus';
import { startApiStack, type ApiStack } from '../api/support/apiStack';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { fiksArkivEnv, startMaskinportenWithClient, svarutEnv, writeClientKey, type MaskinportenEnv } from './support/localNational';

let stack: ApiStack;
let maskinporten: LocalMaskinporten;
let freg: LocalFreg;
let krr: LocalKrr;
let svarut: LocalSvarUt;
let dir: string;
let transport: LetterTransport;
/** The same settings, but a private key Maskinporten does not know for the registered kid. */
let wrongKey: LetterTransport;
let arkiv: LocalFiksArkiv;
let archiver: Archiver;

beforeAll(async () => {
  let maskinportenEnv: MaskinportenEnv;
  // No figures cache: each scrape reads PostgreSQL, as a scrape after FIGURES_CACHE_MS would.
  [stack, { maskinporten, dir, maskinportenEnv }] = await Promise.all([
    startApiStack({ worker: false, app: { figuresCacheMs: 0 } }),
    startMaskinportenWithClient({ dirPrefix: 'letters-waiting-', kid: 'namsos-2026', scopes: [...KRR_SCOPES, SVARUT_SCOPE, FREG_SCOPE, FIKS_SCOPE] }),
  ]);
  [freg, krr, svarut, arkiv] = await Promise.all([startLocalFreg({ maskinporten }), startLocalKrr({ maskinporten }), startLocalSvarUt({ maskinporten }), startLocalFiksArkiv({ maskinporten })]);
  const { keyFile: wrongKeyFile } = await writeClientKey(dir, 'wrong.pem');
  const env = (keyFile: string) =>
    letterTransportFromEnv({ LETTER_TRANSPORT: 'svarut', ...maskinportenEnv, MASKINPORTEN_KEY_FILE: keyFile, FREG_URL: freg.url, KRR_URL: krr.url, ...svarutEnv(svarut) });
  const channels = () => createDeliveryChannels(deliveryConfigFromEnv({}, dir));
  [transport, wrongKey] = await Promise.all([
    createLetterTransport(env(maskinportenEnv.MASKINPORTEN_KEY_FILE), { db: stack.db, channels: channels() }),
    createLetterTransport(env(wrongKeyFile), { db: stack.db, channels: channels() }),
  ]);
  const archive = fiksArkivFromEnv({ ...maskinportenEnv, ...fiksArkivEnv(arkiv), FIKS_ARKIV_INBOX_URL: arkiv.inboxUrl })!;
  archiver = await createArchiverFromSettings(archive, {
    db: stack.db,
    sender: (m) => ({ municipalityName: policy.municipalities[m]!.name, office: policy.municipalities[m]!.office }),
  });
});

afterAll(async () => {
  await Promise.allSettled([transport?.follower?.stop(), wrongKey?.follower?.stop()]);
  await Promise.allSettled([stack?.stop(), freg?.close(), krr?.close(), svarut?.close(), arkiv?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

let nextId = 40_000;
async function letterFor(inFreg: FregBehaviour, inKrr: KrrBehaviour) {
  const nationalId = `0303${String(nextId++).padStart(5, '0')}00`.slice(0, 11);
  freg.set(nationalId, inFreg);
  krr.set(nationalId, inKrr);
  const view = decidedView(municipality('namsos'), 'granted');
  await insertCase(stack.db, view, { applicant: { ...APPLICANT, nationalId } });
  const issued = await createIssueLetter({ db: stack.db, policy })({ caseId: view.id, key: 'decision-1', kind: 'decision', view });
  return { caseId: view.id, nationalId, ...issued };
}

const deliver = (letterId: string, through = transport) => createDeliverLetter({ db: stack.db, channels: through.channels, policy })({ letterId, channel: 'digital_mailbox' });
const sentFor = (letterId: string) => svarut.received.filter((f) => f.forsendelse.eksternReferanse === letterId);
const lastError = async (letterId: string) => (await stack.db('letter_deliveries').where({ letter_id: letterId, channel: 'digital_mailbox' }).first()).last_error as string;

async function waitingInMetrics(): Promise<Record<string, number>> {
  const res = await stack.call('GET', '/metrics');
  expect(res.status).toBe(200);
  const samples = parseMetrics(res.text);
  return Object.fromEntries(['maskinporten', 'krr', 'folkeregisteret', 'svarut', 'channel'].map((reason) => [reason, sampleValue(samples, 'letters_waiting', { reason })]));
}

describe('letters waiting for a register, SvarUt or Maskinporten', () => {
  it('wait, each counted in /metrics by the service that failed, and each goes exactly once when the fault is gone', async () => {
    expect(await waitingInMetrics()).toEqual({ maskinporten: 0, krr: 0, folkeregisteret: 0, svarut: 0, channel: 0 });

    const krrGarbled = await letterFor('resident', 'unparseable');
    await expect(deliver(krrGarbled.letterId)).rejects.toMatchObject({ nonRetryable: false, message: expect.stringMatching(/^digital_mailbox: KRR's answer is not JSON/) });

    const fregGarbled = await letterFor('unparseable', 'digital');
    await expect(deliver(fregGarbled.letterId)).rejects.toMatchObject({ nonRetryable: false, message: expect.stringMatching(/^digital_mailbox: Folkeregisteret's answer is not JSON/) });

    const loginRefused = await letterFor('resident', 'digital');
    svarut.failAll(401);
    await expect(deliver(loginRefused.letterId)).rejects.toMatchObject({ nonRetryable: false, message: expect.stringContaining('HTTP 401') });
    svarut.failAll(null);

    const badKey = await letterFor('resident', 'digital');
    await expect(deliver(badKey.letterId, wrongKey)).rejects.toMatchObject({ nonRetryable: false, message: expect.stringMatching(/Maskinporten.*invalid_grant/) });

    // The outbox row says why each waits, naming the service (and for SvarUt the settings to check).
    expect(await lastError(krrGarbled.letterId)).toMatch(/^KRR's answer is not JSON/);
    expect(await lastError(fregGarbled.letterId)).toMatch(/^Folkeregisteret's answer is not JSON/);
    expect(await lastError(loginRefused.letterId)).toMatch(/SvarUt.*HTTP 401.*check SVARUT_INTEGRATION_ID and SVARUT_INTEGRATION_PASSWORD/);
    expect(await lastError(badKey.letterId)).toMatch(/Maskinporten/);
    const letters = [krrGarbled, fregGarbled, loginRefused, badKey];
    for (const { letterId } of letters) expect(sentFor(letterId)).toEqual([]);
    expect(await waitingInMetrics()).toEqual({ maskinporten: 1, krr: 1, folkeregisteret: 1, svarut: 1, channel: 0 });

    // The caseworker sees each letter wait in the letters list, at the service /metrics counts it under, and since when.
    const reasons = new Map([
      [krrGarbled, 'krr'],
      [fregGarbled, 'folkeregisteret'],
      [loginRefused, 'svarut'],
      [badKey, 'maskinporten'],
    ]);
    const since = new Map<string, string>();
    for (const [c, reason] of reasons) {
      const shown = await shownInList(c.caseId, c.letterId);
      expect(shown).toMatchObject({ delivery: { status: 'waiting', waitingReason: reason, waitingSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), deliveredAt: null, failedReason: null }, archive: null });
      since.set(c.letterId, (shown!.delivery as { waitingSince: string }).waitingSince);
    }
    // Another failed attempt: still waiting since the first.
    await expect(deliver(krrGarbled.letterId)).rejects.toMatchObject({ nonRetryable: false });
    expect(await shownInList(krrGarbled.caseId, krrGarbled.letterId)).toMatchObject({ delivery: { status: 'waiting', waitingReason: 'krr', waitingSince: since.get(krrGarbled.letterId) } });

    // The faults gone (the registers answer, SvarUt takes the login, the right key): each letter once.
    krr.set(krrGarbled.nationalId, 'digital');
    freg.set(fregGarbled.nationalId, 'resident');
    for (const { letterId } of letters) expect(await deliver(letterId)).toBe('delivered');
    for (const { letterId } of letters) expect(await deliver(letterId)).toBe('already_delivered');
    for (const { letterId } of letters) expect(sentFor(letterId)).toHaveLength(1);
    expect(svarut.duplicates()).toEqual([]);
    expect(await waitingInMetrics()).toEqual({ maskinporten: 0, krr: 0, folkeregisteret: 0, svarut: 0, channel: 0 });
    // And the list shows them sent, no longer waiting.
    for (const { caseId, letterId } of letters) {
      const shown = await shownInList(caseId, letterId);
      expect(shown).toMatchObject({ delivery: { status: 'sent', route: 'digital' } });
      expect(shown!.delivery).not.toHaveProperty('waitingReason');
      expect(shown!.delivery).not.toHaveProperty('waitingSince');
    }
  });
});

/** The worker's archiving rounds, with every entry due now. */
async function archiveRounds(n: number) {
  for (let i = 0; i < n; i++) {
    await stack.db('archive_entries').whereIn('status', ['waiting', 'sent']).update({ next_attempt_at: stack.db.raw(`now() - interval '1 second'`) });
    await archiver.enqueueOnce();
    await archiver.sendOnce();
    await archiver.receiveOnce();
  }
}

/** The letter as a caseworker sees it in GET /api/cases/:id/letters. */
async function shownInList(caseId: string, letterId: string) {
  const res = await stack.call<{ items: { id: string; delivery: unknown; archive: unknown }[] }>('GET', `/api/cases/${caseId}/letters`);
  expect(res.status).toBe(200);
  return res.body.items.find((l) => l.id === letterId);
}

describe('a letter that waited through a SvarUt outage', () => {
  it('is archived only once it has gone out, then exactly once, and the letters list shows both', async () => {
    const c = await letterFor('resident', 'digital');
    svarut.failAll(503);
    for (let attempt = 0; attempt < 3; attempt++) await expect(deliver(c.letterId)).rejects.toMatchObject({ nonRetryable: false, message: expect.stringContaining('HTTP 503') });
    await archiveRounds(2);
    // Not gone out: nothing to archive yet, and nothing shown as sent: the caseworker sees it wait for SvarUt.
    expect(arkiv.journalposts.filter((j) => j.key === c.letterId)).toEqual([]);
    expect(await shownInList(c.caseId, c.letterId)).toMatchObject({ delivery: { status: 'waiting', waitingReason: 'svarut', waitingSince: expect.stringMatching(/^\d{4}-/) }, archive: null });

    svarut.failAll(null);
    expect(await deliver(c.letterId)).toBe('delivered');
    for (let i = 0; i < 2; i++) {
      await stack.db('letter_transport').update({ next_check_at: stack.db.fn.now() });
      await transport.follower!.followOnce();
    }
    await archiveRounds(3);
    expect(sentFor(c.letterId)).toHaveLength(1);
    const [jp, ...more] = arkiv.journalposts.filter((j) => j.key === c.letterId);
    expect(more).toEqual([]);
    const caseFile = arkiv.caseFiles.get(c.caseId)!;
    expect(await shownInList(c.caseId, c.letterId)).toMatchObject({
      delivery: { status: 'delivered', deliveredAt: expect.stringMatching(/^\d{4}-/), route: 'digital' },
      archive: { status: 'archived', archivedAt: expect.stringMatching(/^\d{4}-/), reference: `${caseFile.caseYear}/${caseFile.caseSequence}-${jp!.journalpostNumber}` },
    });
  });
});
