// The codec endpoint for the Temporal Web UI and CLI (Temporal's remote codec protocol): decodes the
// encrypted payloads of a history with the same codec the API's client uses, but only those of a case
// in the caller's municipalities (each payload names its case and municipality, authenticated with
// its ciphertext); the others come back as they were sent, still encrypted. There is no encode: a
// caller who could encrypt what it likes could send the worker a step past the API.
// Which browser origin may call it is decided before these handlers (api/codecAccess.ts); who may, by
// the token guard (caseworker or manager). Every decode writes an access-log row per case before it answers.
import type { Payload } from '@temporalio/common';
import { isEncrypted, payloadOwnerOf, PayloadDecryptionError } from '../../codec/encryptionCodec';
import { payloadFromJson, payloadToJson, type JsonPayload } from '../../codec/jsonPayloads';
import { writeAccessLog, type AccessEntry } from '../accessLog';
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
  const errors: ErrorCode[] = ['validation_failed', 'unauthenticated', 'forbidden', 'payload_too_large', 'unavailable'];
  return [
    defineRoute({
      method: 'post',
      tag: 'Temporal codec',
      roles: ROUTE_ROLES.codec,
      body: codecRequestSchema,
      bodyLimit: CODEC_BODY_LIMIT,
      errors,
      path: '/api/codec/decode',
      operationId: 'decodePayloads',
      summary: 'Decrypts payloads for the Temporal Web UI or CLI',
      description:
        "Temporal's remote codec protocol: an encrypted payload (`binary/encrypted`) of a case in the token's municipalities comes back as it was before encryption; " +
        "one of another municipality's case, or of no case, comes back as it was sent, still encrypted; others come back unchanged. " +
        'Each case whose payloads were decoded gets an access-log row (`codec.decode`) with its id and municipality. A payload under an unknown key is refused with its index and the key id named.',
      responses: { 200: { description: 'The payloads, decoded where the caller may read them.', schema: codecResponseSchema } },
      handler: async ({ body, res }) => {
        const access = accessOf(res);
        const readable = new Set(access.principal.municipalities);
        const shown = new Map<string, AccessEntry>();
        const payloads = await eachPayload(body.payloads, async (payload) => {
          if (!isEncrypted(payload)) return payload;
          // The names are checked by decryption (they are in the AAD): a payload whose names were changed does not decrypt.
          const { municipality, caseId } = payloadOwnerOf(payload);
          if (municipality === undefined || !readable.has(municipality)) return payload;
          const decoded = await decodeOne(payload);
          const key = `${municipality}/${caseId ?? ''}`;
          if (!shown.has(key)) shown.set(key, { action: 'codec.decode', caseId: caseId ?? null, municipality, municipalities: [municipality] });
          return decoded;
        });
        for (const entry of shown.values()) await writeAccessLog(ctx.db, access, entry);
        res.json({ payloads });
      },
    }),
  ];
}
