// The KRR client against the project's own KRR and Maskinporten, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { createKrrClient, KRR_SCOPES, KrrError, routeByKrr } from '../../activities/delivery/krr/client';
import { createMaskinportenClient } from '../../activities/delivery/maskinporten/client';
import { startLocalKrr, type LocalKrr } from '../../launcher/local/krr';
import { startLocalMaskinporten, type LocalMaskinporten } from '../../launcher/local/maskinporten';

const DIGITAL = '01017012345';
const RESERVED = '02027012345';
const NOT_REGISTERED = '03037012345';
const NO_MAILBOX = '04047012345';
const CANNOT_NOTIFY = '05057012345';
const DECEASED = '06067012345';
const BROKEN = '07077012345';

describe('KRR', () => {
  let maskinporten: LocalMaskinporten;
  let krr: LocalKrr;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    maskinporten = await startLocalMaskinporten({
      clients: [
        { clientId: 'namsos', kid: 'k1', publicKey: keys.publicKey, scopes: [...KRR_SCOPES] },
        { clientId: 'narrow', kid: 'k1', publicKey: keys.publicKey, scopes: ['krr:global/kontaktinformasjon.read'] },
      ],
    });
    krr = await startLocalKrr({
      maskinporten,
      people: { [RESERVED]: 'reserved', [NOT_REGISTERED]: 'not_registered', [NO_MAILBOX]: 'no_mailbox', [CANNOT_NOTIFY]: 'cannot_notify', [DECEASED]: 'deceased', [BROKEN]: 'unparseable' },
    });
  });
  afterAll(async () => {
    await krr.close();
    await maskinporten.close();
  });

  const krrClient = (clientId = 'namsos') =>
    createKrrClient({
      url: krr.url,
      maskinporten: createMaskinportenClient({ tokenUrl: maskinporten.tokenUrl, audience: maskinporten.issuer, clientId, kid: 'k1', privateKey: keys.privateKey }),
    });

  it('answers each person with reservation, status, notice status and where letters go', async () => {
    const people = await krrClient().lookup([DIGITAL, RESERVED, NOT_REGISTERED, NO_MAILBOX, CANNOT_NOTIFY, DECEASED]);
    const route = (id: string) => routeByKrr(people.get(id)!);
    expect(people.get(DIGITAL)).toMatchObject({ reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES', digitalpost: { postkasseleverandoeradresse: '984661185' } });
    expect(route(DIGITAL)).toMatchObject({ route: 'digital', notify: true, phone: '+4797012345', email: 'innbygger-2345@example.no' });
    expect(route(RESERVED)).toEqual({ route: 'print', notify: false, reason: 'KRR: reservert mot digital post' });
    expect(route(NOT_REGISTERED)).toEqual({ route: 'print', notify: false, reason: 'KRR: ikke registrert' });
    expect(route(NO_MAILBOX)).toMatchObject({ route: 'print', notify: true, reason: 'KRR: ingen digital postkasse' });
    expect(route(CANNOT_NOTIFY)).toEqual({ route: 'digital', notify: false, reason: 'KRR: digital postkasse, KAN_IKKE_VARSLES' });
    expect(route(DECEASED)).toEqual({ route: 'stop', notify: false, reason: 'KRR: status SLETTET (død eller utvandret)' });
  });

  it('reports an answer that does not parse as a KRR error', async () => {
    const error = await krrClient().lookup([BROKEN]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KrrError);
    expect((error as Error).message).toMatch(/^KRR's answer is not JSON \(HTTP 200/);
  });

  it('needs a Maskinporten token with both krr scopes', async () => {
    await expect(krrClient('narrow').lookup([DIGITAL])).rejects.toThrow(/not allowed for client narrow/);
    const bare = await fetch(`${krr.url}/rest/v1/personer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personidentifikatorer: [DIGITAL] }) });
    expect(bare.status).toBe(401);
    // A token for the other scope only is refused by the register itself.
    const mp = createMaskinportenClient({ tokenUrl: maskinporten.tokenUrl, audience: maskinporten.issuer, clientId: 'narrow', kid: 'k1', privateKey: keys.privateKey });
    const token = await mp.token(['krr:global/kontaktinformasjon.read']);
    const narrow = await fetch(`${krr.url}/rest/v1/personer`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ personidentifikatorer: [DIGITAL] }) });
    expect(narrow.status).toBe(403);
    expect(await narrow.json()).toMatchObject({ error: 'insufficient_scope' });
  });

  it('refuses a request that is not 1 to 1000 national ids', async () => {
    await expect(krrClient().lookup(['123'])).rejects.toThrow(/^KRR answered HTTP 400 \(invalid_request: personidentifikatorer must hold/);
  });
});
