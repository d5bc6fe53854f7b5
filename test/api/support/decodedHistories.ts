// Every workflow a case starts (its own runs, the children they start, theirs in turn, and the letters'
// deliveries its record activity starts), with every payload of every event decoded by the payload
// codec: what the histories really say, in clear.
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { PayloadEncryptionCodec } from '../../../codec/encryptionCodec';
import type { PayloadKeySet } from '../../../codec/keys';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface DecodedPayload {
  workflowId: string;
  /** The event id and where the payload sits in it, e.g. `#1.workflowExecutionStartedEventAttributes.input.payloads[0]`. */
  where: string;
  /** The encoding the payload had in the history. */
  storedEncoding: string;
  /** The encoding of the payload inside, once decoded. */
  encoding: string;
  /** Its data as text (JSON, for the case's payloads). */
  text: string;
}

export interface DecodedHistory {
  workflowId: string;
  runId: string;
  events: HistoryEvent[];
  payloads: DecodedPayload[];
}

const utf8 = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : '');

function isPayload(value: object): value is Payload {
  const v = value as { metadata?: unknown; data?: unknown };
  return !!v.metadata && typeof v.metadata === 'object' && ArrayBuffer.isView(v.data);
}

/** Every payload-shaped object in an event, with its path. */
function payloadsOf(value: unknown, path: string, out: Array<{ path: string; payload: Payload }>): void {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => payloadsOf(v, `${path}[${i}]`, out));
    return;
  }
  if (isPayload(value)) {
    out.push({ path, payload: value });
    return;
  }
  for (const [key, v] of Object.entries(value)) payloadsOf(v, `${path}.${key}`, out);
}

async function decodeHistory(client: Client, codec: PayloadEncryptionCodec, workflowId: string, runId: string): Promise<DecodedHistory> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const events = history.events ?? [];
  const payloads: DecodedPayload[] = [];
  for (const event of events) {
    const found: Array<{ path: string; payload: Payload }> = [];
    payloadsOf(event, '', found);
    const decoded = await codec.decode(found.map((f) => f.payload));
    found.forEach(({ path, payload }, i) => {
      const inside = decoded[i]!;
      payloads.push({
        workflowId,
        where: `#${String(event.eventId)}${path}`,
        storedEncoding: utf8(payload.metadata?.encoding),
        encoding: utf8(inside.metadata?.encoding),
        text: utf8(inside.data),
      });
    });
  }
  return { workflowId, runId, events, payloads };
}

/**
 * The histories of a case's workflow and of every workflow it started, following continue-as-new to
 * the next run, each child to its own history, and each delivery that `recordChangeWithLetters` says
 * it started (`deliveryStarted` in its result) to the delivery's history.
 */
export async function caseHistories(client: Client, keys: PayloadKeySet, workflowId: string): Promise<DecodedHistory[]> {
  const codec = new PayloadEncryptionCodec(keys.keys, { source: keys.source });
  const described = await client.workflow.getHandle(workflowId).describe();
  // From the first run of the id: each run names the one it continued as.
  const firstRunId = described.raw.workflowExecutionInfo?.firstRunId || described.runId;
  const queue: Array<{ workflowId: string; runId: string }> = [{ workflowId, runId: firstRunId }];
  const seen = new Set<string>();
  const out: DecodedHistory[] = [];
  while (queue.length > 0) {
    const next = queue.shift()!;
    const key = `${next.workflowId}/${next.runId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const decoded = await decodeHistory(client, codec, next.workflowId, next.runId);
    out.push(decoded);
    for (const event of decoded.events) {
      const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (child?.workflowId && child.runId) queue.push({ workflowId: child.workflowId, runId: child.runId });
      const continued = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      if (continued) queue.push({ workflowId: next.workflowId, runId: continued });
    }
    for (const p of decoded.payloads) {
      if (!p.where.includes('.activityTaskCompletedEventAttributes.result.')) continue;
      const result = JSON.parse(p.text) as unknown;
      if (!Array.isArray(result)) continue;
      for (const letter of result as Array<{ letterId?: string; deliveryStarted?: boolean }>) {
        if (!letter.deliveryStarted || !letter.letterId) continue;
        const delivery = `letter-${letter.letterId}`;
        const { runId } = await client.workflow.getHandle(delivery).describe();
        queue.push({ workflowId: delivery, runId });
      }
    }
  }
  return out;
}

