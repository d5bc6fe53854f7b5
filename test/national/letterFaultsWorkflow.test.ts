// A fault that does not pass, through the letter delivery workflow on the time-skipping server with
// the real activities going to the project's own Maskinporten, Folkeregisteret, KRR and SvarUt over
// HTTP: SvarUt refusing the login (401), a wrong Maskinporten key, a KRR answer that never parses.
// Each letter is retried for its hours and never sent, and then the case gets one
// letter_delivery_failed event that says why. And a deceased applicant: no letter, now or later,
// and the case says so (one applicant_deceased event, the flag's row).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { FREG_SCOPE } from '../../activities/delivery/freg/client';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { createLetterTransport, letterTransportFromEnv, type LetterTransport } from '../../activities/delivery/transport';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { listLetters } from '../../api/readModels/caseHistory';
import { startLocalFreg, type FregBehaviour, type LocalFreg } from '../../launcher/local/freg';
import { startLocalKrr, type KrrBehaviour, type LocalKrr } from '../../launcher/local/krr';
import type { LocalMaskinporten } from '../../launcher/local/maskinporten';
import { startLocalSvarUt, type LocalSvarUt } from '../../launcher/local/svarut';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { startMaskinportenWithClient, svarutEnv, writeClientKey, type MaskinportenEnv } from './support/localNational';
import { letterDeliveryWorker, startLetterDeliveryServer, type LetterDeliveryServer } from './support/letterDeliveryWorker';

let server: LetterDeliveryServer;
let tdb: TestDatabase;
let maskinporten: LocalMaskinporten;
let freg: LocalFreg;
let krr: LocalKrr;
let svarut: LocalSvarUt;
let dir: string;
let transport: LetterTransport;
/** The same settings with a private key Maskinporten does not know for the registered kid. */
let wrongKey: LetterTransport;

beforeAll(async () => {
  let maskinportenEnv: MaskinportenEnv;
  [server, tdb, { maskinporten, dir, maskinportenEnv }] = await Promise.all([
    startLetterDeliveryServer(),
    createTestDatabase(),
    startMaskinportenWithClient({ dirPrefix: 'letter-faults-', kid: 'k1', scopes: [...KRR_SCOPES, SVARUT_SCOPE, FREG_SCOPE] }),
  ]);
  [freg, krr, svarut] = await Promise.all([startLocalFreg({ maskinporten }), startLocalKrr({ maskinporten }), startLocalSvarUt({ maskinporten })]);
  const { keyFile: wrongKeyFile } = await writeClientKey(dir, 'wrong.pem');
  const settings = (keyFile: string) =>
    letterTransportFromEnv({ LETTER_TRANSPORT: 'svarut', ...maskinportenEnv, MASKINPORTEN_KEY_FILE: keyFile, FREG_URL: freg.url, KRR_URL: krr.url, ...svarutEnv(svarut) });
  // No SMS gateway or mail server: the notices are skipped as not configured, so only the letter's own channel is at stake.
  [transport, wrongKey] = await Promise.all([
    createLetterTransport(settings(maskinportenEnv.MASKINPORTEN_KEY_FILE), { db: tdb.db, channels: createDeliveryChannels(deliveryConfigFromEnv({}, dir)) }),
    createLetterTransport(settings(wrongKeyFile), { db: tdb.db, channels: createDeliveryChannels(deliveryConfigFromEnv({}, dir)) }),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([transport?.follower?.stop(), wrongKey?.follower?.stop()]);
  await Promise.allSettled([server?.env.teardown(), tdb?.drop(), freg?.close(), krr?.close(), svarut?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

let serial = 0;
/** A case of an applicant the registers answer for as told. */
async function applicantCase(inFreg: FregBehaviour, inKrr: KrrBehaviour) {
  const nationalId = `1313${String(serial++).padStart(5, '0')}77`;
  freg.set(nationalId, inFreg);
  krr.set(nationalId, inKrr);
  const view = decidedView(municipality('namsos'), 'granted');
  await insertCase(tdb.db, view, { applicant: { ...APPLICANT, nationalId } });
  return { caseId: view.id, view, nationalId };
}

/** Issues a letter of the case and runs its delivery workflow to the end, the activities going through `through`. */
async function sendThroughWorkflow(c: Awaited<ReturnType<typeof applicantCase>>, key: string, through = transport) {
  const issued = await createIssueLetter({ db: tdb.db, policy })({ caseId: c.caseId, key, kind: 'decision', view: c.view });
  const { worker, execute } = await letterDeliveryWorker(server, { db: tdb.db, channels: through.channels }, 'letter-faults');
  await worker.runUntil(execute({ caseId: c.caseId, letterId: issued.letterId, channels: issued.channels }));
  return issued.letterId;
}

const sentFor = (letterId: string) => svarut.received.filter((f) => f.forsendelse.eksternReferanse === letterId);
const failures = async (caseId: string) =>
  (await tdb.db('case_events').where({ case_id: caseId, type: 'letter_delivery_failed' }).orderBy('seq')).map((e) => ({ letterId: e.data.letterId, channel: e.data.channel, error: e.data.error as string }));
const outbox = async (letterId: string) => tdb.db('letter_deliveries').where({ letter_id: letterId, channel: 'digital_mailbox' }).first();

describe('a letter whose fault does not pass', () => {
  it('SvarUt refusing the login (401): retried for its hours, never sent, and the case gets one event naming the settings to check', async () => {
    const c = await applicantCase('resident', 'digital');
    svarut.failAll(401);
    let letterId: string;
    try {
      letterId = await sendThroughWorkflow(c, 'decision-1');
    } finally {
      svarut.failAll(null);
    }
    expect(sentFor(letterId)).toEqual([]);
    expect(await outbox(letterId)).toMatchObject({ status: 'failed', attempts: 12 });
    expect(await failures(c.caseId)).toEqual([
      { letterId, channel: 'digital_mailbox', error: expect.stringMatching(/^digital_mailbox: SvarUt .*HTTP 401.*check SVARUT_INTEGRATION_ID and SVARUT_INTEGRATION_PASSWORD/) },
    ]);
    expect((await listLetters(tdb.db, c.caseId)).find((l) => l.id === letterId)?.delivery).toMatchObject({ status: 'failed' });
  });

  it('a Maskinporten key that is not the registered one: never sent, and the event says Maskinporten refused the grant', async () => {
    const c = await applicantCase('resident', 'digital');
    const lookupsBefore = krr.lookups;
    const letterId = await sendThroughWorkflow(c, 'decision-1', wrongKey);
    expect(sentFor(letterId)).toEqual([]);
    expect(krr.lookups).toBe(lookupsBefore);
    expect(await outbox(letterId)).toMatchObject({ status: 'failed', attempts: 12 });
    expect(await failures(c.caseId)).toEqual([{ letterId, channel: 'digital_mailbox', error: expect.stringMatching(/^digital_mailbox: .*Maskinporten.*invalid_grant/) }]);
  });

  it('a KRR answer that never parses: never sent, and the event says KRR\'s answer did not parse', async () => {
    const c = await applicantCase('resident', 'unparseable');
    const letterId = await sendThroughWorkflow(c, 'decision-1');
    expect(sentFor(letterId)).toEqual([]);
    expect(await failures(c.caseId)).toEqual([{ letterId, channel: 'digital_mailbox', error: expect.stringMatching(/^digital_mailbox: KRR's answer is not JSON/) }]);
  });
});

describe('a deceased applicant', () => {
  it('gets no letter, now or later, and each letter\'s event on the case says Folkeregisteret has the applicant as dead', async () => {
    const c = await applicantCase('deceased', 'digital');
    const first = await sendThroughWorkflow(c, 'decision-1');
    const second = await sendThroughWorkflow(c, 'decision-2');
    expect([...sentFor(first), ...sentFor(second)]).toEqual([]);
    // Not retried for hours: death does not pass.
    expect(await outbox(first)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await failures(c.caseId)).toEqual([
      { letterId: first, channel: 'digital_mailbox', error: 'digital_mailbox: the letter was not sent: Folkeregisteret: død' },
      { letterId: second, channel: 'digital_mailbox', error: 'digital_mailbox: the letter was not sent: Folkeregisteret: død' },
    ]);
    const shown = await listLetters(tdb.db, c.caseId);
    for (const letterId of [first, second]) expect(shown.find((l) => l.id === letterId)?.delivery).toMatchObject({ status: 'failed', failedReason: 'Folkeregisteret: død' });
    // The case itself is told once, by the first letter that found it: one event and the flag's row.
    const told = await tdb.db('case_events').where({ case_id: c.caseId, type: 'applicant_deceased' });
    expect(told.map((e) => ({ actor: e.actor, data: e.data }))).toEqual([{ actor: 'system', data: { source: 'folkeregisteret', letterId: first } }]);
    expect((await tdb.db('cases').where({ id: c.caseId }).first('applicant_deceased_at')).applicant_deceased_at).toBeInstanceOf(Date);
  });
});
