// From the settings to what the API verifies tokens with: a real issuer's remote JWKS, or the embedded
// issuer's key in DATA_DIR (made on first start).
import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import type { AuthSettings } from '../../config/settings';
import { ensureLocalSigningKey, LOCAL_AUDIENCE, LOCAL_ISSUER, publicJwks } from './localIssuer';
import { sharedSigningKey } from '../../config/signingKey';
import type { AuthConfig } from './verifier';

export interface ApiAuth extends AuthConfig {
  /** Only for the embedded issuer: the public keys, served at /.well-known/jwks.json. */
  publicJwks?: JSONWebKeySet;
  /** Only for the embedded issuer: its private key, with which its login page (the office's pages) signs tokens. */
  signingKey?: JWK;
}

const JWKS_TIMEOUT_MS = 5_000;
/**
 * A token with an unknown `kid` makes jose fetch the set again, but not more often than this. A key
 * the issuer starts signing with right after a fetch is waited for (see remoteKeys), not refused;
 * and no caller can make the API fetch the issuer's keys more than once a second.
 */
export const JWKS_COOLDOWN_MS = 1_000;
const JWKS_MAX_AGE_MS = 10 * 60_000;

/**
 * The issuer's keys, fetched again when a token names a `kid` the cached set lacks. jose refuses such
 * a token while its cooldown runs (right after a fetch); here the token waits out the cooldown once
 * and is tried against the fresh set, so a key rotation is never refused.
 */
export function remoteKeys(jwksUrl: URL): JWTVerifyGetKey {
  const set = createRemoteJWKSet(jwksUrl, {
    timeoutDuration: JWKS_TIMEOUT_MS,
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_MAX_AGE_MS,
  });
  return async (header, token) => {
    try {
      return await set(header, token);
    } catch (err) {
      if (!(err instanceof errors.JWKSNoMatchingKey) || !set.coolingDown) throw err;
      await new Promise((resolve) => setTimeout(resolve, JWKS_COOLDOWN_MS));
      return set(header, token);
    }
  };
}

export function remoteAuth(settings: { issuer: string; audience: string; jwksUrl: string; rolesClaim: string; municipalitiesClaim: string }): ApiAuth {
  return {
    issuer: settings.issuer,
    audience: settings.audience,
    rolesClaim: settings.rolesClaim,
    municipalitiesClaim: settings.municipalitiesClaim,
    keys: remoteKeys(new URL(settings.jwksUrl)),
  };
}

export async function authFromSettings(settings: AuthSettings, dataDir: string): Promise<ApiAuth> {
  if (settings.kind === 'external') return remoteAuth(settings);
  // One of several instances (AUTH_SIGNING_KEY_FILE): the shared key. Alone: its own, made in DATA_DIR.
  const key = settings.signingKeyFile ? sharedSigningKey(settings.signingKeyFile) : await ensureLocalSigningKey(dataDir);
  const jwks = publicJwks(key);
  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    rolesClaim: settings.rolesClaim,
    municipalitiesClaim: settings.municipalitiesClaim,
    keys: createLocalJWKSet(jwks),
    publicJwks: jwks,
    signingKey: key,
  };
}
