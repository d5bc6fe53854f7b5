// The codec endpoint for the Temporal Web UI and CLI (Temporal's remote codec protocol): decodes the
// encrypted payloads of a history with the same codec the API's client uses, and encodes clear ones.
// Which browser origin may call it is decided before these handlers (api/codecAccess.ts); who may, by
// the token guard (caseworker or manager). Every decode writes an access-log row before it answers.
import type { Payload } from '@temporalio/common';
import { PayloadDecryptionError } from '../../codec/encryptionCodec';
import { payloadFromJson, payloadToJson, type JsonPayload } from '../../codec/jsonPayloads';
import { listEntry, writeAccessLog } from '../accessLog';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import type { ApiContext } from '../context';
import { ApiError, type ErrorCode } from '../errors';
import { defineRoute, type Route } from '../route';
import { codecRequestSchema, codecResponseSchema } from '../schemas/codec';
import type { FieldProblem } from '../../workflows/messages';

/** A history's payloads can be far larger than a step's body. */
export const CODEC_BODY_LIMIT = '4mb';

/**
 * What the caller is told about a payload that does not decode: the key id it names, never where the
 * keys are kept (the codec's own message names the key file's path, for the operator's log).
 */
function problemOf(err: unknown): string {
  if (err instanceof PayloadDecryptionError) {
    if (err.keyId === undefined) return 'An encrypted payload that names no key: it was not written by this system, or was changed.';
    if (/not in /.test(err.message)) {
      return `Encrypted with the key "${err.keyId}", which this API's payload keys (PAYLOAD_KEYS or PAYLOAD_KEYS_FILE) do not hold: put that key back, after the current one, to read it.`;
    }
    return `Does not decrypt with the key "${err.keyId}": the payload was changed, or that key id now holds another key.`;
  }
  return 'Cannot be decoded: send each payload as Temporal writes it (metadata and data in base64).';
}

/** Runs `step` on each payload alone, so a payload that fails is named by its index. */
async function eachPayload(payloads: JsonPayload[], step: (payload: Payload) => Promise<Payload>): Promise<JsonPayload[]> {
  const problems: FieldProblem[] = [];
  const results: JsonPayload[] = [];
  for (const [index, json] of payloads.entries()) {
    try {
      results.push(payloadToJson(await step(payloadFromJson(json))));
    } catch (err) {
      problems.push({ field: `payloads[${index}]`, message: problemOf(err) });
    }
  }
  if (problems.length > 0) throw ApiError.validation(problems);
  return results;
}

export function codecRoutes(ctx: Pick<ApiContext, 'db' | 'codec'>): Route[] {
  const deps = ctx.codec;
  const decodeOne = async (payload: Payload) => {
    let current = [payload];
    for (const codec of [...deps.codecs].reverse()) current = await codec.decode(current);
    return current[0]!;
  };
  const encodeOne = async (payload: Payload) => {
    let current = [payload];
    for (const codec of deps.codecs) current = await codec.encode(current);
    return current[0]!;
  };
  const errors: ErrorCode[] = ['validation_failed', 'unauthenticated', 'forbidden', 'payload_too_large', 'unavailable'];
  const common = { method: 'post', tag: 'Temporal codec', roles: ROUTE_ROLES.codec, body: codecRequestSchema, bodyLimit: CODEC_BODY_LIMIT, errors } as const;
  return [
    defineRoute({
      ...common,
      path: '/api/codec/decode',
      operationId: 'decodePayloads',
      summary: 'Decrypts payloads for the Temporal Web UI or CLI',
      description:
        "Temporal's remote codec protocol: encrypted payloads (`binary/encrypted`) come back as they were before encryption; " +
        'others come back unchanged. Each decode writes an access-log row (`codec.decode`). A payload under an unknown key is refused with its index and the key id named.',
      responses: { 200: { description: 'The decoded payloads.', schema: codecResponseSchema } },
      handler: async ({ body, res }) => {
        const payloads = await eachPayload(body.payloads, decodeOne);
        // A decode names no case (the UI sends bare payloads): one row for the caller's municipalities.
        const access = accessOf(res);
        await writeAccessLog(ctx.db, access, listEntry('codec.decode', access.principal.municipalities));
        res.json({ payloads });
      },
    }),
    defineRoute({
      ...common,
      path: '/api/codec/encode',
      operationId: 'encodePayloads',
      summary: 'Encrypts payloads for the Temporal Web UI or CLI',
      description: "Temporal's remote codec protocol: each payload comes back encrypted with the current key, as the API and worker write them.",
      responses: { 200: { description: 'The encrypted payloads.', schema: codecResponseSchema } },
      handler: async ({ body, res }) => {
        res.json({ payloads: await eachPayload(body.payloads, encodeOne) });
      },
    }),
  ];
}
