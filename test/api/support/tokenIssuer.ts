// A real token issuer for the API tests: an ES256 and an RS256 signing key, their JWKS served over real
// HTTP on a free port, and tokens signed with them. One per test file, started on first use.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { remoteAuth, type ApiAuth } from '../../../api/auth/authConfig';
import type { Role } from '../../../api/auth/roles';
import { loadPolicy } from '../../../config/policy';

export const TEST_ISSUER = 'https://issuer.test.invalid/realms/kommune';
export const TEST_AUDIENCE = 'case-orchestrator-test';
/** The actor of the default token: what events and access-log rows of the ordinary tests name. */
export const DEFAULT_SUB = 'saksbehandler-1';

export interface SigningKey {
  alg: 'ES256' | 'RS256';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TokenOptions {
  sub?: string;
  roles?: unknown;
  municipalities?: unknown;
  /** Extra or replacing claims. */
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  notBefore?: number;
  key?: SigningKey;
  /** The kid written in the header (default: the key's own). */
  kid?: string;
}

export interface TestIssuer {
  jwksUrl: string;
  auth: ApiAuth;
  es256: SigningKey;
  rs256: SigningKey;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  /** Publishes another signing key in the JWKS from now on, as an issuer does when it rotates. */
  publish(key: SigningKey): void;
  token(opts?: TokenOptions): Promise<string>;
  /** A token for this role in these municipalities (default all of the policy's). */
  tokenFor(roles: Role[], municipalities?: string[], sub?: string): Promise<string>;
  close(): Promise<void>;
}

async function signingKey(alg: 'ES256' | 'RS256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A key the issuer does not publish: signs tokens no JWKS vouches for. */
export function strangerKey(alg: 'ES256' | 'RS256' = 'ES256', kid = 'stranger'): Promise<SigningKey> {
  return signingKey(alg, kid);
}

export async function signToken(key: SigningKey, opts: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    roles: opts.roles ?? ['caseworker'],
    municipalities: opts.municipalities ?? Object.keys(loadPolicy().municipalities),
    ...opts.claims,
  };
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: opts.kid ?? key.kid, typ: 'JWT' })
    .setIssuer(opts.issuer ?? TEST_ISSUER)
    .setAudience(opts.audience ?? TEST_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expiresIn ?? 600));
  // A `sub` among the claims (of any type) stays as given.
  if (!(opts.claims && 'sub' in opts.claims)) jwt.setSubject(opts.sub ?? DEFAULT_SUB);
  if (opts.notBefore !== undefined) jwt.setNotBefore(now + opts.notBefore);
  return jwt.sign(opts.key?.privateKey ?? key.privateKey);
}

async function startIssuer(): Promise<TestIssuer> {
  const [es256, rs256] = await Promise.all([signingKey('ES256', 'test-es256'), signingKey('RS256', 'test-rs256')]);
  let fetches = 0;
  const published: SigningKey[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url !== '/jwks') {
      res.writeHead(404).end();
      return;
    }
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [es256.publicJwk, rs256.publicJwk, ...published.map((k) => k.publicJwk)] }));
  });
  await new Promise<void>((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => resolve());
    server.once('error', reject);
  });
  // The issuer lives as long as the test file; it must not hold the worker process open.
  server.unref();
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  const auth = remoteAuth({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwksUrl, rolesClaim: 'roles', municipalitiesClaim: 'municipalities' });
  return {
    jwksUrl,
    auth,
    es256,
    rs256,
    fetches: () => fetches,
    publish: (key) => {
      published.push(key);
    },
    token: (opts = {}) => signToken(opts.key ?? es256, opts),
    tokenFor: (roles, municipalities, sub) => signToken(es256, { roles, ...(municipalities ? { municipalities } : {}), ...(sub ? { sub } : {}) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let issuer: Promise<TestIssuer> | undefined;

/** This test file's issuer. */
export function testIssuer(): Promise<TestIssuer> {
  issuer ??= startIssuer();
  return issuer;
}

let defaultToken: Promise<string> | undefined;

/**
 * What the test HTTP client sends unless told otherwise: a caseworker who is also a manager, in every
 * municipality of the policy, so tests written before tokens keep their meaning.
 */
export function defaultTestToken(): Promise<string> {
  defaultToken ??= testIssuer().then((i) => i.token({ roles: ['caseworker', 'manager'], expiresIn: 6 * 3600 }));
  return defaultToken;
}
