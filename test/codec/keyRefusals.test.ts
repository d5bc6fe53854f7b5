// The codec's edges: how a key setting may be written (spaces, comments, stray commas), each bad one
// refused with one line naming the setting, and each payload that cannot be read refused with its
// own reason, never a crash of another kind.
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_ENCODING, isEncrypted, METADATA_KEY_ID, PayloadDecryptionError, PayloadEncryptionCodec } from '../../codec/encryptionCodec';
import { derivedKey, newPayloadKeyEntry, parsePayloadKeys, PayloadKeysError } from '../../codec/keys';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const EXAMPLE = 'write id:<base64 of 32 random bytes>, e.g. k2:…,k1:… (openssl rand -base64 32 makes one)';

function refusal(text: string, setting = 'PAYLOAD_KEYS'): PayloadKeysError {
  try {
    parsePayloadKeys(text, setting);
  } catch (error) {
    return error as PayloadKeysError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('how a key setting may be written', () => {
  it('takes spaces around ids, keys and entries, indented comments and stray commas', () => {
    const keys = parsePayloadKeys(`  # the keys of 2027\n k2 : ${KEY_B} , \n\t# retired next year\n k1:${KEY_A},,\n`, 'PAYLOAD_KEYS_FILE');
    expect(keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keys[0].key).toEqual(Buffer.alloc(32, 2));
    expect(keys[1]?.key).toEqual(Buffer.alloc(32, 1));
  });

  it('writes a fresh key as id:base64 of 32 random bytes', () => {
    const entry = newPayloadKeyEntry('2027-01');
    expect(entry).toMatch(/^2027-01:[A-Za-z0-9+/]{43}=$/);
    expect(parsePayloadKeys(entry, 'PAYLOAD_KEYS')[0].key.length).toBe(32);
    expect(newPayloadKeyEntry('k')).not.toBe(newPayloadKeyEntry('k'));
  });
});

describe('a key setting that cannot be used', () => {
  it('is a PayloadKeysError naming the setting', () => {
    const error = refusal('', 'PAYLOAD_KEYS_FILE (/etc/keys)');
    expect(error).toBeInstanceOf(PayloadKeysError);
    expect(error.name).toBe('PayloadKeysError');
    expect(error.setting).toBe('PAYLOAD_KEYS_FILE (/etc/keys)');
    expect(error.message).toBe(`PAYLOAD_KEYS_FILE (/etc/keys): holds no key; ${EXAMPLE}`);
    expect(refusal('# only a comment\n , ').message).toBe(`PAYLOAD_KEYS: holds no key; ${EXAMPLE}`);
  });

  it('an entry with nothing before the colon has an empty id, not a missing one', () => {
    expect(refusal(`:${KEY_A}`).message).toBe('PAYLOAD_KEYS: entry 1: the key id must be 1-64 letters, digits, ".", "_" or "-"');
    expect(refusal(`k1:${KEY_A},${KEY_B}`).message).toBe(`PAYLOAD_KEYS: entry 2 has no "id:" before the key; ${EXAMPLE}`);
  });

  it('a key with anything but base64 in it, before or after', () => {
    expect(refusal(`k1:$${KEY_A}`).message).toBe(`PAYLOAD_KEYS: the key k1 is not base64; ${EXAMPLE}`);
    expect(refusal(`k1:${KEY_A}$`).message).toBe(`PAYLOAD_KEYS: the key k1 is not base64; ${EXAMPLE}`);
    expect(refusal(`k1:`).message).toBe(`PAYLOAD_KEYS: the key k1 is not base64; ${EXAMPLE}`);
  });

  it('an id of up to 64 of the allowed characters, no more', () => {
    expect(parsePayloadKeys(`${'a'.repeat(64)}:${KEY_A}`, 'PAYLOAD_KEYS')[0].id).toBe('a'.repeat(64));
    expect(refusal(`${'a'.repeat(65)}:${KEY_A}`).message).toMatch(/^PAYLOAD_KEYS: entry 1: the key id must be/);
    expect(refusal(`x${'/'}y:${KEY_A}`).message).toMatch(/^PAYLOAD_KEYS: entry 1: the key id must be/);
  });
});

describe('a key derived for another purpose', () => {
  it('comes from the oldest key, so a rotation does not change it; purposes differ', () => {
    const one = parsePayloadKeys(`k1:${KEY_A}`, 'PAYLOAD_KEYS');
    const rotated = parsePayloadKeys(`k2:${KEY_B},k1:${KEY_A}`, 'PAYLOAD_KEYS');
    expect(derivedKey(rotated, 'hash')).toEqual(derivedKey(one, 'hash'));
    expect(derivedKey(one, 'hash').length).toBe(32);
    expect(derivedKey(one, 'hash')).not.toEqual(derivedKey(one, 'other'));
    expect(derivedKey(parsePayloadKeys(`k2:${KEY_B}`, 'PAYLOAD_KEYS'), 'hash')).not.toEqual(derivedKey(one, 'hash'));
    // The id is part of what is derived: the same bytes under another id give another key.
    expect(derivedKey(parsePayloadKeys(`k9:${KEY_A}`, 'PAYLOAD_KEYS'), 'hash')).not.toEqual(derivedKey(one, 'hash'));
    expect(new PayloadEncryptionCodec(rotated).derivedKey('hash')).toEqual(derivedKey(one, 'hash'));
  });
});

describe('a payload that cannot be read', () => {
  const codec = () => new PayloadEncryptionCodec(parsePayloadKeys(`k1:${KEY_A}`, 'PAYLOAD_KEYS'));
  const encrypted = (metadata: Record<string, string>, data: Uint8Array): Payload => ({
    metadata: Object.fromEntries(Object.entries({ [METADATA_ENCODING_KEY]: ENCRYPTED_ENCODING, ...metadata }).map(([k, v]) => [k, Buffer.from(v)])),
    data,
  });
  async function decodeError(payload: Payload, c = codec()): Promise<PayloadDecryptionError> {
    try {
      await c.decode([payload]);
    } catch (error) {
      return error as PayloadDecryptionError;
    }
    throw new Error('expected the payload to be refused');
  }

  it('is a PayloadDecryptionError by its name', async () => {
    const error = await decodeError(encrypted({}, new Uint8Array(40)));
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect(error.name).toBe('PayloadDecryptionError');
    expect(error.message).toBe('An encrypted payload names no key (no "encryption-key-id" in its metadata).');
    expect(error.keyId).toBeUndefined();
  });

  it('names the key it needs, the setting it is not in, and what that holds (PAYLOAD_KEYS unless told)', async () => {
    const error = await decodeError(encrypted({ [METADATA_KEY_ID]: 'k0' }, new Uint8Array(40)));
    expect(error.message).toBe(
      'A payload is encrypted with the key "k0", which is not in PAYLOAD_KEYS (it holds k1); put that key back in PAYLOAD_KEYS (after the current one) to read it.',
    );
    expect(error.keyId).toBe('k0');
  });

  it('too short to hold a nonce and a tag (28 bytes): refused as such', async () => {
    const error = await decodeError(encrypted({ [METADATA_KEY_ID]: 'k1' }, new Uint8Array(27)));
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect(error.message).toBe('An encrypted payload (key "k1") is too short to be one.');
    expect(error.keyId).toBe('k1');
    expect((await decodeError(encrypted({ [METADATA_KEY_ID]: 'k1' }, new Uint8Array(0)))).message).toMatch(/too short/);
    // Exactly 28 bytes of nothing is long enough; it then fails to authenticate.
    expect((await decodeError(encrypted({ [METADATA_KEY_ID]: 'k1' }, new Uint8Array(28)))).message).toBe(
      'A payload does not decrypt with the key "k1" of PAYLOAD_KEYS: it was changed, or that key id now holds another key.',
    );
  });

  it('an empty payload encrypts to just nonce and tag, and reads back', async () => {
    const c = codec();
    const [sealed] = await c.encode([{}]);
    expect(sealed!.data!.length).toBe(28);
    const [read] = await c.decode([sealed!]);
    expect(Object.keys(read!.metadata ?? {})).toEqual([]);
    expect(read!.data?.length ?? 0).toBe(0);
  });

  it('a payload with no metadata at all is not encrypted and passes as it is', async () => {
    const bare: Payload = { data: Buffer.from('x') };
    expect(isEncrypted(bare)).toBe(false);
    expect(await codec().decode([bare])).toEqual([bare]);
    expect(isEncrypted({ metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING) } })).toBe(true);
    expect(isEncrypted(defaultPayloadConverter.toPayload('x'))).toBe(false);
  });

  it('writes under the first key and says so', async () => {
    const c = new PayloadEncryptionCodec(parsePayloadKeys(`k2:${KEY_B},k1:${KEY_A}`, 'PAYLOAD_KEYS'));
    expect(c.encryptingKeyId).toBe('k2');
  });
});
