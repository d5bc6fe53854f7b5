// The payload codec: every payload leaves the process encrypted with AES-256-GCM, so Temporal's
// history, database and backups hold no health text in clear. A fresh 12-byte nonce per payload; the
// key id, and the municipality and case id of the case the payload belongs to, travel in the metadata
// and are authenticated with the ciphertext (the AAD), so a payload cannot be passed off as written
// under another key or as another municipality's. Payloads that were never encrypted (histories from
// before the codec) decode as they are; a worker's codec marks them, so the workflow can refuse them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec, type SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { derivedKey, type PayloadKey, type PayloadKeys } from './keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata entry that names the key a payload was encrypted with. */
export const METADATA_KEY_ID = 'encryption-key-id';
/** The municipality of the case a payload belongs to (authenticated: part of the AAD). */
export const METADATA_MUNICIPALITY = 'case-municipality';
/** The id of the case a payload belongs to (authenticated: part of the AAD). */
export const METADATA_CASE_ID = 'case-id';
/**
 * Set by a worker's codec on a payload that reached it unencrypted: the instant before which a run
 * may still take such payloads (PAYLOAD_CLEAR_BEFORE), or '' when none may. Read by the workflow's
 * payload converter (codec/payloadConverter.ts), never written to Temporal.
 */
export const METADATA_ARRIVED_CLEAR = 'arrived-clear';

/** The case a payload belongs to: its municipality decides who may read it through the codec endpoint. */
export interface PayloadOwner {
  caseId: string;
  municipality: string;
}

/** The case behind a workflow id (`case-<id>`, `letter-<id>`), or undefined for one that has none (the sweep). */
export type PayloadOwners = (workflowId: string) => Promise<PayloadOwner | undefined>;

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
  /** Who a workflow's payloads belong to; without it, payloads name no case (tests without a database). */
  owners?: PayloadOwners;
  /**
   * A worker's codec: mark every payload that arrives unencrypted (METADATA_ARRIVED_CLEAR), so the
   * workflow refuses it unless its run started before `before` (PAYLOAD_CLEAR_BEFORE).
   */
  markClear?: { before: Date | undefined };
}

/** The case a payload names in its metadata; trusted only once the payload has decrypted. */
export function payloadOwnerOf(payload: Payload): Partial<PayloadOwner> {
  return { municipality: fromBytes(payload.metadata?.[METADATA_MUNICIPALITY]), caseId: fromBytes(payload.metadata?.[METADATA_CASE_ID]) };
}

export function isEncrypted(payload: Payload): boolean {
  return fromBytes(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

/** What the ciphertext is bound to: the key id alone (payloads of no case, and those written before), or with the case. */
function additionalData(keyId: string, owner: Partial<PayloadOwner>): Buffer {
  // Stryker disable next-line StringLiteral: Buffer.from reads a string as UTF-8 by default
  if (owner.municipality === undefined && owner.caseId === undefined) return Buffer.from(keyId, 'utf8');
  // Stryker disable next-line StringLiteral: Buffer.from reads a string as UTF-8 by default
  return Buffer.from(JSON.stringify([keyId, owner.municipality ?? null, owner.caseId ?? null]), 'utf8');
}

export class PayloadEncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, PayloadKey>;
  private readonly current: PayloadKey;
  private readonly source: string;
  private readonly owners: PayloadOwners | undefined;
  private readonly clearMark: string | undefined;

  private readonly keys: PayloadKeys;

  constructor(keys: PayloadKeys, opts: EncryptionCodecOptions = {}) {
    this.keys = keys;
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k]));
    this.source = opts.source ?? 'PAYLOAD_KEYS';
    this.owners = opts.owners;
    this.clearMark = opts.markClear ? (opts.markClear.before?.toISOString() ?? '') : undefined;
  }

  /** A key for `purpose` derived from these keys (see derivedKey), for a keyed hash the API sends in place of a client's text. */
  derivedKey(purpose: string): Buffer {
    return derivedKey(this.keys, purpose);
  }

  /** The id new payloads are written under. */
  get encryptingKeyId(): string {
    return this.current.id;
  }

  /** `context` (Temporal's serialization context) names the workflow the payloads belong to. */
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const owner = context?.workflowId && this.owners ? await this.owners(context.workflowId) : undefined;
    return payloads.map((payload) => this.encryptOne(payload, owner));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decryptOne(payload));
  }

  private encryptOne(payload: Payload, owner: PayloadOwner | undefined): Payload {
    const { id, key } = this.current;
    const nonce = randomBytes(NONCE_BYTES);
    // Stryker disable next-line ObjectLiteral: AES-GCM's tag is 16 bytes unless told otherwise
    const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(id, owner ?? {}));
    // The whole payload, its own metadata (the JSON encoding, the message type) included, is encrypted.
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const metadata: Record<string, Uint8Array> = { [METADATA_ENCODING_KEY]: text.encode(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: text.encode(id) };
    if (owner) {
      metadata[METADATA_MUNICIPALITY] = text.encode(owner.municipality);
      metadata[METADATA_CASE_ID] = text.encode(owner.caseId);
    }
    return { metadata, data: sealed };
  }

  private decryptOne(payload: Payload): Payload {
    if (!isEncrypted(payload)) return this.clearMark === undefined ? payload : markedClear(payload, this.clearMark);
    // Stryker disable next-line OptionalChaining: isEncrypted has read the metadata already, so it is there
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
    // Stryker disable next-line ObjectLiteral: the tag handed to setAuthTag is always the last 16 bytes
    const decipher = createDecipheriv(CIPHER, entry.key, sealed.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, payloadOwnerOf(payload)));
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
    const inner = temporal.api.common.v1.Payload.decode(plain);
    // Only this codec sets the mark; one inside a ciphertext was not put there by it.
    // Stryker disable next-line LogicalOperator: a decoded protobuf Payload always has a metadata object (empty when it had none)
    if (inner.metadata && METADATA_ARRIVED_CLEAR in inner.metadata) delete inner.metadata[METADATA_ARRIVED_CLEAR];
    return inner;
  }
}

/** The payload with the mark of one that arrived unencrypted (any mark it brought replaced). */
function markedClear(payload: Payload, before: string): Payload {
  return { ...payload, metadata: { ...payload.metadata, [METADATA_ARRIVED_CLEAR]: text.encode(before) } };
}
