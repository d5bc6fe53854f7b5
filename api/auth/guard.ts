// The guard every non-public route passes first: a valid bearer token (else 401), one of the route's
// roles (else 403), and a well-formed X-Access-Reason. Reusable on any Express route:
//   app.post('/api/codec/decode', guard(['caseworker', 'manager']), handler)  — then accessOf(res) in the handler.
import type { RequestHandler, Response } from 'express';
import { ApiError, type Logger } from '../errors';
import type { Access, Role } from './roles';
import { TokenRefused, type VerifyToken } from './verifier';

export type Guard = (roles: readonly Role[]) => RequestHandler;

const UNAUTHENTICATED = 'A valid bearer token is required: send Authorization: Bearer <token>.';
const ACCESS_REASON = /^[\x20-\x7e]{1,200}$/;
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

export function unauthenticated(): ApiError {
  // One body for a missing token and for every kind of bad one: nothing to learn from the answer.
  return new ApiError('unauthenticated', UNAUTHENTICATED);
}

export function createGuard(verify: VerifyToken, logger: Pick<Logger, 'warn'> = console): Guard {
  return (roles) => async (req, res, next) => {
    try {
      const header = req.get('authorization');
      if (header === undefined) throw unauthenticated();
      const token = BEARER.exec(header)?.[1];
      let principal;
      try {
        if (!token) throw new TokenRefused('the Authorization header is not "Bearer <token>"');
        principal = await verify(token);
      } catch (err) {
        if (!(err instanceof TokenRefused)) throw err;
        // Why, for the operator; never the token or what it says.
        logger.warn(`[auth] ${req.method} ${req.path}: token refused: ${err.reason}`);
        throw unauthenticated();
      }
      const role = roles.find((r) => principal.roles.includes(r));
      if (!role) {
        throw new ApiError('forbidden', `This needs a token with the role ${roles.join(' or ')}; this token has ${principal.roles.length > 0 ? principal.roles.join(', ') : 'no role of this API'}.`);
      }
      const reason = req.get('x-access-reason');
      if (reason !== undefined && !ACCESS_REASON.test(reason)) {
        throw ApiError.validation([{ field: 'X-Access-Reason', message: 'Must be 1 to 200 printable ASCII characters.' }]);
      }
      const access: Access = { principal, role, reason: reason?.trim() || null };
      res.locals.access = access;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Who the guard let through on this request; a route without the guard has no access to give. */
export function accessOf(res: Response): Access {
  const access = res.locals.access as Access | undefined;
  if (!access) throw new Error('accessOf: the route has no guard in front of it');
  return access;
}
