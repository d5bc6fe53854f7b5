// Payloads already stored must stay readable: one written before payloads were bound to a case is
// sealed with its key id alone as the authenticated data; one bound to a case with the JSON
// [key id, municipality, case id]. Both are sealed here with node:crypto directly, as the writer did,
// not with the codec under test.
import { createCipheriv, randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import {
  ENCRYPTED_ENCODING,
  METADATA_CASE_ID,
  METADATA_KEY_ID,
  METADATA_MUNICIPALITY,
  PayloadEncryptionCodec,
  payloadOwnerOf,
} from '../../codec/encryptionCodec';
import { parsePayloadKeys } from '../../codec/keys';

const KEY = Buffer.alloc(32, 9);
const keys = () => parsePayloadKeys(`k1:${KEY.toString('base64')}`, 'PAYLOAD_KEYS');
const CASE = { municipality: 'luroy', caseId: '6f0c6d2e-4d7a-4c1e-9a55-0b7f2d9e1a10' };

function sealed(aad: string, metadata: Record<string, string>): Payload {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', KEY, nonce, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const plain = temporal.api.common.v1.Payload.encode(defaultPayloadConverter.toPayload({ note: 'lagret før' })).finish();
  const data = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const meta = { [METADATA_ENCODING_KEY]: ENCRYPTED_ENCODING, [METADATA_KEY_ID]: 'k1', ...metadata };
  return { metadata: Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, Buffer.from(v)])), data };
}

const read = async (payload: Payload) => defaultPayloadConverter.fromPayload((await new PayloadEncryptionCodec(keys()).decode([payload]))[0]!);

describe('payloads written before', () => {
  it('one bound to its key id alone reads back', async () => {
    expect(await read(sealed('k1', {}))).toEqual({ note: 'lagret før' });
  });

  it('one bound to its case reads back, and not as another case', async () => {
    const meta = { [METADATA_MUNICIPALITY]: CASE.municipality, [METADATA_CASE_ID]: CASE.caseId };
    expect(await read(sealed(JSON.stringify(['k1', CASE.municipality, CASE.caseId]), meta))).toEqual({ note: 'lagret før' });
    await expect(read(sealed(JSON.stringify(['k1', CASE.municipality, CASE.caseId]), { [METADATA_MUNICIPALITY]: CASE.municipality }))).rejects.toThrow(/does not decrypt/);
  });

  it('one naming only its municipality is bound to the municipality and no case', async () => {
    expect(await read(sealed(JSON.stringify(['k1', 'luroy', null]), { [METADATA_MUNICIPALITY]: 'luroy' }))).toEqual({ note: 'lagret før' });
    expect(await read(sealed(JSON.stringify(['k1', null, CASE.caseId]), { [METADATA_CASE_ID]: CASE.caseId }))).toEqual({ note: 'lagret før' });
  });
});

describe('the case a payload names', () => {
  it('is read from its metadata, and none from a payload with no metadata', () => {
    expect(payloadOwnerOf({})).toEqual({ municipality: undefined, caseId: undefined });
    expect(payloadOwnerOf(sealed('k1', { [METADATA_MUNICIPALITY]: 'luroy', [METADATA_CASE_ID]: CASE.caseId }))).toEqual(CASE);
  });
});

describe('a codec without payload owners', () => {
  it('writes for a workflow without naming a case', async () => {
    const codec = new PayloadEncryptionCodec(keys());
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload('x')], { type: 'workflow', namespace: 'default', workflowId: 'case-1' });
    expect(Object.keys(encoded!.metadata!).sort()).toEqual([METADATA_KEY_ID, METADATA_ENCODING_KEY].sort());
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encoded!]))[0]!)).toBe('x');
  });

  it('lists every key it holds when one is missing', async () => {
    const codec = new PayloadEncryptionCodec(parsePayloadKeys(`k2:${Buffer.alloc(32, 3).toString('base64')},k1:${KEY.toString('base64')}`, 'PAYLOAD_KEYS'));
    const stranger = { ...sealed('k0', {}), metadata: { ...sealed('k0', {}).metadata, [METADATA_KEY_ID]: Buffer.from('k0') } };
    await expect(codec.decode([stranger])).rejects.toThrow('which is not in PAYLOAD_KEYS (it holds k2, k1); put that key back');
  });
});
