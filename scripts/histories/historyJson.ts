// A history to and from the JSON the Temporal CLI writes (`temporal workflow show -o json`: proto3
// JSON, enums as EVENT_TYPE_…, times as RFC 3339, ids as strings).
//
// The SDK's own historyFromJSON/historyToJSON (@temporalio/common/lib/proto-utils) fail here with
// "type must be a Type": npm installs a copy of protobufjs 8 under each @temporalio package (the
// top-level one is grpc's protobufjs 7), and the JSON codec of @temporalio/common's copy does not
// accept the message types @temporalio/proto built with its own. So this module takes the JSON
// codec from the copy @temporalio/proto resolves, whichever that is.
import { createRequire } from 'node:module';
import type * as protoTypes from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

export type History = protoTypes.temporal.api.history.v1.IHistory;

interface ProtoJson {
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
  toJson(type: unknown, message: unknown): unknown;
}

// Required, not imported: the generated root itself, not a module namespace around it (vitest's ESM interop).
const proto = createRequire(__filename)('@temporalio/proto') as typeof protoTypes;
const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
const historyType = root.lookupType('temporal.api.history.v1.History');

/** Older tools (tctl, early CLI versions) wrote enums in PascalCase without their prefix: `WorkflowExecutionStarted`. */
function prefixed(value: unknown, prefix: string): unknown {
  if (typeof value !== 'string' || value.startsWith(prefix)) return value;
  return `${prefix}_${value.replace(/(?<=.)([A-Z])/g, '_$1').toUpperCase()}`;
}

const ENUM_FIELDS: Record<string, string> = {
  parentClosePolicy: 'PARENT_CLOSE_POLICY',
  workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY',
  initiator: 'CONTINUE_AS_NEW_INITIATOR',
  retryState: 'RETRY_STATE',
  kind: 'TASK_QUEUE_KIND',
};

function fixEnums(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fixEnums);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const prefix = ENUM_FIELDS[k];
      return [k, prefix ? prefixed(v, prefix) : fixEnums(v)];
    }),
  );
}

/** Thrown for JSON that is not a history: says what is wrong with it. */
export class NotAHistoryError extends Error {}

/** Parses the CLI's JSON (already `JSON.parse`d) into a History; unknown fields (a newer server's) are ignored. */
export function historyFromJson(json: unknown): History {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { events?: unknown }).events)) {
    throw new NotAHistoryError('expected an object with an array of events, as `temporal workflow show -o json` writes it');
  }
  const events = (json as { events: unknown[] }).events.map((event, i) => {
    if (typeof event !== 'object' || event === null) throw new NotAHistoryError(`event ${i + 1} is not an object`);
    const e = event as Record<string, unknown>;
    if (!Object.keys(e).some((k) => k.endsWith('EventAttributes'))) throw new NotAHistoryError(`event ${i + 1} has no …EventAttributes`);
    return { ...(fixEnums(e) as Record<string, unknown>), eventType: prefixed(e.eventType, 'EVENT_TYPE') };
  });
  try {
    return protojson.fromJson(historyType, { events }, { ignoreUnknownFields: true }) as History;
  } catch (error) {
    throw new NotAHistoryError(error instanceof Error ? error.message : String(error));
  }
}

/** The CLI's JSON of a history, as a plain value (JSON.stringify it with two spaces, as the CLI does). */
export function historyToJson(history: History): unknown {
  const message = (proto.temporal.api.history.v1.History as unknown as { fromObject(o: unknown): unknown }).fromObject(history);
  return protojson.toJson(historyType, message);
}

export function workflowTypeOf(history: History): string | undefined {
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? undefined;
}
