// Every payload of a history in the Temporal CLI's JSON (proto3 JSON: metadata values and data in
// base64), decoded or encoded with the codec: what `temporal workflow show -o json --codec-endpoint`
// does to a history, done in process. A stored replay history is saved decoded (docs/operations.md, "Payloads
// in Temporal"), so replaying it needs no key, and the replay still runs through the codec.
import type { PayloadCodec } from '@temporalio/common';
import { payloadFromJson, payloadToJson, type JsonPayload } from './jsonPayloads';

/** An object of the JSON that is a payload: a `metadata` map holding an `encoding`, and nothing but `data` beside it. */
function isJsonPayload(value: object): value is JsonPayload {
  const keys = Object.keys(value);
  if (!keys.includes('metadata') || keys.some((k) => k !== 'metadata' && k !== 'data' && k !== 'externalPayloads')) return false;
  const metadata = (value as { metadata?: unknown }).metadata;
  return typeof metadata === 'object' && metadata !== null && typeof (metadata as Record<string, unknown>).encoding === 'string';
}

async function mapPayloads(json: unknown, f: (p: JsonPayload) => Promise<JsonPayload>): Promise<unknown> {
  if (Array.isArray(json)) return Promise.all(json.map((item) => mapPayloads(item, f)));
  if (typeof json !== 'object' || json === null) return json;
  if (isJsonPayload(json)) return f(json);
  // Search attributes never go through the codec: they stay clear for the server to index.
  const entries = await Promise.all(
    Object.entries(json).map(async ([k, v]) => [k, k === 'searchAttributes' ? v : await mapPayloads(v, f)] as const),
  );
  return Object.fromEntries(entries);
}

/** The history JSON with every payload decoded (a payload the codec did not write stays as it is). */
export function decodeHistoryJson(json: unknown, codec: PayloadCodec): Promise<unknown> {
  return mapPayloads(json, async (p) => payloadToJson((await codec.decode([payloadFromJson(p)]))[0] ?? payloadFromJson(p)));
}

/** The history JSON with every payload encoded, as a server running the codec would hold it. */
export function encodeHistoryJson(json: unknown, codec: PayloadCodec): Promise<unknown> {
  return mapPayloads(json, async (p) => payloadToJson((await codec.encode([payloadFromJson(p)]))[0] ?? payloadFromJson(p)));
}
