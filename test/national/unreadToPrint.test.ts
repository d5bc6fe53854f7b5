// What SvarUt tells back, against PostgreSQL and the project's own Maskinporten, KRR and SvarUt over
// real HTTP: a letter unread in the digital mailbox past timers.unreadToPrint goes to print once and
// is followed there; each delivered letter gets its receipt (made available digitally, or handed to
// print plus the presumed postal delivery). That a decision's receipt reaches its case is shown
// under npm start (test/e2e/nationalInfrastructure.test.ts).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverLetter } from '../../activities/delivery/deliverLetter';
import { FREG_SCOPE } from '../../activities/delivery/freg/client';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { createLetterTransport, letterTransportFromEnv, type LetterTransport } from '../../activities/delivery/transport';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { listLetters } from '../../api/readModels/caseHistory';
import { presumedPostalReceipt } from '../../domain/case/caseDeadlines';
import { DEFAULT_PRESUMED_POSTAL_DELIVERY } from '../../domain/policy/policy';
import { startLocalFreg, type FregBehaviour, type LocalFreg } from '../../launcher/local/freg';
import { startLocalKrr, type KrrBehaviour, type LocalKrr } from '../../launcher/local/krr';
import type { LocalMaskinporten } from '../../launcher/local/maskinporten';
import { startLocalSvarUt, type LocalSvarUt, type SvarUtScenario } from '../../launcher/local/svarut';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { startMaskinportenWithClient, svarutEnv, type MaskinportenEnv } from './support/localNational';

let tdb: TestDatabase;
let maskinporten: LocalMaskinporten;
let freg: LocalFreg;
let krr: LocalKrr;
let svarut: LocalSvarUt;
let dir: string;
let transport: LetterTransport;
/** The policy's unread-to-print wait, as the test sets it. */
let unreadMs = 60 * 60 * 1000;

beforeAll(async () => {
  let maskinportenEnv: MaskinportenEnv;
  [tdb, { maskinporten, dir, maskinportenEnv }] = await Promise.all([
    createTestDatabase(),
    startMaskinportenWithClient({ dirPrefix: 'unread-print-', kid: 'k1', scopes: [...KRR_SCOPES, SVARUT_SCOPE, FREG_SCOPE] }),
  ]);
  [freg, krr, svarut] = await Promise.all([startLocalFreg({ maskinporten }), startLocalKrr({ maskinporten }), startLocalSvarUt({ maskinporten })]);
  const env = { LETTER_TRANSPORT: 'svarut', ...maskinportenEnv, FREG_URL: freg.url, KRR_URL: krr.url, ...svarutEnv(svarut) };
  transport = await createLetterTransport(letterTransportFromEnv(env), {
    db: tdb.db,
    channels: {},
    receipts: { presumedPostalDelivery: () => DEFAULT_PRESUMED_POSTAL_DELIVERY },
    unreadToPrint: {
      after: () => ({ amount: unreadMs / 1000, unit: 'second' }),
      sender: (m) => ({ municipalityName: policy.municipalities[m]!.name, office: policy.municipalities[m]!.office }),
    },
  });
});

afterAll(async () => {
  await Promise.allSettled([tdb?.drop(), freg?.close(), krr?.close(), svarut?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

let serial = 40_000;
async function sent(inKrr: KrrBehaviour, inFreg: FregBehaviour = 'resident', scenario?: SvarUtScenario) {
  const nationalId = `0303${String(serial++).padStart(5, '0')}00`.slice(0, 11);
  krr.set(nationalId, inKrr);
  freg.set(nationalId, inFreg);
  if (scenario) svarut.setScenario(nationalId, scenario);
  const view = decidedView(municipality('namsos'), 'granted');
  await insertCase(tdb.db, view, { applicant: { ...APPLICANT, nationalId } });
  const issued = await createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'decision-1', kind: 'decision', view });
  expect(await createDeliverLetter({ db: tdb.db, channels: transport.channels, policy })({ letterId: issued.letterId, channel: 'digital_mailbox' })).toBe('delivered');
  return { caseId: view.id, letterId: issued.letterId, nationalId };
}
async function rounds(n: number) {
  for (let i = 0; i < n; i++) {
    await tdb.db('letter_transport').update({ next_check_at: tdb.db.fn.now() });
    await transport.follower!.followOnce();
    await transport.follower!.receiptsOnce();
  }
}
const shown = async (caseId: string, letterId: string) => (await listLetters(tdb.db, caseId)).find((l) => l.id === letterId)?.delivery;
const row = (letterId: string) => tdb.db('letter_transport').where({ letter_id: letterId }).first();

describe('unread to print', () => {
  it('sends a letter unread past unreadToPrint to print once, to the register\'s address, and follows it there', async () => {
    unreadMs = 1000;
    const { caseId, letterId } = await sent('digital', 'resident', 'unread');
    await rounds(3);
    expect(await shown(caseId, letterId)).toMatchObject({ status: 'delivered', route: 'digital' });
    const availableAt = (await shown(caseId, letterId))!.deliveredAt;
    await new Promise((r) => setTimeout(r, 1100));
    await rounds(1);
    const prints = svarut.received.filter((f) => f.forsendelse.eksternReferanse === `${letterId}-print`);
    expect(prints).toHaveLength(1);
    expect(prints[0]!.forsendelse.mottaker).toEqual({ navn: 'Kari Nordmann', adresselinje1: 'Fregveien 7', postnummer: '7800', poststed: 'NAMSOS' });
    expect(prints[0]!.documents[0]!.data.subarray(0, 5).toString()).toBe('%PDF-');
    await rounds(4);
    expect(svarut.received.filter((f) => f.forsendelse.eksternReferanse.startsWith(letterId))).toHaveLength(2);
    expect(svarut.duplicates()).toEqual([]);
    // Printed now; it reached the applicant when it was made available digitally.
    expect(await shown(caseId, letterId)).toEqual({ status: 'printed', route: 'print', deliveredAt: availableAt, failedReason: null });
    expect(await row(letterId)).toMatchObject({ unread_digital_id: svarut.received.find((f) => f.forsendelse.eksternReferanse === letterId)!.id, final: true });
    expect((await row(letterId)).receipt_at.toISOString()).toBe(availableAt);
  });

  it('leaves a letter in the mailbox while its time has not come, and one that was read', async () => {
    unreadMs = 60 * 60 * 1000;
    const waiting = await sent('digital', 'resident', 'unread');
    const read = await sent('digital');
    await rounds(5);
    expect(await shown(waiting.caseId, waiting.letterId)).toMatchObject({ status: 'delivered', route: 'digital' });
    expect(await shown(read.caseId, read.letterId)).toMatchObject({ status: 'read', route: 'digital' });
    unreadMs = 1;
    await rounds(1);
    expect(svarut.received.filter((f) => f.forsendelse.eksternReferanse === `${read.letterId}-print`)).toEqual([]);
    expect(svarut.received.filter((f) => f.forsendelse.eksternReferanse === `${waiting.letterId}-print`)).toHaveLength(1);
  });

  it('never prints a protected applicant\'s unread letter by the ordinary route', async () => {
    unreadMs = 1;
    const { caseId, letterId } = await sent('digital', 'strengtFortrolig', 'unread');
    await rounds(5);
    expect(svarut.received.filter((f) => f.forsendelse.eksternReferanse === `${letterId}-print`)).toEqual([]);
    expect(await shown(caseId, letterId)).toMatchObject({ status: 'delivered', route: 'digital' });
  });

  it('does not print twice when the worker died after SvarUt took the print forsendelse but before it was recorded', async () => {
    unreadMs = 1;
    const { letterId } = await sent('digital', 'resident', 'unread');
    await rounds(4);
    const digitalId = (await row(letterId)).unread_digital_id;
    expect(digitalId).not.toBeNull();
    // The crash: SvarUt has the print forsendelse, our row does not say so.
    await tdb.db('letter_transport').where({ letter_id: letterId }).update({ unread_digital_id: null, external_id: digitalId, route: 'digital', status: 'delivered', final: false });
    await rounds(1);
    expect(svarut.received.filter((f) => f.forsendelse.eksternReferanse === `${letterId}-print`)).toHaveLength(1);
  });
});

describe('the receipt', () => {
  it('is the time a letter was made available digitally, and for print the time handed to print plus the presumed postal delivery', async () => {
    unreadMs = 1;
    const digital = await sent('digital', 'resident', 'unread');
    const paper = await sent('reserved');
    await rounds(3);
    // Printed since, being unread: its receipt is still when it was made available digitally.
    const d = await row(digital.letterId);
    expect(d.receipt_at.toISOString()).toBe(d.delivered_at.toISOString());
    const p = await row(paper.letterId);
    expect(p.route).toBe('print');
    expect(p.receipt_at.toISOString()).toBe(presumedPostalReceipt(p.delivered_at, DEFAULT_PRESUMED_POSTAL_DELIVERY).toISOString());
    // Not handed to any case here (no register given), and never before its time.
    expect(p.receipt_registered_at).toBeNull();
  });
});
