// The letter delivery workflow on the time-skipping server with the real activities going through
// the project's own Maskinporten, KRR and SvarUt: a SvarUt outage is waited out and the letter sent
// once; a deceased applicant's letter is not sent and the case gets an event saying why.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { createLetterTransport, letterTransportFromEnv, type LetterTransport } from '../../activities/delivery/transport';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { startLocalKrr, type KrrBehaviour, type LocalKrr } from '../../launcher/local/krr';
import type { LocalMaskinporten } from '../../launcher/local/maskinporten';
import { startLocalSvarUt, type LocalSvarUt } from '../../launcher/local/svarut';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmsGateway, type TestSmsGateway } from '../delivery/servers';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { startMaskinportenWithClient, svarutEnv, type MaskinportenEnv } from './support/localNational';
import { letterDeliveryWorker, startLetterDeliveryServer, type LetterDeliveryServer } from './support/letterDeliveryWorker';

let server: LetterDeliveryServer;
let tdb: TestDatabase;
let maskinporten: LocalMaskinporten;
let krr: LocalKrr;
let svarut: LocalSvarUt;
let gateway: TestSmsGateway;
let dir: string;
let transport: LetterTransport;

beforeAll(async () => {
  let maskinportenEnv: MaskinportenEnv;
  [server, tdb, { maskinporten, dir, maskinportenEnv }, gateway] = await Promise.all([
    startLetterDeliveryServer(),
    createTestDatabase(),
    startMaskinportenWithClient({ dirPrefix: 'svarut-workflow-', kid: 'k1', scopes: [...KRR_SCOPES, SVARUT_SCOPE] }),
    startSmsGateway(),
  ]);
  [krr, svarut] = await Promise.all([startLocalKrr({ maskinporten }), startLocalSvarUt({ maskinporten })]);
  transport = await createLetterTransport(letterTransportFromEnv({ LETTER_TRANSPORT: 'svarut', ...maskinportenEnv, KRR_URL: krr.url, ...svarutEnv(svarut) }), {
    db: tdb.db,
    channels: createDeliveryChannels(deliveryConfigFromEnv({ SMS_GATEWAY_URL: gateway.url }, dir)),
  });
});

afterAll(async () => {
  await Promise.allSettled([server?.env.teardown(), tdb?.drop(), krr?.close(), svarut?.close(), gateway?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

let serial = 0;
async function deliverThroughWorkflow(behaviour: KrrBehaviour) {
  const nationalId = `1212${String(serial++).padStart(5, '0')}99`;
  krr.set(nationalId, behaviour);
  const view = decidedView(municipality('namsos'), 'granted');
  await insertCase(tdb.db, view, { applicant: { ...APPLICANT, nationalId } });
  const issued = await createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'decision-1', kind: 'decision', view });
  const { worker, execute } = await letterDeliveryWorker(server, { db: tdb.db, channels: transport.channels }, 'letters');
  const input = { caseId: view.id, letterId: issued.letterId, channels: issued.channels };
  await worker.runUntil(execute(input));
  return { ...input, nationalId };
}

describe('LetterDelivery through KRR and SvarUt', () => {
  it('waits out a SvarUt outage, then sends the letter once and no notice KRR forbids', async () => {
    svarut.failNext(3, 503);
    const { letterId, caseId } = await deliverThroughWorkflow('cannot_notify');
    expect(svarut.received.filter((f) => f.forsendelse.eksternReferanse === letterId)).toHaveLength(1);
    expect(svarut.duplicates()).toEqual([]);
    const rows = await tdb.db('letter_deliveries').where({ letter_id: letterId }).orderBy('channel');
    expect(rows.map((r) => [r.channel, r.status, r.attempts])).toEqual([
      ['digital_mailbox', 'delivered', 4],
      ['email', 'skipped', 0],
      ['sms', 'skipped', 1],
    ]);
    expect(await tdb.db('case_events').where({ case_id: caseId })).toEqual([]);
  });

  it('sends nothing to an applicant KRR has deleted, and the case gets an event saying why', async () => {
    const { letterId, caseId } = await deliverThroughWorkflow('deceased');
    expect(svarut.received.filter((f) => f.forsendelse.eksternReferanse === letterId)).toEqual([]);
    expect(gateway.requests.filter((r) => r.idempotencyKey?.startsWith(letterId))).toEqual([]);
    const events = await tdb.db('case_events').where({ case_id: caseId });
    expect(events.map((e) => [e.type, e.data.channel, e.data.error])).toEqual([
      ['letter_delivery_failed', 'digital_mailbox', 'digital_mailbox: the letter was not sent: KRR: status SLETTET (død eller utvandret)'],
    ]);
  });
});
