// A deceased applicant, as the office sees it over real HTTP while letters go through the project's
// own Maskinporten, Folkeregisteret, KRR and SvarUt: the first letter that finds the applicant dead
// in Folkeregisteret tells the case once (one applicant_deceased event, flags.applicantDeceased on
// GET /api/cases/:id and in the work queue), no letter of the case goes out after it (not one routed
// before, not a later one, not a retry), and the case workflow's next view write does not erase it.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { createDeliverLetter, createRecordDeliveryFailure } from '../../activities/delivery/deliverLetter';
import { FREG_SCOPE } from '../../activities/delivery/freg/client';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { createLetterTransport, letterTransportFromEnv, type LetterTransport } from '../../activities/delivery/transport';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { createRecordCaseChange } from '../../activities/recordCaseChange';
import type { CaseView } from '../../domain/case/caseTypes';
import { startLocalFreg, type FregBehaviour, type LocalFreg } from '../../launcher/local/freg';
import { startLocalKrr, type LocalKrr } from '../../launcher/local/krr';
import type { LocalMaskinporten } from '../../launcher/local/maskinporten';
import { startLocalSvarUt, type LocalSvarUt } from '../../launcher/local/svarut';
import { startApiStack, type ApiStack } from '../api/support/apiStack';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { startMaskinportenWithClient, svarutEnv, type MaskinportenEnv } from './support/localNational';

let stack: ApiStack;
let maskinporten: LocalMaskinporten;
let freg: LocalFreg;
let krr: LocalKrr;
let svarut: LocalSvarUt;
let dir: string;
let transport: LetterTransport;

beforeAll(async () => {
  let maskinportenEnv: MaskinportenEnv;
  [stack, { maskinporten, dir, maskinportenEnv }] = await Promise.all([
    startApiStack({ worker: false }),
    startMaskinportenWithClient({ dirPrefix: 'applicant-deceased-', kid: 'namsos-2026', scopes: [...KRR_SCOPES, SVARUT_SCOPE, FREG_SCOPE] }),
  ]);
  [freg, krr, svarut] = await Promise.all([startLocalFreg({ maskinporten }), startLocalKrr({ maskinporten }), startLocalSvarUt({ maskinporten })]);
  transport = await createLetterTransport(letterTransportFromEnv({ LETTER_TRANSPORT: 'svarut', ...maskinportenEnv, FREG_URL: freg.url, KRR_URL: krr.url, ...svarutEnv(svarut) }), {
    db: stack.db,
    channels: createDeliveryChannels(deliveryConfigFromEnv({}, dir)),
  });
});

afterAll(async () => {
  await Promise.allSettled([transport?.follower?.stop()]);
  await Promise.allSettled([stack?.stop(), freg?.close(), krr?.close(), svarut?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

let nextId = 70_000;
/** A decided case whose workflow has recorded its view (so GET /api/cases/:id answers from the stored row here, with no worker). */
async function applicantCase(inFreg: FregBehaviour) {
  const nationalId = `0505${String(nextId++).padStart(5, '0')}00`.slice(0, 11);
  freg.set(nationalId, inFreg);
  krr.set(nationalId, 'digital');
  const view = decidedView(municipality('namsos'), 'granted');
  await insertCase(stack.db, view, { applicant: { ...APPLICANT, nationalId } });
  await stack.db('cases').where({ id: view.id }).update({ view_seq: 5 });
  return { caseId: view.id, view, nationalId };
}

const issue = async (c: Awaited<ReturnType<typeof applicantCase>>, key: string) => (await createIssueLetter({ db: stack.db, policy })({ caseId: c.caseId, key, kind: 'decision', view: c.view })).letterId;
const deliver = (letterId: string) => createDeliverLetter({ db: stack.db, channels: transport.channels, policy })({ letterId, channel: 'digital_mailbox' });
const sentFor = (letterId: string) => svarut.received.filter((f) => f.forsendelse.eksternReferanse === letterId);
const refused = { nonRetryable: true, message: 'digital_mailbox: the letter was not sent: Folkeregisteret: død' };

async function shownCase(caseId: string): Promise<CaseView> {
  const res = await stack.call<CaseView>('GET', `/api/cases/${caseId}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function eventsOf(caseId: string, type: string) {
  const res = await stack.call<{ items: { type: string; actor: string; data: Record<string, unknown> }[] }>('GET', `/api/cases/${caseId}/events`);
  expect(res.status).toBe(200);
  return res.body.items.filter((e) => e.type === type);
}

describe('a deceased applicant', () => {
  it('marks the case once, and no letter of the case goes out after it: not one routed before, not a later one, not a retry', async () => {
    const c = await applicantCase('resident');
    const alive = await applicantCase('resident');

    // Routed while the applicant was alive, but SvarUt was down: not sent yet.
    const before = await issue(c, 'decision-1');
    svarut.failAll(503);
    try {
      await expect(deliver(before)).rejects.toMatchObject({ nonRetryable: false, message: expect.stringContaining('HTTP 503') });
    } finally {
      svarut.failAll(null);
    }
    expect((await shownCase(c.caseId)).flags.applicantDeceased).toBeUndefined();

    // Then the register has the applicant as dead: the next letter finds it.
    freg.set(c.nationalId, 'deceased');
    const finding = await issue(c, 'decision-2');
    await expect(deliver(finding)).rejects.toMatchObject(refused);
    // A retry of the same letter (the activity ran again after a crash) and a second failure report add nothing.
    await expect(deliver(finding)).rejects.toMatchObject(refused);

    const shown = await shownCase(c.caseId);
    expect(shown.flags).toMatchObject({ applicantDeceased: true });
    expect(await eventsOf(c.caseId, 'applicant_deceased')).toEqual([{ type: 'applicant_deceased', at: expect.any(String), actor: 'system', data: { source: 'folkeregisteret', letterId: finding } }]);

    // The letter routed before: stopped with the same reason, never sent, also once SvarUt is back.
    await expect(deliver(before)).rejects.toMatchObject(refused);
    // A later letter: stopped without asking the registers again.
    const lookups = freg.lookups;
    const later = await issue(c, 'decision-3');
    await expect(deliver(later)).rejects.toMatchObject(refused);
    expect(freg.lookups).toBe(lookups);
    for (const letterId of [before, finding, later]) expect(sentFor(letterId)).toEqual([]);

    // The failures are reported as the workflow reports them; still one applicant_deceased event.
    const recordFailure = createRecordDeliveryFailure({ db: stack.db });
    for (const letterId of [before, finding, later]) await recordFailure({ caseId: c.caseId, letterId, channel: 'digital_mailbox', error: refused.message });
    expect(await eventsOf(c.caseId, 'applicant_deceased')).toHaveLength(1);
    expect(await eventsOf(c.caseId, 'letter_delivery_failed')).toHaveLength(3);
    const letters = await stack.call<{ items: { id: string; delivery: { status: string; failedReason: string | null } | null }[] }>('GET', `/api/cases/${c.caseId}/letters`);
    for (const letterId of [before, finding, later]) {
      expect(letters.body.items.find((l) => l.id === letterId)?.delivery).toMatchObject({ status: 'failed', failedReason: 'Folkeregisteret: død' });
    }

    // The work queue shows it too; a living applicant's case has no such flag.
    const queue = await stack.call<{ items: { id: string; flags: Record<string, boolean> }[] }>('GET', '/api/cases?municipality=namsos&limit=100');
    expect(queue.status).toBe(200);
    expect(queue.body.items.find((i) => i.id === c.caseId)?.flags).toMatchObject({ applicantDeceased: true });
    expect(queue.body.items.find((i) => i.id === alive.caseId)?.flags.applicantDeceased).toBeUndefined();
    expect((await shownCase(alive.caseId)).flags.applicantDeceased).toBeUndefined();
  });

  it('a letter SvarUt took before the death was found, by an attempt that died before recording it: recorded as sent, not sent again', async () => {
    const c = await applicantCase('resident');
    const taken = await issue(c, 'decision-1');
    expect(await deliver(taken)).toBe('delivered');
    // The worker died after SvarUt accepted the forsendelse, before the project recorded it.
    await stack.db('letter_transport').where({ letter_id: taken }).update({ external_id: null, status: null });
    await stack.db('letter_deliveries').where({ letter_id: taken, channel: 'digital_mailbox' }).update({ status: 'pending', external_id: null, delivered_at: null });
    freg.set(c.nationalId, 'deceased');
    await expect(deliver(await issue(c, 'decision-2'))).rejects.toMatchObject(refused);
    expect((await shownCase(c.caseId)).flags).toMatchObject({ applicantDeceased: true });

    expect(await deliver(taken)).toBe('already_delivered');
    expect(sentFor(taken)).toHaveLength(1);
    const letters = await stack.call<{ items: { id: string; delivery: { status: string } | null }[] }>('GET', `/api/cases/${c.caseId}/letters`);
    expect(letters.body.items.find((l) => l.id === taken)?.delivery).toMatchObject({ status: 'sent' });
  });

  it("is not erased by the case workflow's next view write", async () => {
    const c = await applicantCase('deceased');
    const letterId = await issue(c, 'decision-1');
    await expect(deliver(letterId)).rejects.toMatchObject(refused);
    expect((await shownCase(c.caseId)).flags).toMatchObject({ applicantDeceased: true });

    // The workflow records a change of its own (its view knows nothing of the death).
    const at = new Date().toISOString();
    await createRecordCaseChange({ db: stack.db })({
      caseId: c.caseId,
      runId: 'run-1',
      seq: 6,
      event: { type: 'decision_received', at, actor: 'system', data: {} },
      view: { ...c.view, status: 'active' },
      overdue: false,
      nextDeadline: null,
    });
    const shown = await shownCase(c.caseId);
    expect(shown.status).toBe('active');
    expect(shown.flags).toMatchObject({ applicantDeceased: true });
    expect(await eventsOf(c.caseId, 'applicant_deceased')).toHaveLength(1);
  });
});
