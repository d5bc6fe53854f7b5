// A history as the Temporal CLI prints it (proto3 JSON, base64 in metadata and data): every payload
// in it encoded and decoded by the codec, wherever it sits; search attributes and everything that
// is not a payload left as they are. The expected JSON is written out, never taken from the code.
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_ENCODING, METADATA_KEY_ID, PayloadEncryptionCodec } from '../../codec/encryptionCodec';
import { decodeHistoryJson, encodeHistoryJson } from '../../codec/historyPayloads';
import { payloadFromJson, payloadToJson } from '../../codec/jsonPayloads';
import { newPayloadKeyEntry, parsePayloadKeys } from '../../codec/keys';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const utf8 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

// {"note":"Søker faller"} as the SDK's JSON payload, written the way the CLI prints it.
const NOTE_JSON = { metadata: { encoding: b64('json/plain') }, data: b64('{"note":"Søker faller"}') };

function historyWith(payload: object) {
  return {
    events: [
      {
        eventId: '1',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
        workflowExecutionStartedEventAttributes: {
          workflowType: { name: 'caseWorkflow' },
          input: { payloads: [payload] },
          searchAttributes: { indexedFields: { CaseStatus: { metadata: { encoding: b64('json/plain'), type: b64('Keyword') }, data: b64('"received"') } } },
          attempt: 1,
          cronSchedule: null,
        },
      },
    ],
  };
}

/** A codec that only tags what it touches, so a test sees exactly which objects went through it. */
const tagging: PayloadCodec = {
  async encode(payloads: Payload[]) {
    return payloads.map((p) => ({ ...p, metadata: { ...p.metadata, tagged: Buffer.from('encode') } }));
  },
  async decode(payloads: Payload[]) {
    return payloads.map((p) => ({ ...p, metadata: { ...p.metadata, tagged: Buffer.from('decode') } }));
  },
};

describe('payloads in JSON (the remote codec protocol)', () => {
  it('reads base64 metadata and data into bytes, and writes them back', () => {
    const payload = payloadFromJson(NOTE_JSON);
    expect(Buffer.from(payload.metadata!.encoding!).toString('utf8')).toBe('json/plain');
    expect(Buffer.from(payload.data!).toString('utf8')).toBe('{"note":"Søker faller"}');
    expect(payloadToJson(payload)).toEqual(NOTE_JSON);
  });

  it('takes a payload with no metadata or data as empty', () => {
    expect(payloadFromJson({}).metadata).toEqual({});
    expect(Buffer.from(payloadFromJson({ metadata: null, data: null }).data!).length).toBe(0);
    expect(payloadToJson({})).toEqual({ metadata: {}, data: '' });
    expect(payloadToJson({ metadata: { encoding: null as unknown as Uint8Array }, data: null })).toEqual({ metadata: { encoding: '' }, data: '' });
  });
});

describe('a history through the codec', () => {
  it('encodes the payload of an event and leaves the search attributes and other fields as they are', async () => {
    const encoded = (await encodeHistoryJson(historyWith(NOTE_JSON), tagging)) as ReturnType<typeof historyWith>;
    const attrs = encoded.events[0]!.workflowExecutionStartedEventAttributes;
    expect(attrs.input.payloads[0]).toEqual({ metadata: { encoding: b64('json/plain'), tagged: b64('encode') }, data: NOTE_JSON.data });
    expect(attrs.searchAttributes).toEqual(historyWith(NOTE_JSON).events[0]!.workflowExecutionStartedEventAttributes.searchAttributes);
    expect(attrs.workflowType).toEqual({ name: 'caseWorkflow' });
    expect(attrs.attempt).toBe(1);
    expect(attrs.cronSchedule).toBeNull();
    expect(encoded.events[0]!.eventId).toBe('1');
  });

  it('decodes with decode, not encode', async () => {
    const decoded = (await decodeHistoryJson(historyWith(NOTE_JSON), tagging)) as ReturnType<typeof historyWith>;
    const payload = decoded.events[0]!.workflowExecutionStartedEventAttributes.input.payloads[0] as { metadata: Record<string, string> };
    expect(utf8(payload.metadata.tagged!)).toBe('decode');
  });

  it('takes as a payload only an object of metadata (with an encoding) and data', async () => {
    const notPayloads = [
      { metadata: { encoding: b64('json/plain') }, data: b64('1'), other: 'x' }, // a field besides
      { data: b64('1') }, // no metadata
      { metadata: null, data: b64('1') },
      { metadata: { type: b64('x') }, data: b64('1') }, // no encoding
      { metadata: { encoding: 7 }, data: b64('1') }, // an encoding that is no string
      { metadata: 'json/plain', data: b64('1') },
    ];
    for (const value of notPayloads) {
      expect(await encodeHistoryJson({ value }, tagging)).toEqual({ value });
    }
    // Metadata alone, or with externalPayloads, is still a payload.
    const alone = (await encodeHistoryJson({ value: { metadata: { encoding: b64('binary/null') } } }, tagging)) as { value: { metadata: Record<string, string> } };
    expect(utf8(alone.value.metadata.tagged!)).toBe('encode');
    const external = (await encodeHistoryJson({ value: { metadata: { encoding: b64('json/plain') }, data: b64('1'), externalPayloads: [] } }, tagging)) as {
      value: { metadata: Record<string, string> };
    };
    expect(utf8(external.value.metadata.tagged!)).toBe('encode');
  });

  it('goes through arrays and nested objects, and keeps numbers, strings, null and booleans', async () => {
    const json = { a: [NOTE_JSON, { b: { c: NOTE_JSON } }], n: 3, s: 'x', z: null, t: true };
    const out = (await encodeHistoryJson(json, tagging)) as { a: [{ metadata: Record<string, string> }, { b: { c: { metadata: Record<string, string> } } }] } & Record<string, unknown>;
    expect(utf8(out.a[0].metadata.tagged!)).toBe('encode');
    expect(utf8(out.a[1].b.c.metadata.tagged!)).toBe('encode');
    expect([out.n, out.s, out.z, out.t]).toEqual([3, 'x', null, true]);
  });

  it('round-trips a history through the encryption codec: stored encrypted, read back as it was', async () => {
    const codec = new PayloadEncryptionCodec(parsePayloadKeys(newPayloadKeyEntry('k1'), 'PAYLOAD_KEYS'));
    const original = historyWith(payloadToJson(defaultPayloadConverter.toPayload({ note: 'Søker faller' })));
    const encoded = (await encodeHistoryJson(original, codec)) as ReturnType<typeof historyWith>;
    const stored = encoded.events[0]!.workflowExecutionStartedEventAttributes.input.payloads[0]! as { metadata: Record<string, string>; data: string };
    expect(utf8(stored.metadata[METADATA_ENCODING_KEY]!)).toBe(ENCRYPTED_ENCODING);
    expect(utf8(stored.metadata[METADATA_KEY_ID]!)).toBe('k1');
    expect(utf8(stored.data)).not.toContain('Søker');
    expect(await decodeHistoryJson(encoded, codec)).toEqual(original);
  });
});
