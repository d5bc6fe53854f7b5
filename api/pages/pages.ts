// The office's own pages (docs/pages.md), served by the API on the same origin: login with OpenID
// Connect (authorization code with PKCE, openid-client), a server-side session behind an HttpOnly
// cookie, and the built page bundle. An API request that comes with the session cookie and no
// Authorization header is sent on with the session's token, so the pages go through exactly the
// same guard, roles, municipalities, access log and steps as any client.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler } from 'express';
import * as oidc from 'openid-client';
import type { Policy } from '../../domain/policy/policyTypes';
import type { ApiAuth } from '../auth/authConfig';
import type { VerifyToken } from '../auth/verifier';
import { ApiError } from '../errors';
import { localIssuerMetadata, localIssuerRoutes, LOCAL_CLIENT_ID } from './localIssuerLogin';
import { clearCookie, CSRF_HEADER, LOGIN_COOKIE, readCookie, safeReturnTo, sameSecret, SESSION_COOKIE, SessionStore, setCookie } from './sessions';

/** Where the build (scripts/buildPages.mjs, run by npm start and npm test) puts the bundle. */
export const PAGES_DIST = path.resolve(__dirname, '..', '..', 'web', 'dist');
/** The pages' own paths: each answers with the page shell, or the login when there is no session. */
export const PAGE_PATHS = ['/', '/sak/:id', '/leder', '/tilgangslogg'];
/** Every path the pages serve besides the API (HTML and the login): not API routes, so not in the OpenAPI document. */
export const PAGES_OWN_PATHS = [...PAGE_PATHS, '/login', '/login/callback', '/logout', '/auth/session', '/auth/local/authorize', '/auth/local/token'];

export interface PagesOptions {
  /** A real issuer's OpenID Connect client (PAGES_CLIENT_ID, PAGES_CLIENT_SECRET); the embedded issuer needs none. */
  client?: { clientId: string; clientSecret?: string };
  /** The Temporal Web UI a manager's board links each case's workflow to. */
  temporalUi?: { url: string; namespace: string };
}

/** PAGES_CLIENT_ID and PAGES_CLIENT_SECRET: the pages' client at a real issuer (docs/pages.md). */
export function pagesClientFromEnv(env: NodeJS.ProcessEnv): PagesOptions['client'] {
  const clientId = env.PAGES_CLIENT_ID?.trim();
  if (!clientId) return undefined;
  const clientSecret = env.PAGES_CLIENT_SECRET?.trim();
  return { clientId, ...(clientSecret ? { clientSecret } : {}) };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

function origin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function pageShell(): string {
  return `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tildelingskontoret</title><link rel="stylesheet" href="/assets/app.css"><script type="module" src="/assets/app.js"></script></head>
<body><div id="app"></div></body></html>`;
}

export interface Pages {
  /** Before the API's routes: turns a session cookie into the session's bearer token, CSRF checked. */
  sessionToToken: RequestHandler;
  router: Router;
}

export function createPages(deps: { auth: ApiAuth; policy: Policy; verify: VerifyToken; rateLimit: RequestHandler; options?: PagesOptions }): Pages {
  const sessions = new SessionStore();
  const local = deps.auth.signingKey;
  // The OpenID Connect client, per site address (the embedded issuer's endpoints are on this site).
  const configs = new Map<string, Promise<oidc.Configuration>>();
  const configFor = (req: Request): Promise<oidc.Configuration> => {
    const key = local ? origin(req) : 'remote';
    let config = configs.get(key);
    if (!config) {
      if (local) {
        const made = new oidc.Configuration(localIssuerMetadata(key), LOCAL_CLIENT_ID, undefined, oidc.None());
        if (key.startsWith('http:')) oidc.allowInsecureRequests(made);
        config = Promise.resolve(made);
      } else {
        const client = deps.options?.client;
        if (!client) throw new ApiError('unavailable', 'The pages have no OpenID Connect client configured (PAGES_CLIENT_ID).');
        config = oidc.discovery(new URL(deps.auth.issuer), client.clientId, client.clientSecret);
        // A failed discovery is tried again on the next login.
        config.catch(() => configs.delete(key));
      }
      configs.set(key, config);
    }
    return config;
  };

  const sessionToToken: RequestHandler = (req, res, next) => {
    if (!req.path.startsWith('/api/') || req.get('authorization') !== undefined) return next();
    const session = sessions.get(readCookie(req, SESSION_COOKIE));
    if (!session) return next();
    if (!SAFE_METHODS.has(req.method) && !sameSecret(req.get(CSRF_HEADER), session.csrf)) {
      return next(new ApiError('forbidden', 'This request lacks the page\'s X-CSRF-Token: reload the page and try again.'));
    }
    req.headers.authorization = `Bearer ${session.token}`;
    next();
  };

  const router = Router();
  // The rate limit counts the pages' own paths only: any other path goes on to the API's "no such route", counted there.
  const ownPath = (p: string) => PAGES_OWN_PATHS.includes(p) || p.startsWith('/assets/') || /^\/sak\/[^/]+$/.test(p);
  router.use((req, res, next) => {
    if (!ownPath(req.path)) return next();
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    deps.rateLimit(req, res, next);
  });
  if (local) router.use(localIssuerRoutes(deps.policy, local, deps.auth));

  router.get('/login', async (req, res, next) => {
    try {
      const config = await configFor(req);
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const loginId = sessions.startLogin({ verifier, state, nonce, returnTo: safeReturnTo(req.query.returnTo) });
      setCookie(req, res, LOGIN_COOKIE, loginId, 10 * 60_000);
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${origin(req)}/login/callback`,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      res.redirect(303, url.href);
    } catch (err) {
      next(err);
    }
  });

  router.get('/login/callback', async (req, res, next) => {
    try {
      const login = sessions.takeLogin(readCookie(req, LOGIN_COOKIE));
      clearCookie(req, res, LOGIN_COOKIE);
      // An old or replayed callback starts the login again rather than showing an error page.
      if (!login) return void res.redirect(303, '/login');
      const config = await configFor(req);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(req.originalUrl, origin(req)), {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      // The token the API will check on every request: checked now too, so a token the API would
      // refuse never becomes a session.
      const principal = await deps.verify(tokens.access_token);
      const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
      const expiresAt = (payload.exp ?? Math.floor(Date.now() / 1000) + (tokens.expires_in ?? 300)) * 1000;
      const session = sessions.create(tokens.access_token, principal, expiresAt);
      setCookie(req, res, SESSION_COOKIE, session.id, expiresAt - Date.now());
      res.redirect(303, login.returnTo);
    } catch (err) {
      next(err);
    }
  });

  router.post('/logout', express.urlencoded({ extended: false, limit: '1kb' }), (req, res) => {
    const id = readCookie(req, SESSION_COOKIE);
    const session = sessions.get(id);
    const given = (req.body as Record<string, unknown> | undefined)?.csrf;
    if (session && sameSecret(typeof given === 'string' ? given : req.get(CSRF_HEADER), session.csrf)) sessions.end(id);
    else if (session) return void res.status(403).type('text/plain').send('Utlogging uten gyldig skjema: last siden på nytt.');
    clearCookie(req, res, SESSION_COOKIE);
    res.redirect(303, '/login');
  });

  // Who is logged in, and the CSRF token the page sends back: 401 without a session.
  router.get('/auth/session', (req, res) => {
    const session = sessions.get(readCookie(req, SESSION_COOKIE));
    if (!session) return void res.status(401).json({ error: { code: 'unauthenticated', message: 'Not logged in, or the session has ended: log in again.' } });
    res.json({ sub: session.principal.sub, roles: session.principal.roles, municipalities: session.principal.municipalities, csrf: session.csrf, expiresAt: new Date(session.expiresAt).toISOString(), temporalUi: deps.options?.temporalUi ?? null });
  });

  router.use('/assets', express.static(path.join(PAGES_DIST, 'assets'), { index: false }));

  const shell: RequestHandler = (req, res) => {
    if (!sessions.get(readCookie(req, SESSION_COOKIE))) return void res.redirect(303, `/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
    if (!existsSync(path.join(PAGES_DIST, 'assets', 'app.js'))) {
      return void res.status(503).type('text/plain').send('The pages are not built: npm start and npm test build them (node scripts/buildPages.mjs).');
    }
    res.type('html').send(pageShell());
  };
  for (const p of PAGE_PATHS) router.get(p, shell);
  return { sessionToToken, router };
}
