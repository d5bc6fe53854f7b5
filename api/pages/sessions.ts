// The office's pages keep the user's token on the server: the browser holds only an opaque session
// id in an HttpOnly cookie. A session ends with its token (or at logout); the CSRF token must come
// back in X-CSRF-Token on every request that changes anything.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/roles';

export const SESSION_COOKIE = 'kontor_sesjon';
export const LOGIN_COOKIE = 'kontor_innlogging';
export const CSRF_HEADER = 'x-csrf-token';

export interface Session {
  id: string;
  token: string;
  principal: Principal;
  /** When the token runs out (ms): the session ends with it. */
  expiresAt: number;
  csrf: string;
}

/** A login under way: the PKCE verifier, the state and where to go back to. */
export interface PendingLogin {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  expiresAt: number;
}

const LOGIN_WINDOW_MS = 10 * 60_000;
/** Bounds what an anonymous caller can make the server hold. */
const MAX_PENDING_LOGINS = 10_000;

function newId(): string {
  return randomBytes(32).toString('base64url');
}

/** In this process's memory: several API instances need sticky sessions (docs/pages.md). */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly logins = new Map<string, PendingLogin>();

  create(token: string, principal: Principal, expiresAt: number): Session {
    const session: Session = { id: newId(), token, principal, expiresAt, csrf: newId() };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session of this id; an expired one is forgotten. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= Date.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  startLogin(login: Omit<PendingLogin, 'expiresAt'>): string {
    const now = Date.now();
    for (const [key, pending] of this.logins) if (pending.expiresAt <= now) this.logins.delete(key);
    if (this.logins.size >= MAX_PENDING_LOGINS) this.logins.delete(this.logins.keys().next().value as string);
    const id = newId();
    this.logins.set(id, { ...login, expiresAt: now + LOGIN_WINDOW_MS });
    return id;
  }

  /** The login, once: a callback cannot be replayed. */
  takeLogin(id: string | undefined): PendingLogin | undefined {
    if (!id) return undefined;
    const login = this.logins.get(id);
    this.logins.delete(id);
    return login && login.expiresAt > Date.now() ? login : undefined;
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number): void {
  // SameSite=Lax: sent on the issuer's redirect back (a top-level GET), never on a cross-site POST.
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: Math.max(0, maxAgeMs) });
}

export function clearCookie(req: Request, res: Response, name: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

export function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A path on this site to go back to after login; anything else goes to the start page. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(value) && !value.startsWith('/login') ? value : '/';
}
