// The embedded issuer's signing key as a file: DATA_DIR's own, or AUTH_SIGNING_KEY_FILE's shared by
// every instance. Read here, where the settings are, so the API's issuer and the token this process
// shows Temporal (config/temporalServiceToken.ts) read it the same way.
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';

export function readKey(file: string): JWK {
  const key = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  if (key.kty !== 'EC' || key.crv !== 'P-256' || typeof key.d !== 'string' || typeof key.kid !== 'string') {
    throw new Error(`${file} is not this API's token signing key (an EC P-256 private JWK); move it away and start again to make a new one`);
  }
  return key;
}

/**
 * AUTH_SIGNING_KEY_FILE's key, shared by several instances: read, never made (a key of this instance's
 * own would make its tokens 401 on the others). `npm run signing-key -- <file>` makes it once.
 */
export function sharedSigningKey(file: string): JWK {
  try {
    return readKey(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new Error(`AUTH_SIGNING_KEY_FILE: ${file} cannot be read (${code}); make it once with npm run signing-key -- ${file}`);
    throw new Error(`AUTH_SIGNING_KEY_FILE: ${err instanceof Error ? err.message : String(err)}`);
  }
}

