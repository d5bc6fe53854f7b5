// A SvarUt outage of more than half an hour of retries, on the time-skipping server with the real
// activities and the project's own Maskinporten, KRR and SvarUt over real HTTP: the letters wait
// (counted in letters_waiting{svarut} meanwhile: svarutDelivery.test.ts), and when SvarUt is back each goes exactly once and is
// followed to the end, also through an outage of the status look-up; no letter is reported failed.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { createLetterTransport, letterTransportFromEnv, type LetterTransport } from '../../activities/delivery/transport';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { listLetters } from '../../api/readModels/caseHistory';
import { operationalFigures } from '../../api/readModels/operationalFigures';
import { startLocalKrr, type LocalKrr } from '../../launcher/local/krr';
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
    startMaskinportenWithClient({ dirPrefix: 'svarut-outage-', kid: 'k1', scopes: [...KRR_SCOPES, SVARUT_SCOPE] }),
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

async function issued(n: number) {
  const letters = [];
  for (let i = 0; i < n; i++) {
    const nationalId = `1313${String(i).padStart(5, '0')}77`;
    krr.set(nationalId, 'digital');
    const view = decidedView(municipality('namsos'), 'granted');
    await insertCase(tdb.db, view, { applicant: { ...APPLICANT, nationalId } });
    const letter = await createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'decision-1', kind: 'decision', view });
    letters.push({ caseId: view.id, letterId: letter.letterId, channels: letter.channels });
  }
  return letters;
}

const waitingFor = async (reason: string) => (await operationalFigures(tdb.db)).waiting.find((w) => w.reason === reason)?.count ?? 0;

describe('a SvarUt outage', () => {
  it('keeps the letters waiting, then sends each exactly once and follows it to the end', { timeout: 120_000 }, async () => {
    const letters = await issued(3);
    const { worker, execute } = await letterDeliveryWorker(server, { db: tdb.db, channels: transport.channels }, 'outage');
    // SvarUt answers 503 to the first eight attempts of each letter: with the delivery's backoff (10 s
    // doubling, at most 1 h) the ninth comes about 42 minutes in, the tenth past an hour and a half.
    // One letter at a time: the time-skipping test server loses count of its time lock when several
    // activities fail at once ("Unbalanced lock and unlock calls") and then stops skipping time.
    await worker.runUntil(async () => {
      for (const input of letters) {
        svarut.failNext(8, 503);
        await execute(input);
      }
    });
    const attempts = await Promise.all(letters.map(async (l) => (await tdb.db('letter_deliveries').where({ letter_id: l.letterId, channel: 'digital_mailbox' }).first()).attempts as number));
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(letters.length * 9);
    expect(await waitingFor('svarut')).toBe(0);
    for (const l of letters) {
      expect(svarut.received.filter((f) => f.forsendelse.eksternReferanse === l.letterId)).toHaveLength(1);
      expect(await tdb.db('letter_deliveries').where({ letter_id: l.letterId, channel: 'digital_mailbox' }).first()).toMatchObject({ status: 'delivered' });
      expect(await tdb.db('case_events').where({ case_id: l.caseId })).toEqual([]);
    }
    expect(svarut.duplicates()).toEqual([]);

    // SvarUt down again while the statuses are followed: the look-up fails, nothing is lost, and it goes on once back.
    svarut.failAll(503);
    await tdb.db('letter_transport').update({ next_check_at: tdb.db.fn.now() });
    await expect(transport.follower!.followOnce()).rejects.toThrow(/SvarUt status: HTTP 503/);
    svarut.failAll(null);
    for (let round = 0; round < 4; round++) {
      await tdb.db('letter_transport').update({ next_check_at: tdb.db.fn.now() });
      await transport.follower!.followOnce();
    }
    for (const l of letters) expect((await listLetters(tdb.db, l.caseId)).find((x) => x.id === l.letterId)?.delivery).toMatchObject({ status: 'read', route: 'digital' });
  });
});
