// Folkeregisteret before a letter goes out (LETTER_TRANSPORT=svarut with FREG_URL), against
// PostgreSQL and the project's own Maskinporten, Folkeregisteret, KRR and SvarUt over real HTTP:
// a deceased applicant gets no letter, a protected address is never written into a forsendelse or
// a letter and never printed by the ordinary route, and print goes to the register's address.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { createDeliverLetter } from '../../activities/delivery/deliverLetter';
import type { DeliveryChannelName } from '../../activities/delivery/channels';
import { createFregClient, FREG_SCOPE, fregFacts } from '../../activities/delivery/freg/client';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { createMaskinportenClient, readMaskinportenKey } from '../../activities/delivery/maskinporten/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { createLetterTransport, letterTransportFromEnv, type LetterTransport } from '../../activities/delivery/transport';
import { createIssueLetter } from '../../activities/letters/issueLetter';
import { operationalFigures } from '../../api/readModels/operationalFigures';
import type { Channel } from '../../domain/case/caseTypes';
import { LOCAL_FREG_ADDRESS, startLocalFreg, type FregBehaviour, type LocalFreg } from '../../launcher/local/freg';
import { startLocalKrr, type KrrBehaviour, type LocalKrr } from '../../launcher/local/krr';
import type { LocalMaskinporten } from '../../launcher/local/maskinporten';
import { startLocalSvarUt, type LocalSvarUt } from '../../launcher/local/svarut';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmsGateway, type TestSmsGateway } from '../delivery/servers';
import { APPLICANT, decidedView, insertCase, municipality, policy } from '../letters/fixtures';
import { startMaskinportenWithClient, svarutEnv, type MaskinportenEnv, type MaskinportenWithClient } from './support/localNational';

let tdb: TestDatabase;
let maskinporten: LocalMaskinporten;
let freg: LocalFreg;
let krr: LocalKrr;
let svarut: LocalSvarUt;
let gateway: TestSmsGateway;
let dir: string;
let keyFile: string;
let env: Record<string, string>;
let transport: LetterTransport;

beforeAll(async () => {
  let maskinportenEnv: MaskinportenEnv;
  let publicKey: MaskinportenWithClient['publicKey'];
  [tdb, { maskinporten, dir, keyFile, publicKey, maskinportenEnv }, gateway] = await Promise.all([
    createTestDatabase(),
    startMaskinportenWithClient({ dirPrefix: 'freg-delivery-', kid: 'namsos-2026', scopes: [...KRR_SCOPES, SVARUT_SCOPE, FREG_SCOPE] }),
    startSmsGateway(),
  ]);
  // A client without the Folkeregisteret scope, to see the register refuse it.
  maskinporten.addClient({ clientId: 'uten-hjemmel', kid: 'k2', publicKey, scopes: [...KRR_SCOPES] });
  [freg, krr, svarut] = await Promise.all([startLocalFreg({ maskinporten }), startLocalKrr({ maskinporten }), startLocalSvarUt({ maskinporten })]);
  env = { LETTER_TRANSPORT: 'svarut', ...maskinportenEnv, FREG_URL: freg.url, KRR_URL: krr.url, ...svarutEnv(svarut) };
  transport = await createLetterTransport(letterTransportFromEnv(env), {
    db: tdb.db,
    channels: createDeliveryChannels(deliveryConfigFromEnv({ SMS_GATEWAY_URL: gateway.url }, dir)),
  });
});

afterAll(async () => {
  await Promise.allSettled([tdb?.drop(), freg?.close(), krr?.close(), svarut?.close(), gateway?.close()]);
  await Promise.allSettled([maskinporten?.close(), dir && rm(dir, { recursive: true, force: true })]);
});

let nextId = 30_000;
async function letterFor(inFreg: FregBehaviour, inKrr: KrrBehaviour, channel: Channel = 'digital') {
  const nationalId = `0202${String(nextId++).padStart(5, '0')}00`.slice(0, 11);
  freg.set(nationalId, inFreg);
  krr.set(nationalId, inKrr);
  const view = decidedView(municipality('namsos'), 'granted', { channel });
  await insertCase(tdb.db, view, { channel, applicant: { ...APPLICANT, nationalId } });
  const issued = await createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'decision-1', kind: 'decision', view });
  return { caseId: view.id, nationalId, ...issued };
}
const deliver = (letterId: string, channel: DeliveryChannelName) => createDeliverLetter({ db: tdb.db, channels: transport.channels, policy })({ letterId, channel });
const sentFor = (letterId: string) => svarut.received.filter((f) => f.forsendelse.eksternReferanse === letterId);

describe('the Folkeregisteret client', () => {
  const client = async (clientId: string, kid: string) =>
    createFregClient({
      url: freg.url,
      maskinporten: createMaskinportenClient({ tokenUrl: maskinporten.tokenUrl, audience: maskinporten.issuer, clientId, kid, privateKey: await readMaskinportenKey(keyFile) }),
    });

  it('reads death, address protection and the postal address from the register', async () => {
    const c = await client('namsos-kommune', 'namsos-2026');
    expect(fregFacts(await c.lookup('01017012345'))).toEqual({ deceased: false, protectedAddress: false, postal: { adresselinje1: 'Fregveien 7', postnummer: '7800', poststed: 'NAMSOS' } });
    freg.set('01017012346', 'deceased');
    expect(fregFacts(await c.lookup('01017012346'))).toMatchObject({ deceased: true });
    freg.set('01017012347', 'strengtFortrolig');
    expect(fregFacts(await c.lookup('01017012347'))).toEqual({ deceased: false, protectedAddress: true, postal: null });
    // The register gives a confidential address to a body with legal basis; the project still never uses it.
    freg.set('01017012348', 'fortrolig');
    expect(fregFacts(await c.lookup('01017012348'))).toEqual({ deceased: false, protectedAddress: true, postal: null });
  });

  it('says why it cannot answer, without the national id: cut off, not found, no scope', async () => {
    const c = await client('namsos-kommune', 'namsos-2026');
    freg.set('01017012349', 'unparseable');
    await expect(c.lookup('01017012349')).rejects.toThrow(/^Folkeregisteret's answer is not JSON/);
    freg.set('01017012350', 'not_found');
    await expect(c.lookup('01017012350')).rejects.toThrow(/^Folkeregisteret answered HTTP 404 \(no such person\)$/);
    const without = await client('uten-hjemmel', 'k2');
    await expect(without.lookup('01017012345')).rejects.toThrow(/^Folkeregisteret: no Maskinporten token: .*invalid_scope/);
  });
});

describe('letters checked against Folkeregisteret', () => {
  it('sends no letter to a deceased applicant, asks KRR nothing, and says why', async () => {
    const before = krr.lookups;
    const { letterId } = await letterFor('deceased', 'digital');
    await expect(deliver(letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: true, message: 'digital_mailbox: the letter was not sent: Folkeregisteret: død' });
    expect(sentFor(letterId)).toEqual([]);
    expect(krr.lookups).toBe(before);
  });

  it('sends print to the address in the register, not the one in the application', async () => {
    const { letterId } = await letterFor('resident', 'reserved');
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    expect(sentFor(letterId)[0]!.forsendelse.mottaker).toEqual({ navn: 'Kari Nordmann', adresselinje1: 'Fregveien 7', postnummer: '7800', poststed: 'NAMSOS' });
  });

  it.each(['strengtFortrolig', 'fortrolig'] as const)('never prints a letter by the ordinary route to a %s address: held, with a notice for the office', async (grading) => {
    const { letterId, caseId } = await letterFor(grading, 'reserved');
    await expect(deliver(letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('Folkeregisteret: adressebeskyttelse') });
    expect(sentFor(letterId)).toEqual([]);
    const row = await tdb.db('letter_transport').where({ letter_id: letterId }).first();
    expect(row).toMatchObject({ route: 'stop', address_protected: true, postal_address: null });
    expect(JSON.stringify(row)).not.toContain('Storgata');
    expect(caseId).toBeTruthy();
  });

  it('sends a protected applicant\'s letter to the digital mailbox only, with no address in it and no SMS', async () => {
    const { letterId, nationalId } = await letterFor('strengtFortrolig', 'digital');
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    const [sent] = sentFor(letterId);
    expect(sent!.forsendelse).toMatchObject({ kunDigitalLevering: true, mottaker: { navn: 'Kari Nordmann', digitalId: nationalId } });
    expect(Object.keys(sent!.forsendelse.mottaker).sort()).toEqual(['digitalId', 'navn']);
    // The application's street and postcode are nowhere in the letter.
    const parser = new PDFParse({ data: new Uint8Array(sent!.documents[0]!.data) });
    const pdf = (await parser.getText().finally(() => parser.destroy())).text;
    expect(pdf).toContain('Kari Nordmann');
    expect(pdf).not.toContain('Storgata');
    expect(pdf).not.toContain('7800');
    expect(await deliver(letterId, 'sms')).toBe('skipped');
    expect(gateway.requests.some((r) => r.idempotencyKey?.startsWith(letterId))).toBe(false);
  });

  it('writes the address the register gives for a fortrolig applicant nowhere: no table, file, forsendelse, PDF, SMS or status look-up', async () => {
    const street = LOCAL_FREG_ADDRESS.adressenavn;
    const digital = await letterFor('fortrolig', 'digital');
    const paper = await letterFor('fortrolig', 'reserved');
    expect(await deliver(digital.letterId, 'digital_mailbox')).toBe('delivered');
    await expect(deliver(paper.letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: true });
    for (const channel of ['sms', 'email'] as const) await deliver(digital.letterId, channel).catch(() => undefined);
    for (let i = 0; i < 3; i++) {
      await tdb.db('letter_transport').update({ next_check_at: tdb.db.fn.now() });
      await transport.follower!.followOnce();
    }
    const [sent, ...more] = sentFor(digital.letterId);
    expect(more).toEqual([]);
    expect(JSON.stringify(sent!.forsendelse)).not.toContain(street);
    const parser = new PDFParse({ data: new Uint8Array(sent!.documents[0]!.data) });
    expect((await parser.getText().finally(() => parser.destroy())).text).not.toContain(street);
    expect(sentFor(paper.letterId)).toEqual([]);
    expect(gateway.requests.filter((r) => r.idempotencyKey?.startsWith(digital.letterId))).toEqual([]);
    // Every row of every table that names either case or letter (the case, its letters, the outbox, the
    // route, the events, the access log …), read as the owner: none holds the register's address.
    const tables = (await tdb.owner('pg_tables').where({ schemaname: 'public' }).pluck('tablename')) as string[];
    let rowsSeen = 0;
    for (const table of tables) {
      const rows = (await tdb.owner.raw(`select t::text as row from ?? t where t::text like ? or t::text like ? or t::text like ? or t::text like ?`, [table, `%${digital.caseId}%`, `%${digital.letterId}%`, `%${paper.caseId}%`, `%${paper.letterId}%`])).rows as { row: string }[];
      rowsSeen += rows.length;
      for (const { row } of rows) expect(`${table}: ${row}`).not.toContain(street);
    }
    expect(rowsSeen).toBeGreaterThanOrEqual(6);
    // The svarut transport writes no letter file; whatever is in the folder does not hold it either.
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) expect(await readFile(path.join(entry.parentPath, entry.name), 'latin1')).not.toContain(street);
    }
  });

  it('lets the letter wait while the register cannot be read, counted for /metrics, then sends it once', async () => {
    const waiting = async () => (await operationalFigures(tdb.db)).waiting.find((w) => w.reason === 'folkeregisteret')?.count ?? 0;
    const before = await waiting();
    const { letterId, nationalId } = await letterFor('unparseable', 'digital');
    await expect(deliver(letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: false, message: expect.stringMatching(/^digital_mailbox: Folkeregisteret's answer is not JSON/) });
    expect(await waiting()).toBe(before + 1);
    expect(await tdb.db('letter_transport').where({ letter_id: letterId }).first()).toBeUndefined();
    freg.set(nationalId, 'resident');
    expect(await deliver(letterId, 'digital_mailbox')).toBe('delivered');
    expect(await deliver(letterId, 'digital_mailbox')).toBe('already_delivered');
    expect(sentFor(letterId)).toHaveLength(1);
    expect(await waiting()).toBe(before);
  });
});

describe('the home visit letter and a protected address', () => {
  const visitView = (caseId: string) => ({ ...decidedView(municipality('namsos'), 'granted'), id: caseId, status: 'visit_scheduled', homeVisit: { scheduledAt: '2027-03-10T09:00:00.000Z' } }) as unknown as Parameters<ReturnType<typeof createIssueLetter>>[0]['view'];
  const address = 'Hemmeligveien 3, 7800 Namsos';
  async function caseOf(inFreg: FregBehaviour) {
    const nationalId = `0202${String(nextId++).padStart(5, '0')}00`.slice(0, 11);
    freg.set(nationalId, inFreg);
    krr.set(nationalId, 'digital');
    const view = decidedView(municipality('namsos'), 'granted');
    await insertCase(tdb.db, view, { applicant: { ...APPLICANT, nationalId, address } });
    return view.id;
  }
  const issue = (caseId: string, key: string, kind: 'acknowledgement' | 'home_visit_confirmation' | 'home_visit_reminder') =>
    createIssueLetter({ db: tdb.db, policy })({ caseId, key, kind, view: visitView(caseId) });
  const bodyOf = async (letterId: string) => ((await tdb.db('letters').where({ id: letterId }).first('body')) as { body: string }).body;

  it('does not state the address once the register has said it is protected', async () => {
    const caseId = await caseOf('strengtFortrolig');
    const ack = await issue(caseId, 'ack', 'acknowledgement');
    expect(await deliver(ack.letterId, 'digital_mailbox')).toBe('delivered');
    for (const kind of ['home_visit_confirmation', 'home_visit_reminder'] as const) {
      const visit = await issue(caseId, kind, kind);
      const body = await bodyOf(visit.letterId);
      expect(body).toMatch(/hjemmebesøk til deg/);
      expect(body).not.toContain('Hemmeligveien');
      expect(await deliver(visit.letterId, 'digital_mailbox')).toBe('delivered');
      expect(JSON.stringify(sentFor(visit.letterId)[0]!.forsendelse)).not.toContain('Hemmeligveien');
    }
  });

  it('still names the place for an applicant whose address is not protected', async () => {
    const caseId = await caseOf('resident');
    const ack = await issue(caseId, 'ack', 'acknowledgement');
    expect(await deliver(ack.letterId, 'digital_mailbox')).toBe('delivered');
    const visit = await issue(caseId, 'visit', 'home_visit_confirmation');
    expect(await bodyOf(visit.letterId)).toContain(`Vi kommer til ${address}.`);
  });

  it('holds a visit letter written before the register was asked, when the register then says the address is protected', async () => {
    const caseId = await caseOf('fortrolig');
    const visit = await issue(caseId, 'visit', 'home_visit_confirmation');
    await expect(deliver(visit.letterId, 'digital_mailbox')).rejects.toMatchObject({ nonRetryable: true, message: expect.stringMatching(/adressebeskyttelse/) });
    expect(sentFor(visit.letterId)).toEqual([]);
  });
});
