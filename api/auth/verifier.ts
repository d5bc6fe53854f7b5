// Bearer tokens checked with `jose`: signed with RS256 or ES256 by a key of the issuer's JWKS, for our
// issuer and audience, within exp/nbf (60 s of clock skew). Anything else is refused with a reason that
// goes to the log only; the caller learns just that the token is not valid.
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ApiError } from '../errors';
import { ROLES, type Principal, type Role } from './roles';

export const TOKEN_ALGORITHMS = ['RS256', 'ES256'];
export const CLOCK_TOLERANCE_SECONDS = 60;

export interface AuthConfig {
  issuer: string;
  audience: string;
  /** The issuer's signing keys: a remote JWKS (createRemoteJWKSet) or, for the embedded issuer, a local one. */
  keys: JWTVerifyGetKey;
  /** The claims holding the roles and the municipality keys; a dotted path (`realm_access.roles`) reaches into an object. */
  rolesClaim: string;
  municipalitiesClaim: string;
}

/** A token that is not valid; `reason` is for the log and never holds the token or its claims' values. */
export class TokenRefused extends Error {
  override readonly name = 'TokenRefused';
  constructor(readonly reason: string) {
    super(reason);
  }
}

const SUBJECT = /^[\x21-\x7e]{1,200}$/;

/** The claim by its exact name, or else by its dotted path. */
function claim(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** What a claim's value is, for the log: its JSON type, never the value. */
function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list holding ${[...new Set(value.map((item) => (item === null ? 'null' : typeof item)))].join(' and ') || 'nothing'}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A list of strings, or nothing. A single string is a list of one: what Keycloak's attribute mapper
 * gives with "Multivalued" off, and Entra ID for a single-valued directory extension. Any other type
 * refuses the token, and the log says what the claim held (its type, never its value).
 */
function stringList(payload: JWTPayload, name: string): string[] {
  const value = claim(payload, name);
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TokenRefused(
      `claim ${name} is ${shapeOf(value)}, not a list of strings (or one string); check the issuer's mapper for ${name} (AUTH_ROLES_CLAIM, AUTH_MUNICIPALITIES_CLAIM)`,
    );
  }
  return value;
}

/** The issuer's keys could not be fetched: not the caller's fault, so 503 rather than 401. */
function keysUnreachable(err: unknown): boolean {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return true;
  // A fetch that fails (connection refused, DNS) is a TypeError from the runtime, not a JOSE error.
  return err instanceof TypeError && !(err instanceof errors.JOSEError);
}

export type VerifyToken = (token: string) => Promise<Principal>;

export function createTokenVerifier(config: AuthConfig): VerifyToken {
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, config.keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: TOKEN_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      if (keysUnreachable(err)) {
        throw new ApiError('unavailable', "The token issuer's signing keys cannot be fetched right now; the request may be retried.");
      }
      throw new TokenRefused(err instanceof errors.JOSEError ? `${err.code}${err instanceof errors.JWTClaimValidationFailed ? ` (${err.claim})` : ''}` : 'not a JWT');
    }
    if (typeof payload.sub !== 'string' || !SUBJECT.test(payload.sub)) throw new TokenRefused('claim sub is not 1-200 visible ASCII characters');
    const roles = stringList(payload, config.rolesClaim).filter((role): role is Role => (ROLES as readonly string[]).includes(role));
    const municipalities = stringList(payload, config.municipalitiesClaim);
    return { sub: payload.sub, roles: [...new Set(roles)], municipalities: [...new Set(municipalities)] };
  };
}
