// From the settings to what the API verifies tokens with: a real issuer's remote JWKS, or the embedded
// issuer's key in DATA_DIR (made on first start).
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet } from 'jose';
import type { AuthSettings } from '../../config/settings';
import { ensureLocalSigningKey, LOCAL_AUDIENCE, LOCAL_ISSUER, publicJwks, sharedSigningKey } from './localIssuer';
import type { AuthConfig } from './verifier';

export interface ApiAuth extends AuthConfig {
  /** Only for the embedded issuer: the public keys, served at /.well-known/jwks.json. */
  publicJwks?: JSONWebKeySet;
}

const JWKS_TIMEOUT_MS = 5_000;
// A token with an unknown `kid` makes jose fetch the set again, but not more often than this.
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_MAX_AGE_MS = 10 * 60_000;

export function remoteAuth(settings: { issuer: string; audience: string; jwksUrl: string; rolesClaim: string; municipalitiesClaim: string }): ApiAuth {
  return {
    issuer: settings.issuer,
    audience: settings.audience,
    rolesClaim: settings.rolesClaim,
    municipalitiesClaim: settings.municipalitiesClaim,
    keys: createRemoteJWKSet(new URL(settings.jwksUrl), {
      timeoutDuration: JWKS_TIMEOUT_MS,
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: JWKS_MAX_AGE_MS,
    }),
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
  };
}
