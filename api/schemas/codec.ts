// `POST /api/codec/decode` and `/encode`: Temporal's remote codec protocol, payloads as protobuf JSON.
import { z } from 'zod';

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, { error: 'Must be base64.' })
  .meta({ description: 'Bytes in base64, as protobuf JSON writes them.' });

// A payload may carry fields of a newer Temporal API than this one knows: they are kept, not refused.
const payloadSchema = z
  .looseObject({
    metadata: z.record(z.string(), base64).nullish().meta({ description: 'Metadata entries, each value in base64 (`encoding`, `encryption-key-id`).' }),
    data: base64.nullish(),
  })
  .meta({ id: 'Payload', description: 'A Temporal payload as protobuf JSON.' });

/** How many payloads one call may carry: a history page's worth, with room. */
export const MAX_CODEC_PAYLOADS = 1_000;

export const codecRequestSchema = z
  .strictObject({ payloads: z.array(payloadSchema).max(MAX_CODEC_PAYLOADS, { error: `At most ${MAX_CODEC_PAYLOADS} payloads per call.` }) })
  .meta({ id: 'CodecPayloads' });

export const codecResponseSchema = z
  .object({ payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()), data: z.string() })) })
  .meta({ id: 'CodecPayloadsAnswer', description: 'The payloads, in the order given.' });
