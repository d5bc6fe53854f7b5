// Payload keys for a test file: fresh random ones, so no test relies on a key written down anywhere.
import { newPayloadKeyEntry, parsePayloadKeys, type PayloadKeySet } from '../../codec/keys';

/** A key set of `ids` (the first encrypts), each a fresh random key. */
export function freshPayloadKeys(...ids: string[]): PayloadKeySet {
  const text = (ids.length > 0 ? ids : ['test-1']).map((id) => newPayloadKeyEntry(id)).join(',');
  return { keys: parsePayloadKeys(text, 'PAYLOAD_KEYS'), source: 'PAYLOAD_KEYS' };
}

let shared: PayloadKeySet | undefined;

/** The keys this test file's API, worker and clients share. */
export function testPayloadKeys(): PayloadKeySet {
  shared ??= freshPayloadKeys('test-1');
  return shared;
}
