// The payload keys: `id:<base64 of 32 bytes>` entries, the first encrypts, every one decrypts, so a new
// key can be put first while payloads written under the old ones stay readable (rotation).
import { hkdfSync, randomBytes } from 'node:crypto';

export interface PayloadKey {
  /** Written into each payload's metadata, so the reader knows which key to use. */
  id: string;
  /** 32 bytes: an AES-256 key. */
  key: Buffer;
}

/** The keys in order: `[0]` encrypts. Never empty. */
export type PayloadKeys = readonly [PayloadKey, ...PayloadKey[]];

/** The keys and where they came from (named in errors): `PAYLOAD_KEYS`, `PAYLOAD_KEYS_FILE (…)`, the key file. */
export interface PayloadKeySet {
  keys: PayloadKeys;
  source: string;
}

/** A key setting that cannot be used; the message is one line, names the setting and never quotes a key. */
export class PayloadKeysError extends Error {
  constructor(
    readonly setting: string,
    /** What is wrong, without the setting's name (the settings' own error names it). */
    readonly problem: string,
  ) {
    super(`${setting}: ${problem}`);
    this.name = 'PayloadKeysError';
  }
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const EXAMPLE = 'write id:<base64 of 32 random bytes>, e.g. k2:…,k1:… (openssl rand -base64 32 makes one)';

/**
 * Parses `k2:<base64>,k1:<base64>` (commas or new lines between entries; blank lines and `#` comments
 * allowed, so a key file can say what it holds). `setting` names where the text came from.
 */
export function parsePayloadKeys(text: string, setting: string): PayloadKeys {
  const entries = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new PayloadKeysError(setting, `holds no key; ${EXAMPLE}`);
  const keys: PayloadKey[] = [];
  entries.forEach((entry, index) => {
    const position = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new PayloadKeysError(setting, `${position} has no "id:" before the key; ${EXAMPLE}`);
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      throw new PayloadKeysError(setting, `${position}: the key id must be 1-64 letters, digits, ".", "_" or "-"`);
    }
    if (keys.some((k) => k.id === id)) throw new PayloadKeysError(setting, `the key id ${id} is given twice`);
    if (!BASE64.test(encoded)) throw new PayloadKeysError(setting, `the key ${id} is not base64; ${EXAMPLE}`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) {
      throw new PayloadKeysError(setting, `the key ${id} is ${key.length} bytes, not 32 (AES-256); ${EXAMPLE}`);
    }
    keys.push({ id, key });
  });
  return keys as unknown as PayloadKeys;
}

/** A fresh key, as one line of a key file or of PAYLOAD_KEYS. */
export function newPayloadKeyEntry(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * A 32-byte key for another purpose than encryption (e.g. keyed hashes), derived with HKDF-SHA256 from
 * the oldest key: a rotation puts a new key first and keeps the old ones, so what is derived stays
 * the same until the oldest key is retired. `purpose` keeps keys for different uses apart.
 */
export function derivedKey(keys: PayloadKeys, purpose: string): Buffer {
  const oldest = keys[keys.length - 1]!;
  return Buffer.from(hkdfSync('sha256', oldest.key, Buffer.from(`case-orchestrator:${oldest.id}`), Buffer.from(purpose), 32));
}
