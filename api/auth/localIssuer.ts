// The embedded default's own token issuer: one ES256 signing key kept in DATA_DIR (made on first start,
// readable by its owner only), its public half served as a JWKS, and tokens signed with it for
// `npm run token`. Used only when no AUTH_* setting names a real issuer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readKey } from '../../config/signingKey';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import type { Role } from './roles';

export const LOCAL_ISSUER = 'urn:case-orchestrator:local-issuer';
export const LOCAL_AUDIENCE = 'case-orchestrator';
const ALGORITHM = 'ES256';

/** Where the signing key lives: `<DATA_DIR>/auth/token-signing-key.json`. */
export function localSigningKeyFile(dataDir: string): string {
  return path.join(dataDir, 'auth', 'token-signing-key.json');
}

export async function newKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const { d: _d, ...publicPart } = jwk;
  return { ...jwk, kid: await calculateJwkThumbprint(publicPart), alg: ALGORITHM, use: 'sig' };
}

/** The signing key in DATA_DIR, made (mode 0600) when there is none yet. */
export async function ensureLocalSigningKey(dataDir: string): Promise<JWK> {
  const file = localSigningKeyFile(dataDir);
  try {
    return readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = await newKey();
  try {
    // `wx`: a second process starting at the same moment keeps the first one's key.
    writeFileSync(file, `${JSON.stringify(key)}\n`, { flag: 'wx', mode: 0o600 });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKey(file);
    throw err;
  }
}

/** Makes a new key file for AUTH_SIGNING_KEY_FILE (mode 0600); an existing file is never replaced. */
export async function writeNewSigningKey(file: string): Promise<JWK> {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = await newKey();
  writeFileSync(file, `${JSON.stringify(key)}\n`, { flag: 'wx', mode: 0o600 });
  return key;
}

/** The public half, as the JWKS the API verifies with and serves. */
export function publicJwks(key: JWK): JSONWebKeySet {
  const { d: _d, ...publicPart } = key;
  return { keys: [publicPart] };
}

/** Reads the key without making one: `npm run token` must not invent a key the API does not know. */
export function existingLocalSigningKey(dataDir: string): JWK {
  const file = localSigningKeyFile(dataDir);
  try {
    return readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`there is no signing key in ${file} yet: run npm start once with this DATA_DIR`);
    }
    throw err;
  }
}

export interface LocalTokenRequest {
  sub: string;
  roles: Role[];
  municipalities: string[];
  expiresInSeconds: number;
  rolesClaim: string;
  municipalitiesClaim: string;
}

/** A token the embedded API accepts, signed with the key in DATA_DIR. */
export async function signLocalToken(key: JWK, request: LocalTokenRequest): Promise<string> {
  const signingKey = await importJWK(key, ALGORITHM);
  return new SignJWT({ [request.rolesClaim]: request.roles, [request.municipalitiesClaim]: request.municipalities })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid!, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(request.sub)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${request.expiresInSeconds}s`)
    .sign(signingKey);
}
