// The converters every client and worker loads by path: a failure's message and stack travel encoded
// (so the codec encrypts them), and outside a workflow a payload's arrived-clear mark is taken off
// before the SDK reads it. (Inside a workflow the mark refuses the payload: test/codec/failures.test.ts,
// which needs the time-skipping server.)
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it, vi } from 'vitest';
import { payloadConverter } from '../../codec/payloadConverter';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the failure converter', () => {
  it('moves a failure’s message and stack into the encoded attributes, out of the clear fields', async () => {
    // Loaded afresh inside the test: the converter is built while its module loads, and only code run
    // during a test is seen by the mutation run (Stryker's vitest runner) as checked by that test.
    vi.resetModules();
    const { failureConverter } = await import('../../codec/failureConverter.js');
    const failure = failureConverter.errorToFailure(new Error('Søker 4711 faller om natten'), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const attributes = defaultPayloadConverter.fromPayload(failure.encodedAttributes as Payload) as { message: string };
    expect(attributes.message).toBe('Søker 4711 faller om natten');
  });
});

describe('the payload converter outside a workflow', () => {
  const value = { note: 'x', hours: 3 };

  it('reads a payload with no mark as the SDK does', () => {
    expect(payloadConverter.fromPayload(defaultPayloadConverter.toPayload(value))).toEqual(value);
  });

  it('takes the arrived-clear mark off and reads the payload, whatever the mark says', () => {
    for (const mark of ['', '2026-03-01T00:00:00.000Z']) {
      const payload = defaultPayloadConverter.toPayload(value);
      const marked: Payload = { ...payload, metadata: { ...payload.metadata, 'arrived-clear': bytes(mark) } };
      expect(payloadConverter.fromPayload(marked)).toEqual(value);
      // The caller's payload keeps its mark: the converter works on a copy.
      expect(marked.metadata!['arrived-clear']).toEqual(bytes(mark));
    }
  });

  it('a mark set to null is no mark', () => {
    const payload = defaultPayloadConverter.toPayload(value);
    expect(payloadConverter.fromPayload({ ...payload, metadata: { ...payload.metadata, 'arrived-clear': null as unknown as Uint8Array } })).toEqual(value);
  });

  it('writes payloads as the SDK does', () => {
    expect(payloadConverter.toPayload(value)).toEqual(defaultPayloadConverter.toPayload(value));
  });
});
