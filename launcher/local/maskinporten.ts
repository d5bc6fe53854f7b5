// A Maskinporten of the project's own, for `npm start` with nothing configured and for the tests.
// It speaks the subset of Digdir's token endpoint the project uses: a JWT grant (RFC 7523 §2.1)
// signed with a client's registered key is checked as Maskinporten checks it (signature against the
// key named by kid, iss a known client, aud exactly the issuer, a lifetime of at most 120 s, a jti
// used once, only scopes granted to the client), and answered with a signed JWT access token.
// Errors are RFC 6749 §5.2 JSON (error, error_description) with Maskinporten's wording.
// Not reproduced: virksomhetssertifikat (x5c) grants, delegation (Altinn), audience-restricted
// tokens (resource), rate limits, the token introspection endpoint.
import { randomUUID } from 'node:crypto';
import express from 'express';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
  type KeyObject,
} from 'jose';
import { JWT_BEARER_GRANT } from '../../activities/delivery/maskinporten/client';
import { listen, type LocalServer } from './listen';

export interface LocalMaskinportenClient {
  clientId: string;
  kid: string;
  publicKey: CryptoKey | KeyObject;
  /** The scopes this client has been granted access to. */
  scopes: string[];
  /** The organisation number the tokens name as consumer. */
  orgno?: string;
}

export interface LocalMaskinporten extends LocalServer {
  /** The issuer identifier, which a grant must name as its only aud. */
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
  addClient(client: LocalMaskinportenClient): void;
  /** Access tokens issued so far. */
  readonly issued: number;
}

// How long a grant may live (exp - iat), and how far its iat may lie ahead of this clock.
const MAX_GRANT_LIFETIME_SECONDS = 120;
const CLOCK_SKEW_SECONDS = 10;

export async function startLocalMaskinporten(opts: { host?: string; port?: number; clients?: LocalMaskinportenClient[]; tokenLifetimeSeconds?: number } = {}): Promise<LocalMaskinporten> {
  const signing = await generateKeyPair('RS256', { extractable: true });
  const signingKid = randomUUID();
  const publicJwk = { ...(await exportJWK(signing.publicKey)), kid: signingKid, alg: 'RS256', use: 'sig' };
  const clients = new Map<string, LocalMaskinportenClient>();
  for (const client of opts.clients ?? []) clients.set(client.clientId, client);
  const usedJti = new Map<string, number>();
  const lifetime = opts.tokenLifetimeSeconds ?? 120;
  let issued = 0;
  let issuer = '';

  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));

  const refuse = (res: express.Response, status: number, error: string, description: string) => {
    res.status(status).json({ error, error_description: description });
  };

  app.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.json({ issuer, token_endpoint: `${issuer}token`, jwks_uri: `${issuer}jwk`, grant_types_supported: [JWT_BEARER_GRANT], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
  });
  app.get('/jwk', (_req, res) => {
    res.json({ keys: [publicJwk] });
  });

  app.post('/token', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== JWT_BEARER_GRANT) {
      refuse(res, 400, 'unsupported_grant_type', `Invalid grant_type: expected ${JWT_BEARER_GRANT}`);
      return;
    }
    if (typeof body.assertion !== 'string' || body.assertion === '') {
      refuse(res, 400, 'invalid_request', 'Missing assertion');
      return;
    }
    const assertion = body.assertion;
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(assertion).kid;
    } catch {
      refuse(res, 400, 'invalid_grant', 'Invalid assertion. The assertion is not a JWT');
      return;
    }
    let claims: JWTPayload;
    try {
      const unverified = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as JWTPayload;
      const client = typeof unverified.iss === 'string' ? clients.get(unverified.iss) : undefined;
      if (!client) {
        refuse(res, 400, 'invalid_client', `Invalid assertion. Client authentication failed. Unknown client ${String(unverified.iss)}`);
        return;
      }
      if (!kid || kid !== client.kid) {
        refuse(res, 400, 'invalid_grant', `Invalid assertion. Client authentication failed. Unknown kid ${String(kid)} for client ${client.clientId}`);
        return;
      }
      try {
        ({ payload: claims } = await jwtVerify(assertion, client.publicKey, { algorithms: ['RS256', 'RS384', 'RS512'], clockTolerance: CLOCK_SKEW_SECONDS }));
      } catch (error) {
        const code = (error as { code?: string }).code;
        const why = code === 'ERR_JWT_EXPIRED' ? 'The JWT has expired' : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ? 'The JWT is signed with an invalid key' : (error as Error).message;
        refuse(res, 400, 'invalid_grant', `Invalid assertion. Client authentication failed. ${why}`);
        return;
      }
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (audiences.length !== 1 || audiences[0] !== issuer) {
        refuse(res, 400, 'invalid_grant', `Invalid assertion. Client authentication failed. Invalid JWT claim aud (expected ${issuer})`);
        return;
      }
      const nowSeconds = Math.floor(Date.now() / 1000);
      if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') {
        refuse(res, 400, 'invalid_grant', 'Invalid assertion. The JWT must have iat and exp');
        return;
      }
      if (claims.exp - claims.iat > MAX_GRANT_LIFETIME_SECONDS || claims.iat > nowSeconds + CLOCK_SKEW_SECONDS) {
        refuse(res, 400, 'invalid_grant', `Invalid assertion. The JWT's lifetime must be at most ${MAX_GRANT_LIFETIME_SECONDS} seconds and iat not in the future`);
        return;
      }
      if (typeof claims.jti !== 'string' || claims.jti === '') {
        refuse(res, 400, 'invalid_grant', 'Invalid assertion. The JWT must have a jti');
        return;
      }
      for (const [jti, expires] of usedJti) if (expires < nowSeconds - CLOCK_SKEW_SECONDS) usedJti.delete(jti);
      if (usedJti.has(`${client.clientId} ${claims.jti}`)) {
        refuse(res, 400, 'invalid_grant', 'Invalid assertion. The jti has already been used');
        return;
      }
      usedJti.set(`${client.clientId} ${claims.jti}`, claims.exp);
      const requested = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
      if (requested.length === 0) {
        refuse(res, 400, 'invalid_scope', 'Missing scope in the JWT grant');
        return;
      }
      const denied = requested.filter((s) => !client.scopes.includes(s));
      if (denied.length > 0) {
        refuse(res, 400, 'invalid_scope', `Scope(s) ${denied.join(', ')} not allowed for client ${client.clientId}`);
        return;
      }
      const scope = requested.join(' ');
      const accessToken = await new SignJWT({
        scope,
        client_id: client.clientId,
        client_amr: 'private_key_jwt',
        token_type: 'Bearer',
        consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${client.orgno ?? '000000000'}` },
      })
        .setProtectedHeader({ alg: 'RS256', kid: signingKid })
        .setIssuer(issuer)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + lifetime)
        .setJti(randomUUID())
        .sign(signing.privateKey);
      issued += 1;
      res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: lifetime, scope });
    } catch (error) {
      refuse(res, 400, 'invalid_grant', `Invalid assertion. ${(error as Error).message}`);
    }
  });

  const server = await listen(app, opts);
  issuer = `${server.url}/`;
  return {
    ...server,
    issuer,
    tokenUrl: `${issuer}token`,
    jwksUrl: `${issuer}jwk`,
    addClient(client) {
      clients.set(client.clientId, client);
    },
    get issued() {
      return issued;
    },
  };
}

/**
 * How a local national service checks the bearer token a caller brings: signed by this Maskinporten,
 * unexpired, and carrying every scope the endpoint needs. Answers the error the real services give.
 */
export function maskinportenGuard(maskinporten: { issuer: string; jwksUrl: string }) {
  const jwks = createRemoteJWKSet(new URL(maskinporten.jwksUrl));
  return (requiredScopes: readonly string[]): express.RequestHandler =>
    async (req, res, next) => {
      const header = req.header('authorization') ?? '';
      const match = /^Bearer\s+(.+)$/i.exec(header);
      if (!match?.[1]) {
        res.status(401).set('www-authenticate', 'Bearer').json({ error: 'invalid_token', error_description: 'Missing bearer token' });
        return;
      }
      try {
        const { payload } = await jwtVerify(match[1], jwks, { issuer: maskinporten.issuer });
        const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
        const missing = requiredScopes.filter((s) => !granted.includes(s));
        if (missing.length > 0) {
          res.status(403).json({ error: 'insufficient_scope', error_description: `The token lacks scope(s) ${missing.join(', ')}` });
          return;
        }
        res.locals.token = payload;
        next();
      } catch (error) {
        res.status(401).set('www-authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid_token', error_description: (error as Error).message });
      }
    };
}


