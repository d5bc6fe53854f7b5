// The embedded default's issuer, as the office's pages log in against it: an OpenID Connect
// authorization endpoint with a login page where one picks a person, a role and municipalities, and
// a token endpoint (authorization code with PKCE, S256 only). For trying the system; a real office
// configures its own issuer (Entra ID, Ansattporten, Keycloak) and this is not mounted.
import { createHash, randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { importJWK, SignJWT, type JWK } from 'jose';
import type { Policy } from '../../domain/policy/policyTypes';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, signLocalToken } from '../auth/localIssuer';
import { ROLES, type Role } from '../auth/roles';

export const LOCAL_CLIENT_ID = 'kontorets-sider';
export const LOCAL_AUTHORIZE_PATH = '/auth/local/authorize';
export const LOCAL_TOKEN_PATH = '/auth/local/token';
/** A working day: the session ends with the token. */
export const LOCAL_TOKEN_SECONDS = 8 * 3600;
const CODE_TTL_MS = 60_000;

const ROLE_NAMES: Record<Role, string> = { caseworker: 'Saksbehandler', manager: 'Leder', auditor: 'Revisor (tilgangslogg)', importer: 'Import fra fagsystemet' };
const SUB = /^[\x21-\x7e]{1,200}$/;

interface IssuedCode {
  sub: string;
  roles: Role[];
  municipalities: string[];
  challenge: string;
  redirectUri: string;
  nonce: string | undefined;
  expiresAt: number;
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function one(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The redirect must come back to this same site's callback: no open redirect. */
function ownCallback(req: Request, redirectUri: string): boolean {
  try {
    const url = new URL(redirectUri);
    return url.host === req.get('host') && url.pathname === '/login/callback';
  } catch {
    return false;
  }
}

function loginPage(policy: Policy, params: Record<string, string>, values: { sub: string; role: string; municipalities: string[] }, problem?: string): string {
  const hidden = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  const roles = ROLES.map(
    (role) =>
      `<div class="ds-field"><input class="ds-input" type="radio" id="rolle-${role}" name="role" value="${role}"${values.role === role ? ' checked' : ''}><label class="ds-label" for="rolle-${role}">${ROLE_NAMES[role]}</label></div>`,
  ).join('');
  const municipalities = Object.entries(policy.municipalities)
    .map(
      ([key, m]) =>
        `<div class="ds-field"><input class="ds-input" type="checkbox" id="kommune-${escape(key)}" name="municipality" value="${escape(key)}"${values.municipalities.includes(key) ? ' checked' : ''}><label class="ds-label" for="kommune-${escape(key)}">${escape(m.name)}</label></div>`,
    )
    .join('');
  return `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logg inn – tildelingskontoret</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><main class="page page-narrow" id="innhold">
<h1 class="ds-heading" data-size="lg">Logg inn</h1>
<p class="ds-paragraph">Den innebygde innloggingen, for å prøve systemet: velg hvem du er, rollen og kommunene.</p>
${problem ? `<div class="ds-alert" data-color="danger" role="alert" id="innloggingsfeil"><p class="ds-paragraph">${escape(problem)}</p></div>` : ''}
<form method="post" action="${LOCAL_AUTHORIZE_PATH}" class="stack">${hidden}
<div class="ds-field"><label class="ds-label" for="person">Person (brukernavn)</label><input class="ds-input" id="person" name="sub" autocomplete="username" required value="${escape(values.sub)}"></div>
<fieldset class="ds-fieldset"><legend class="ds-label">Rolle</legend>${roles}</fieldset>
<fieldset class="ds-fieldset"><legend class="ds-label">Kommuner</legend>${municipalities}</fieldset>
<button class="ds-button" data-variant="primary" type="submit">Logg inn</button>
</form></main></body></html>`;
}

export function localIssuerRoutes(policy: Policy, key: JWK, claims: { rolesClaim: string; municipalitiesClaim: string }): Router {
  const codes = new Map<string, IssuedCode>();
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const PASSED = ['client_id', 'redirect_uri', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'response_type', 'scope'] as const;

  const params = (source: Record<string, unknown>): Record<string, string> => Object.fromEntries(PASSED.map((k) => [k, one(source[k])]));
  const badRequest = (res: Response, why: string) => res.status(400).type('text/plain; charset=utf-8').send(`Innloggingen kan ikke fortsette: ${why}`);
  const checkRequest = (req: Request, p: Record<string, string>): string | null => {
    if (p.client_id !== LOCAL_CLIENT_ID) return 'ukjent klient (client_id).';
    if (p.response_type !== 'code') return 'bare response_type=code støttes.';
    if (p.code_challenge_method !== 'S256' || !/^[\w-]{43,128}$/.test(p.code_challenge ?? '')) return 'PKCE med S256 kreves (code_challenge).';
    if (!ownCallback(req, p.redirect_uri ?? '')) return 'redirect_uri er ikke denne tjenestens /login/callback.';
    return null;
  };

  router.get(LOCAL_AUTHORIZE_PATH, (req, res) => {
    const p = params(req.query);
    const problem = checkRequest(req, p);
    if (problem) return void badRequest(res, problem);
    res.type('html').send(loginPage(policy, p, { sub: '', role: 'caseworker', municipalities: [] }));
  });

  router.post(LOCAL_AUTHORIZE_PATH, form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const p = params(body);
    const problem = checkRequest(req, p);
    if (problem) return void badRequest(res, problem);
    const sub = one(body.sub).trim();
    const role = one(body.role);
    const municipalities = list(body.municipality).filter((m) => m in policy.municipalities);
    const values = { sub, role, municipalities };
    const refuse = (why: string) => res.status(400).type('html').send(loginPage(policy, p, values, why));
    if (!SUB.test(sub)) return void refuse('Skriv et brukernavn (synlige tegn, uten mellomrom).');
    if (!(ROLES as readonly string[]).includes(role)) return void refuse('Velg en rolle.');
    if (municipalities.length === 0) return void refuse('Velg minst én kommune.');
    const code = randomBytes(32).toString('base64url');
    const now = Date.now();
    for (const [k, c] of codes) if (c.expiresAt <= now) codes.delete(k);
    codes.set(code, { sub, roles: [role as Role], municipalities, challenge: p.code_challenge ?? '', redirectUri: p.redirect_uri ?? '', nonce: p.nonce || undefined, expiresAt: now + CODE_TTL_MS });
    const back = new URL(p.redirect_uri ?? '');
    back.searchParams.set('code', code);
    if (p.state) back.searchParams.set('state', p.state);
    res.redirect(303, back.toString());
  });

  router.post(LOCAL_TOKEN_PATH, form, async (req, res, next) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const refuse = (error: string, description: string) => res.status(400).json({ error, error_description: description });
      if (one(body.grant_type) !== 'authorization_code') return void refuse('unsupported_grant_type', 'Only authorization_code.');
      if (one(body.client_id) !== LOCAL_CLIENT_ID) return void refuse('invalid_client', 'Unknown client.');
      const code = one(body.code);
      const issued = codes.get(code);
      codes.delete(code);
      if (!issued || issued.expiresAt <= Date.now()) return void refuse('invalid_grant', 'The code is unknown, used or expired.');
      if (one(body.redirect_uri) !== issued.redirectUri) return void refuse('invalid_grant', 'redirect_uri does not match.');
      const challenge = createHash('sha256').update(one(body.code_verifier)).digest('base64url');
      if (challenge !== issued.challenge) return void refuse('invalid_grant', 'The PKCE code_verifier does not match.');
      const accessToken = await signLocalToken(key, {
        sub: issued.sub,
        roles: issued.roles,
        municipalities: issued.municipalities,
        expiresInSeconds: LOCAL_TOKEN_SECONDS,
        rolesClaim: claims.rolesClaim,
        municipalitiesClaim: claims.municipalitiesClaim,
      });
      const idToken = await new SignJWT({ ...(issued.nonce ? { nonce: issued.nonce } : {}) })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid!, typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_CLIENT_ID)
        .setSubject(issued.sub)
        .setIssuedAt()
        .setExpirationTime(`${LOCAL_TOKEN_SECONDS}s`)
        .sign(await importJWK(key, 'ES256'));
      res.json({ access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: LOCAL_TOKEN_SECONDS });
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/** The issuer's metadata as openid-client takes it, for this site's address. */
export function localIssuerMetadata(origin: string) {
  return {
    issuer: LOCAL_ISSUER,
    authorization_endpoint: `${origin}${LOCAL_AUTHORIZE_PATH}`,
    token_endpoint: `${origin}${LOCAL_TOKEN_PATH}`,
    jwks_uri: `${origin}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['none'],
  };
}

export { LOCAL_AUDIENCE };
