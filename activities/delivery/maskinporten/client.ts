// Maskinporten (Digdir): access tokens for the national services by JWT grant (RFC 7523 §2.1).
// The client signs a short grant with its registered key (header kid) and posts it to the token
// endpoint; the token is kept per scope set until shortly before it expires, so a burst of letters
// costs one round trip, and concurrent callers share one request.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface MaskinportenOptions {
  /** The token endpoint, e.g. https://test.maskinporten.no/token. */
  tokenUrl: string;
  /** Maskinporten's issuer identifier, the grant's single `aud` (e.g. https://test.maskinporten.no/). */
  audience: string;
  /** The client id registered in Maskinporten (the grant's `iss`). */
  clientId: string;
  /** The key id registered with the client (the grant's header `kid`). */
  kid: string;
  privateKey: CryptoKey | KeyObject;
  /** Seconds before expiry when a cached token is no longer handed out. Default 60. */
  refreshMarginSeconds?: number;
  /** The clock the cache reads (tests move it); grants are always stamped with the real time. */
  now?: () => number;
}

/** Maskinporten refused the grant, or answered with something that is not a token. */
export class MaskinportenError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
    readonly error: string | null,
    readonly errorDescription: string | null,
  ) {
    super(message);
    this.name = 'MaskinportenError';
  }
}

export interface AccessToken {
  accessToken: string;
  expiresAt: number;
  scope: string;
}

export interface MaskinportenClient {
  /** An access token carrying these scopes, from the cache while it still has time left. */
  token(scopes: readonly string[]): Promise<string>;
  /** How many token requests went over the network (for the operator and the tests). */
  readonly requests: number;
}

export function createMaskinportenClient(options: MaskinportenOptions): MaskinportenClient {
  const now = options.now ?? (() => Date.now());
  const margin = (options.refreshMarginSeconds ?? 60) * 1000;
  const cache = new Map<string, AccessToken>();
  const inFlight = new Map<string, Promise<AccessToken>>();
  let requests = 0;

  async function fetchToken(scope: string): Promise<AccessToken> {
    requests += 1;
    const issuedAt = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid })
      .setAudience(options.audience)
      .setIssuer(options.clientId)
      .setIssuedAt(issuedAt)
      // Maskinporten accepts grants that live at most 120 seconds.
      .setExpirationTime(issuedAt + 110)
      .setJti(randomUUID())
      .sign(options.privateKey);
    let response: Response;
    try {
      response = await fetch(options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
        signal: AbortSignal.timeout(8_000),
      });
    } catch (error) {
      throw new MaskinportenError(`Maskinporten did not answer at ${options.tokenUrl}: ${(error as Error).message}`, null, null, null);
    }
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: reported below with the status.
    }
    if (!response.ok) {
      const error = typeof body.error === 'string' ? body.error : null;
      const description = typeof body.error_description === 'string' ? body.error_description : null;
      throw new MaskinportenError(
        `Maskinporten refused the token request for client ${options.clientId} (HTTP ${response.status}${error ? `, ${error}` : ''}${description ? `: ${description}` : ''})`,
        response.status,
        error,
        description,
      );
    }
    const accessToken = body.access_token;
    const expiresIn = body.expires_in;
    if (typeof accessToken !== 'string' || typeof expiresIn !== 'number' || expiresIn <= 0) {
      throw new MaskinportenError(`Maskinporten's answer has no access_token and expires_in (HTTP ${response.status})`, response.status, null, null);
    }
    return { accessToken, expiresAt: now() + expiresIn * 1000, scope: typeof body.scope === 'string' ? body.scope : scope };
  }

  return {
    get requests() {
      return requests;
    },
    async token(scopes) {
      const scope = [...new Set(scopes)].sort().join(' ');
      const cached = cache.get(scope);
      if (cached && cached.expiresAt - margin > now()) return cached.accessToken;
      let pending = inFlight.get(scope);
      if (!pending) {
        pending = fetchToken(scope).finally(() => inFlight.delete(scope));
        inFlight.set(scope, pending);
      }
      const fresh = await pending;
      cache.set(scope, fresh);
      return fresh.accessToken;
    },
  };
}

/** Reads the client's private key: a PKCS#8 PEM file, or a JWK (JSON) as Digdir's self-service hands out. */
export async function readMaskinportenKey(file: string): Promise<CryptoKey | KeyObject> {
  const text = (await readFile(file, 'utf8')).trim();
  if (text.startsWith('{')) {
    const jwk = JSON.parse(text) as JWK;
    const key = await importJWK(jwk, 'RS256');
    if (key instanceof Uint8Array) throw new Error(`${file}: a symmetric key cannot sign a Maskinporten grant`);
    return key;
  }
  return importPKCS8(text, 'RS256');
}
