// The SvarUt client against the project's own SvarUt and Maskinporten, over real HTTP.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { createMaskinportenClient } from '../../activities/delivery/maskinporten/client';
import { createSvarUtClient, mapSvarUtStatus, SvarUtError, type SvarUtForsendelse } from '../../activities/delivery/svarut/client';
import { startLocalMaskinporten, type LocalMaskinporten } from '../../launcher/local/maskinporten';
import { startLocalSvarUt, type LocalSvarUt } from '../../launcher/local/svarut';

const PDF = Buffer.from('%PDF-1.4\n% a letter\n%%EOF\n');

function forsendelse(ref: string, digitalId?: string): SvarUtForsendelse {
  return {
    tittel: 'Vedtak om hjemmesykepleie',
    eksternReferanse: ref,
    mottaker: { navn: 'Kari Nordmann', ...(digitalId ? { digitalId } : {}), adresselinje1: 'Storgata 1', postnummer: '7800', poststed: 'Namsos' },
    avgivendeSystem: 'case-orchestrator',
    dokumenter: [{ filnavn: 'brev.pdf', mimeType: 'application/pdf' }],
  };
}

describe('SvarUt', () => {
  let maskinporten: LocalMaskinporten;
  let svarut: LocalSvarUt;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    maskinporten = await startLocalMaskinporten({ clients: [{ clientId: 'namsos', kid: 'k1', publicKey: keys.publicKey, scopes: ['ks:fiks'] }] });
    svarut = await startLocalSvarUt({ maskinporten });
  });
  afterAll(async () => {
    await svarut.close();
    await maskinporten.close();
  });

  const client = (password = svarut.integrationPassword) =>
    createSvarUtClient({
      url: svarut.url,
      accountId: svarut.accountId,
      integrationId: svarut.integrationId,
      integrationPassword: password,
      maskinporten: createMaskinportenClient({ tokenUrl: maskinporten.tokenUrl, audience: maskinporten.issuer, clientId: 'namsos', kid: 'k1', privateKey: keys.privateKey }),
    });

  it('sends a letter once per eksternReferanse and follows it to read', async () => {
    const ref = randomUUID();
    const first = await client().sendOnce(forsendelse(ref, '01017012345'), [{ filnavn: 'brev.pdf', data: PDF }]);
    const again = await client().sendOnce(forsendelse(ref, '01017012345'), [{ filnavn: 'brev.pdf', data: PDF }]);
    expect(first.alreadySent).toBe(false);
    expect(again).toEqual({ id: first.id, alreadySent: true });
    expect(svarut.duplicates()).toEqual([]);
    const stored = svarut.received.find((f) => f.id === first.id)!;
    expect(stored.documents[0]!.data.equals(PDF)).toBe(true);
    expect(stored.forsendelse).toMatchObject({ eksternReferanse: ref, mottaker: { digitalId: '01017012345' } });

    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const [status] = await client().statuses([first.id]);
      seen.push(status!.status);
    }
    expect(seen).toEqual(['AKSEPTERT', 'SENDT_DIGITALT', 'LEST', 'LEST']);
  });

  it('takes the print route without a digitalId, to printed', async () => {
    const { id } = await client().sendOnce(forsendelse(randomUUID()), [{ filnavn: 'brev.pdf', data: PDF }]);
    const mapped = [];
    for (let i = 0; i < 3; i++) mapped.push(mapSvarUtStatus((await client().statuses([id]))[0]!));
    expect(mapped.map((m) => [m.status, m.final])).toEqual([
      ['sent', false],
      ['delivered', false],
      ['printed', true],
    ]);
    expect(mapped[1]!.deliveredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps a status that never becomes final, and reports a rejected forsendelse as failed', async () => {
    const stuck = randomUUID();
    const rejected = randomUUID();
    svarut.setScenario(stuck, 'stuck');
    svarut.setScenario(rejected, 'rejected');
    const a = await client().sendOnce(forsendelse(stuck, '01017012345'), [{ filnavn: 'brev.pdf', data: PDF }]);
    const b = await client().sendOnce(forsendelse(rejected, '01017012345'), [{ filnavn: 'brev.pdf', data: PDF }]);
    for (let i = 0; i < 5; i++) await client().statuses([a.id, b.id]);
    const statuses = await client().statuses([a.id, b.id]);
    expect(statuses.map((s) => mapSvarUtStatus(s))).toEqual([
      { status: 'sent', final: false },
      { status: 'failed', final: true, failedReason: 'SvarUt: AVVIST (forsendelsen ble avvist)' },
    ]);
  });

  it('surfaces 503 as retryable, a wrong integration password (401) with what to check, and a bad forsendelse as not retryable', async () => {
    svarut.failNext(1, 503);
    const outage = await client().sendOnce(forsendelse(randomUUID()), [{ filnavn: 'brev.pdf', data: PDF }]).catch((e: unknown) => e);
    expect(outage).toBeInstanceOf(SvarUtError);
    expect(outage).toMatchObject({ httpStatus: 503, retryable: true });

    const unauthorised = await client('wrong').findByEksternReferanse('x').catch((e: unknown) => e);
    expect(unauthorised).toMatchObject({ httpStatus: 401, retryable: true });
    expect((unauthorised as Error).message).toMatch(/^SvarUt look-up: HTTP 401 \(UNAUTHORIZED: Ugyldig integrasjon eller passord: errorId [0-9a-f-]+\) \(check SVARUT_INTEGRATION_ID and SVARUT_INTEGRATION_PASSWORD\)$/);

    const noAddress = { ...forsendelse(randomUUID()), mottaker: { navn: 'Kari Nordmann' } };
    const invalid = await client().send(noAddress, [{ filnavn: 'brev.pdf', data: PDF }]).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ httpStatus: 400, retryable: false, errorCode: 'VALIDATION_ERROR' });
    expect(svarut.received.some((f) => f.forsendelse.eksternReferanse === noAddress.eksternReferanse)).toBe(false);
  });

  it('refuses a request without a Maskinporten token for ks:fiks', async () => {
    const response = await fetch(`${svarut.url}/api/v2/kontoer/${svarut.accountId}/forsendelser/?eksternRef=x`, {
      headers: { IntegrasjonId: svarut.integrationId, IntegrasjonPassord: svarut.integrationPassword },
    });
    expect(response.status).toBe(401);
  });
});
