// The payload codec alone: what it writes is opaque and bound to its key id; rotation keeps old
// payloads readable; clear payloads from before the codec pass through; every refusal names the key.
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  ENCRYPTED_ENCODING,
  METADATA_ARRIVED_CLEAR,
  METADATA_CASE_ID,
  METADATA_KEY_ID,
  METADATA_MUNICIPALITY,
  PayloadEncryptionCodec,
  type PayloadOwner,
} from '../../codec/encryptionCodec';
import { newPayloadKeyEntry, parsePayloadKeys, PayloadKeysError } from '../../codec/keys';

const note = 'Søker faller ofte om natten og trenger tilsyn (kontaktnotat 4711)';
const clear = (value: unknown) => defaultPayloadConverter.toPayload(value);
const str = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

function codecOf(text: string, source = 'PAYLOAD_KEYS') {
  return new PayloadEncryptionCodec(parsePayloadKeys(text, source), { source });
}

describe('PayloadEncryptionCodec', () => {
  const k1 = newPayloadKeyEntry('k1');
  const k2 = newPayloadKeyEntry('k2');

  it('writes binary/encrypted payloads that name the key and hold none of the text', async () => {
    const [encoded] = await codecOf(k1).encode([clear({ note })]);
    expect(str(encoded!.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(str(encoded!.metadata![METADATA_KEY_ID])).toBe('k1');
    expect(Object.keys(encoded!.metadata!).sort()).toEqual([METADATA_KEY_ID, METADATA_ENCODING_KEY].sort());
    const raw = Buffer.from(encoded!.data!);
    expect(raw.toString('utf8')).not.toContain('kontaktnotat');
    expect(raw.toString('latin1')).not.toContain('json/plain');
  });

  it('decodes what it encoded, metadata and all', async () => {
    const codec = codecOf(k1);
    const original = clear({ note, hours: 3 });
    const [decoded] = await codec.decode(await codec.encode([original]));
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ note, hours: 3 });
    expect(str(decoded!.metadata![METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('uses a fresh nonce for every payload: the same value never encrypts the same twice', async () => {
    const codec = codecOf(k1);
    const [a, b] = await codec.encode([clear(note), clear(note)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
  });

  it('binds the key id to the ciphertext: relabelled under another key, a payload does not decrypt', async () => {
    const codec = codecOf(`${k2},${k1}`);
    const [encoded] = await codec.encode([clear(note)]);
    const relabelled: Payload = { ...encoded!, metadata: { ...encoded!.metadata!, [METADATA_KEY_ID]: Buffer.from('k1') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/does not decrypt with the key "k1" of PAYLOAD_KEYS/);
  });

  it('refuses a payload whose bytes were changed', async () => {
    const codec = codecOf(k1);
    const [encoded] = await codec.encode([clear(note)]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow(/does not decrypt with the key "k1"/);
  });

  it('rotates: with a new key first, it writes under the new key and still reads the old one', async () => {
    const before = codecOf(k1);
    const [old] = await before.encode([clear({ note })]);
    const after = codecOf(`${k2},${k1}`);
    expect(after.encryptingKeyId).toBe('k2');
    const [fresh] = await after.encode([clear({ note })]);
    expect(str(fresh!.metadata![METADATA_KEY_ID])).toBe('k2');
    const decoded = await after.decode([old!, fresh!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ note }, { note }]);
  });

  it('names the unknown key id and the setting when a payload needs a key it no longer has', async () => {
    const [old] = await codecOf(k1).encode([clear(note)]);
    const error = await codecOf(k2, 'PAYLOAD_KEYS_FILE (/etc/cases/keys)').decode([old!]).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('"k1"');
    expect((error as Error).message).toContain('PAYLOAD_KEYS_FILE (/etc/cases/keys)');
    expect((error as Error).message).toContain('holds k2');
  });

  it('decodes payloads that were never encrypted as they are (histories from before the codec)', async () => {
    const plain = clear({ note });
    const [decoded] = await codecOf(k1).decode([plain]);
    expect(decoded).toBe(plain);
  });
});

describe('parsePayloadKeys', () => {
  const refusal = (text: string) => {
    try {
      parsePayloadKeys(text, 'PAYLOAD_KEYS');
    } catch (error) {
      expect(error).toBeInstanceOf(PayloadKeysError);
      expect((error as Error).message).not.toContain('\n');
      return (error as Error).message;
    }
    throw new Error(`expected ${text} to be refused`);
  };

  it('reads id:base64 entries in order, by comma or by line, skipping comments', () => {
    const a = newPayloadKeyEntry('2026-12');
    const b = newPayloadKeyEntry('2025-06');
    const keys = parsePayloadKeys(`# keys\n${a}\n\n${b}\n`, 'PAYLOAD_KEYS_FILE');
    expect(keys.map((k) => k.id)).toEqual(['2026-12', '2025-06']);
    expect(keys[0].key).toEqual(Buffer.from(a.split(':')[1]!, 'base64'));
    expect(parsePayloadKeys(`${a},${b}`, 'PAYLOAD_KEYS').map((k) => k.id)).toEqual(['2026-12', '2025-06']);
  });

  it('refuses malformed keys with one line naming the setting, never quoting the key', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(refusal(`k1:${short}`)).toBe(
      'PAYLOAD_KEYS: the key k1 is 16 bytes, not 32 (AES-256); write id:<base64 of 32 random bytes>, e.g. k2:…,k1:… (openssl rand -base64 32 makes one)',
    );
    expect(refusal(`k1:${short}`)).not.toContain(short);
    expect(refusal('')).toMatch(/^PAYLOAD_KEYS: holds no key/);
    expect(refusal(Buffer.alloc(32).toString('base64'))).toMatch(/^PAYLOAD_KEYS: entry 1 has no "id:"/);
    expect(refusal(`k1:not base64!`)).toMatch(/^PAYLOAD_KEYS: the key k1 is not base64/);
    expect(refusal(`${newPayloadKeyEntry('k1')},${newPayloadKeyEntry('k1')}`)).toBe('PAYLOAD_KEYS: the key id k1 is given twice');
    expect(refusal(`bad id:${Buffer.alloc(32).toString('base64')}`)).toMatch(/^PAYLOAD_KEYS: entry 1: the key id must be/);
  });
});

describe('a payload bound to its case and municipality', () => {
  const k1 = newPayloadKeyEntry('k1');
  const luroy: PayloadOwner = { caseId: '6f0c6d2e-4d7a-4c1e-9a55-0b7f2d9e1a10', municipality: 'luroy' };
  const context = { type: 'workflow', namespace: 'default', workflowId: `case-${luroy.caseId}` } as const;
  const owned = () => new PayloadEncryptionCodec(parsePayloadKeys(k1, 'PAYLOAD_KEYS'), { owners: async (id) => (id === context.workflowId ? luroy : undefined) });

  it("names the case and municipality of the workflow it is written for, and decodes back", async () => {
    const codec = owned();
    const [encoded] = await codec.encode([clear({ note })], context);
    expect(str(encoded!.metadata![METADATA_MUNICIPALITY])).toBe('luroy');
    expect(str(encoded!.metadata![METADATA_CASE_ID])).toBe(luroy.caseId);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encoded!]))[0]!)).toEqual({ note });
    // A workflow with no case (the sweep) names none.
    const [bare] = await codec.encode([clear('ok')], { ...context, workflowId: 'case-sweep' });
    expect(Object.keys(bare!.metadata!).sort()).toEqual([METADATA_KEY_ID, METADATA_ENCODING_KEY].sort());
  });

  it.each([
    ['another municipality', { [METADATA_MUNICIPALITY]: new TextEncoder().encode('namsos') }],
    ['another case', { [METADATA_CASE_ID]: new TextEncoder().encode('00000000-0000-4000-8000-000000000000') }],
    ['no case at all', { [METADATA_MUNICIPALITY]: undefined, [METADATA_CASE_ID]: undefined }],
  ])('does not decrypt once relabelled as %s', async (_label, change) => {
    const codec = owned();
    const [encoded] = await codec.encode([clear({ note })], context);
    const metadata = Object.fromEntries(Object.entries({ ...encoded!.metadata, ...change }).filter(([, v]) => v !== undefined)) as Record<string, Uint8Array>;
    await expect(codec.decode([{ ...encoded!, metadata }])).rejects.toThrow(/does not decrypt with the key "k1"/);
  });

  it("on a worker, marks a payload that arrived unencrypted (never one it decrypted), with PAYLOAD_CLEAR_BEFORE", async () => {
    const before = new Date('2026-03-01T00:00:00Z');
    const worker = new PayloadEncryptionCodec(parsePayloadKeys(k1, 'PAYLOAD_KEYS'), { markClear: { before } });
    const [marked] = await worker.decode([clear({ reason: 'x', actor: 'forged-actor' })]);
    expect(str(marked!.metadata![METADATA_ARRIVED_CLEAR])).toBe(before.toISOString());
    const strict = new PayloadEncryptionCodec(parsePayloadKeys(k1, 'PAYLOAD_KEYS'), { markClear: { before: undefined } });
    expect(str((await strict.decode([clear('x')]))[0]!.metadata![METADATA_ARRIVED_CLEAR])).toBe('');
    // A mark sealed inside a ciphertext is not the codec's own: it is dropped on decryption.
    const sealedMark = { ...clear('x'), metadata: { ...clear('x').metadata, [METADATA_ARRIVED_CLEAR]: new TextEncoder().encode('9999-01-01T00:00:00Z') } };
    const [decrypted] = await strict.decode(await strict.encode([sealedMark]));
    expect(decrypted!.metadata![METADATA_ARRIVED_CLEAR]).toBeUndefined();
    // A client's codec marks nothing: a clear payload comes back as it was.
    expect(await codecOf(k1).decode([clear('x')])).toEqual([clear('x')]);
  });
});
