// Nobody gets round the API (the contract): inside a workflow, a payload the worker's codec saw
// arrive unencrypted is refused, unless its run started before PAYLOAD_CLEAR_BEFORE. The payloads
// come from the real worker codec; the workflow is the SDK's own workflow context (the Activator a
// worker's sandbox installs), set in this process for the length of one call, so no server is
// needed. test/codec/failures.test.ts and the API's tests see the same on a real worker.
import { defaultPayloadConverter, ValueError, type Payload } from '@temporalio/common';
import { setActivator } from '@temporalio/workflow/lib/global-attributes';
import { Activator } from '@temporalio/workflow/lib/internals';
import { describe, expect, it } from 'vitest';
import { PayloadEncryptionCodec } from '../../codec/encryptionCodec';
import { payloadConverter } from '../../codec/payloadConverter';
import { freshPayloadKeys } from '../support/payloadKeys';

const STEP = { reason: 'Flytter til datter', hours: 3 };
const CUT_OFF = '2026-03-01T00:00:00.000Z';

/** What a worker's codec hands the workflow for a step sent unencrypted (with the Temporal CLI, say). */
async function arrivedClear(before: Date | undefined): Promise<Payload> {
  const codec = new PayloadEncryptionCodec(freshPayloadKeys('k1').keys, { markClear: { before } });
  const [payload] = await codec.decode([defaultPayloadConverter.toPayload(STEP)]);
  return payload!;
}

/** A step read by a workflow whose run started at `runStartTime`. */
function readInRunStartedAt(runStartTime: string, payload: Payload): unknown {
  const activator = new Activator({
    info: { runStartTime: new Date(runStartTime) },
    now: Date.parse(runStartTime),
    showStackTraceSources: false,
    sourceMap: undefined,
    getTimeOfDay: () => 0n,
    randomnessSeed: [1],
    registeredActivityNames: new Set(),
    stackTracesEnabled: false,
  } as unknown as ConstructorParameters<typeof Activator>[0]);
  setActivator(activator);
  try {
    return payloadConverter.fromPayload(payload);
  } finally {
    setActivator(undefined as unknown as Activator);
  }
}

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ValueError);
    return (error as Error).message;
  }
  return expect.fail('the payload was read');
}

describe('inside a workflow, a payload that arrived unencrypted', () => {
  it('is refused when no PAYLOAD_CLEAR_BEFORE is set, saying that steps go through the API and how an old run is let through', async () => {
    const payload = await arrivedClear(undefined);
    expect(refusal(() => readInRunStartedAt('2020-01-01T00:00:00.000Z', payload))).toBe(
      'A payload reached the workflow unencrypted: steps go through the API, which encrypts them. ' +
        'A run from before the payload codec is let through by PAYLOAD_CLEAR_BEFORE=<instant>.',
    );
  });

  it('is refused on a run started at PAYLOAD_CLEAR_BEFORE or later, naming the instant', async () => {
    const payload = await arrivedClear(new Date(CUT_OFF));
    const message = 'A payload reached the workflow unencrypted: steps go through the API, which encrypts them. ' +
      `Only runs started before PAYLOAD_CLEAR_BEFORE (${CUT_OFF}) take unencrypted payloads.`;
    expect(refusal(() => readInRunStartedAt(CUT_OFF, payload))).toBe(message);
    expect(refusal(() => readInRunStartedAt('2026-11-20T09:00:00.000Z', payload))).toBe(message);
  });

  it('is read on a run started before it, to the millisecond, and the caller’s payload keeps its mark', async () => {
    const payload = await arrivedClear(new Date(CUT_OFF));
    expect(readInRunStartedAt('2026-02-28T23:59:59.999Z', payload)).toEqual(STEP);
    expect(new TextDecoder().decode(payload.metadata!['arrived-clear'])).toBe(CUT_OFF);
  });
});

describe('inside a workflow, a payload the codec decrypted', () => {
  it('carries no mark and is read as the SDK reads it', async () => {
    const codec = new PayloadEncryptionCodec(freshPayloadKeys('k1').keys, { markClear: { before: undefined } });
    const [decrypted] = await codec.decode(await codec.encode([defaultPayloadConverter.toPayload(STEP)]));
    expect(decrypted!.metadata!['arrived-clear']).toBeUndefined();
    expect(readInRunStartedAt('2026-11-20T09:00:00.000Z', decrypted!)).toEqual(STEP);
  });

  it('a mark set to null is no mark', () => {
    const payload = defaultPayloadConverter.toPayload(STEP);
    const nulled = { ...payload, metadata: { ...payload.metadata, 'arrived-clear': null as unknown as Uint8Array } };
    expect(readInRunStartedAt('2026-11-20T09:00:00.000Z', nulled)).toEqual(STEP);
  });

  it('a payload with no metadata at all is the SDK’s to refuse, as such', () => {
    const bare = { data: new TextEncoder().encode('{}') };
    expect(refusal(() => readInRunStartedAt('2026-11-20T09:00:00.000Z', bare))).toBe('Missing payload metadata');
    expect(refusal(() => payloadConverter.fromPayload(bare))).toBe('Missing payload metadata');
  });
});
