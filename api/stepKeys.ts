// A step's Idempotency-Key is the client's text, and a client may build it from a name or a national
// id. Temporal (the Update id, the step's input, the workflow's memory of applied keys) gets only a
// keyed hash of it: HMAC-SHA256 under a key derived from the payload keys, the same in every API
// instance, so a retry with the same key makes the same Update id and is still applied once.
import { createHmac } from 'node:crypto';
import type { PayloadCodec } from '@temporalio/common';
import { PayloadEncryptionCodec } from '../codec/encryptionCodec';

/** Versioned, so a later change of scheme cannot collide with hashes made under this one. */
const PURPOSE = 'step-idempotency-key/v1';

export type StepKeyHash = (key: string) => string;

/** From the codecs of the API's Temporal client: the encryption codec holds the payload keys. */
export function stepKeyHasher(codecs: readonly PayloadCodec[]): StepKeyHash {
  const codec = codecs.find((c): c is PayloadEncryptionCodec => c instanceof PayloadEncryptionCodec);
  if (!codec) throw new Error("The API's Temporal client has no payload encryption codec: build it with createTemporalClient and the payload keys");
  const secret = codec.derivedKey(PURPOSE);
  return (key) => `h1.${createHmac('sha256', secret).update(key, 'utf8').digest('base64url')}`;
}
