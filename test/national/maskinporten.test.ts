// The Maskinporten client against the project's own Maskinporten, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { createMaskinportenClient, MaskinportenError } from '../../activities/delivery/maskinporten/client';
import { startLocalMaskinporten, type LocalMaskinporten } from '../../launcher/local/maskinporten';

const KRR_SCOPES = ['krr:global/kontaktinformasjon.read', 'krr:global/digitalpost.read'];

describe('Maskinporten', () => {
  let maskinporten: LocalMaskinporten;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    maskinporten = await startLocalMaskinporten({
      clients: [{ clientId: 'namsos-saksbehandling', kid: 'key-2026', publicKey: keys.publicKey, scopes: [...KRR_SCOPES, 'ks:fiks'] }],
    });
  });
  afterAll(async () => {
    await maskinporten.close();
  });

  const client = (overrides: Partial<Parameters<typeof createMaskinportenClient>[0]> = {}) =>
    createMaskinportenClient({
      tokenUrl: maskinporten.tokenUrl,
      audience: maskinporten.issuer,
      clientId: 'namsos-saksbehandling',
      kid: 'key-2026',
      privateKey: keys.privateKey,
      ...overrides,
    });

  it('fetches a token once and reuses it until shortly before it expires', async () => {
    const before = maskinporten.issued;
    const mp = client();
    const [first, second] = await Promise.all([mp.token(KRR_SCOPES), mp.token([...KRR_SCOPES].reverse())]);
    const third = await mp.token(KRR_SCOPES);
    expect(first).toBe(second);
    expect(third).toBe(first);
    expect(mp.requests).toBe(1);
    expect(maskinporten.issued - before).toBe(1);
    // Another scope set is another token.
    await mp.token(['ks:fiks']);
    expect(maskinporten.issued - before).toBe(2);
  });

  it('asks again once the cached token is within the margin of its expiry', async () => {
    let clock = Date.now();
    const mp = client({ now: () => clock, refreshMarginSeconds: 60 });
    const first = await mp.token(['ks:fiks']);
    clock += 59_000; // the local tokens live 120 s: 61 s left, still outside the margin
    expect(await mp.token(['ks:fiks'])).toBe(first);
    clock += 2_000;
    expect(await mp.token(['ks:fiks'])).not.toBe(first);
    expect(mp.requests).toBe(2);
  });

  it('refuses a grant signed with the wrong key, and the client says so clearly', async () => {
    const wrong = await generateKeyPair('RS256');
    const error = await client({ privateKey: wrong.privateKey }).token(KRR_SCOPES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaskinportenError);
    const refused = error as MaskinportenError;
    expect(refused.httpStatus).toBe(400);
    expect(refused.error).toBe('invalid_grant');
    expect(refused.message).toMatch(/Maskinporten refused the token request for client namsos-saksbehandling \(HTTP 400, invalid_grant: Invalid assertion\. Client authentication failed\. The JWT is signed with an invalid key\)/);
  });

  it('refuses a wrong audience, an unknown kid, an unknown client and a scope not granted', async () => {
    await expect(client({ audience: maskinporten.tokenUrl }).token(KRR_SCOPES)).rejects.toThrow(/invalid_grant: .*Invalid JWT claim aud/);
    await expect(client({ kid: 'old-key' }).token(KRR_SCOPES)).rejects.toThrow(/Unknown kid old-key/);
    await expect(client({ clientId: 'someone-else' }).token(KRR_SCOPES)).rejects.toThrow(/invalid_client: .*Unknown client someone-else/);
    await expect(client().token(['skatt:folkeregister'])).rejects.toThrow(/invalid_scope: Scope\(s\) skatt:folkeregister not allowed/);
  });

  it('does not accept the same grant (jti) twice', async () => {
    const { SignJWT } = await import('jose');
    const now = Math.floor(Date.now() / 1000);
    const grant = await new SignJWT({ scope: 'ks:fiks' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-2026' })
      .setAudience(maskinporten.issuer)
      .setIssuer('namsos-saksbehandling')
      .setIssuedAt(now)
      .setExpirationTime(now + 100)
      .setJti('once-only')
      .sign(keys.privateKey);
    const post = () =>
      fetch(maskinporten.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: grant }).toString(),
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: 'ks:fiks' });
    const second = await post();
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid assertion. The jti has already been used' });
  });

  it('says when Maskinporten cannot be reached', async () => {
    await expect(client({ tokenUrl: 'http://127.0.0.1:9/token' }).token(KRR_SCOPES)).rejects.toThrow(/Maskinporten did not answer at http:\/\/127\.0\.0\.1:9\/token/);
  });
});
