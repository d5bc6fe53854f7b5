// The payload codec: every payload leaves the process encrypted with AES-256-GCM, so Temporal's
// history, database and backups hold no health text in clear. A fresh 12-byte nonce per payload; the
// key id travels in the metadata and is authenticated with the ciphertext, so a payload cannot be
// passed off as written under another key. Payloads that were never encrypted (histories from before
// the codec) decode as they are.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { derivedKey, type PayloadKey, type PayloadKeys } from './keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata entry that names the key a payload was encrypted with. */
export const METADATA_KEY_ID = 'encryption-key-id';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

const text = new TextEncoder();
const fromBytes = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/** A payload that cannot be decrypted; `keyId` is the id it names, when it names one. */
export class PayloadDecryptionError extends ValueError {
  constructor(
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    // ValueError's `name` is read-only (Temporal's errors define it so): assigning it threw a TypeError instead.
    Object.defineProperty(this, 'name', { value: 'PayloadDecryptionError' });
  }
}

export interface EncryptionCodecOptions {
  /** Where the keys came from, named in errors: PAYLOAD_KEYS, PAYLOAD_KEYS_FILE or the key file. */
  source?: string;
}

export class PayloadEncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, PayloadKey>;
  private readonly current: PayloadKey;
  private readonly source: string;

  private readonly keys: PayloadKeys;

  constructor(keys: PayloadKeys, opts: EncryptionCodecOptions = {}) {
    this.keys = keys;
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k]));
    this.source = opts.source ?? 'PAYLOAD_KEYS';
  }

  /** A key for `purpose` derived from these keys (see derivedKey), for a keyed hash the API sends in place of a client's text. */
  derivedKey(purpose: string): Buffer {
    return derivedKey(this.keys, purpose);
  }

  /** The id new payloads are written under. */
  get encryptingKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encryptOne(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decryptOne(payload));
  }

  private encryptOne(payload: Payload): Payload {
    const { id, key } = this.current;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(id, 'utf8'));
    // The whole payload, its own metadata (the JSON encoding, the message type) included, is encrypted.
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: text.encode(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: text.encode(id) },
      data: sealed,
    };
  }

  private decryptOne(payload: Payload): Payload {
    if (fromBytes(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = fromBytes(payload.metadata?.[METADATA_KEY_ID]);
    if (!keyId) throw new PayloadDecryptionError(`An encrypted payload names no key (no "${METADATA_KEY_ID}" in its metadata).`);
    const entry = this.byId.get(keyId);
    if (!entry) {
      throw new PayloadDecryptionError(
        `A payload is encrypted with the key "${keyId}", which is not in ${this.source} (it holds ${[...this.byId.keys()].join(', ')}); ` +
          `put that key back in ${this.source} (after the current one) to read it.`,
        keyId,
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < NONCE_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`An encrypted payload (key "${keyId}") is too short to be one.`, keyId);
    const sealed = Buffer.from(data);
    const decipher = createDecipheriv(CIPHER, entry.key, sealed.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `A payload does not decrypt with the key "${keyId}" of ${this.source}: it was changed, or that key id now holds another key.`,
        keyId,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}
