// The guard every non-public route passes first: a valid bearer token (else 401), one of the route's
// roles (else 403), and a well-formed X-Access-Reason. Reusable on any Express route:
//   app.post('/api/codec/decode', ...guard(['caseworker', 'manager']), express.json(), handler)  — then accessOf(res) in the handler.
// The body is parsed only after the guard: nothing of it is read for a caller without a valid token.
import type { RequestHandler, Response } from 'express';
import { ApiError, type Logger } from '../errors';
import type { Access, Principal, Role } from './roles';
import { TokenRefused, type VerifyToken } from './verifier';

/**
 * What a guarded route runs before it reads anything of the request: the token check, then what the
 * app puts between (the rate limit), then the role check. A refused token is answered 401 only after
 * the rate limit has counted it against the client's address.
 */
export type Guard = (roles: readonly Role[]) => RequestHandler[];

const UNAUTHENTICATED = 'A valid bearer token is required: send Authorization: Bearer <token>.';
/** The longest X-Access-Reason, in characters after trimming. */
export const MAX_ACCESS_REASON = 200;
const MAX_REASON = MAX_ACCESS_REASON;
const CONTROL = /\p{Cc}/u;
/**
 * The same rule as JSON Schema can say it, for the OpenAPI document (as a header carries it: latin-1,
 * and as any regex engine reads it): no space first or last (so trimming changes nothing), no control character.
 */
export const ACCESS_REASON_PATTERN = /^[^\x00-\x20\x7f-\xa0](?:[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\xa0])?$/;

/**
 * Node reads header bytes as latin1. A reason sent as UTF-8 (æøå from a server) is decoded as UTF-8;
 * one that is not valid UTF-8 (latin1 from a browser) stays as it is.
 */
function headerText(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  const utf8 = bytes.toString('utf8');
  return Buffer.from(utf8, 'utf8').equals(bytes) ? utf8 : raw;
}

/** `X-Access-Reason`, trimmed; null when not sent. */
export function accessReason(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const reason = headerText(raw).trim();
  if (reason.length === 0 || reason.length > MAX_REASON || CONTROL.test(reason)) {
    throw ApiError.validation([{ field: 'X-Access-Reason', message: `Must be 1 to ${MAX_REASON} characters of text (UTF-8), no control characters.` }]);
  }
  return reason;
}
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

export function unauthenticated(): ApiError {
  // One body for a missing token and for every kind of bad one: nothing to learn from the answer.
  return new ApiError('unauthenticated', UNAUTHENTICATED);
}

/**
 * `between`: handlers that run once the token is checked (valid or not) and before the role check:
 * the rate limit, which counts a refused token against the address and a valid one against its `sub`.
 */
export function createGuard(verify: VerifyToken, logger: Pick<Logger, 'warn'> = console, between: readonly RequestHandler[] = []): Guard {
  // The token, checked once per request: res.locals.principal, or res.locals.refusal to answer later.
  const authenticate: RequestHandler = async (req, res, next) => {
    try {
      // Already given for this request by the embedded Web UI's codec path (api/codecAccess.ts).
      if (res.locals.access) {
        next();
        return;
      }
      const header = req.get('authorization');
      if (header === undefined) {
        res.locals.refusal = unauthenticated();
        next();
        return;
      }
      const token = BEARER.exec(header)?.[1];
      try {
        if (!token) throw new TokenRefused('the Authorization header is not "Bearer <token>"');
        res.locals.principal = await verify(token);
      } catch (err) {
        if (!(err instanceof TokenRefused)) throw err;
        // Why, for the operator; never the token or what it says.
        logger.warn({ method: req.method, reason: err.reason }, `[auth] token refused: ${err.reason}`);
        res.locals.refusal = unauthenticated();
      }
      next();
    } catch (err) {
      next(err);
    }
  };
  const authorize =
    (roles: readonly Role[]): RequestHandler =>
    (req, res, next) => {
      try {
        const given = res.locals.access as Access | undefined;
        if (given) {
          if (!roles.includes(given.role)) throw new ApiError('forbidden', `This needs the role ${roles.join(' or ')}.`);
          next();
          return;
        }
        const principal = res.locals.principal as Principal | undefined;
        if (!principal) throw (res.locals.refusal as ApiError | undefined) ?? unauthenticated();
        const role = roles.find((r) => principal.roles.includes(r));
        if (!role) {
          throw new ApiError('forbidden', `This needs a token with the role ${roles.join(' or ')}; this token has ${principal.roles.length > 0 ? principal.roles.join(', ') : 'no role of this API'}.`);
        }
        const access: Access = { principal, role, reason: accessReason(req.get('x-access-reason')) };
        res.locals.access = access;
        next();
      } catch (err) {
        next(err);
      }
    };
  return (roles) => [authenticate, ...between, authorize(roles)];
}

/** Who the guard let through on this request; a route without the guard has no access to give. */
export function accessOf(res: Response): Access {
  const access = res.locals.access as Access | undefined;
  if (!access) throw new Error('accessOf: the route has no guard in front of it');
  return access;
}
