// The payload converter of the case workflows: the SDK's own, except that inside a workflow it refuses
// a payload the worker's codec saw arrive unencrypted (METADATA_ARRIVED_CLEAR): a start, an Update, a
// signal or an activity result sent past the API, with the Temporal CLI or any client without the
// keys. A run started before PAYLOAD_CLEAR_BEFORE (a history from before the codec) still takes them.
// Loaded by path (DataConverter.payloadConverterPath) and bundled into the workflow code: it imports
// nothing of the project.
import { DefaultPayloadConverter, ValueError, type ConverterHint, type Payload, type SerializationContext } from '@temporalio/common';
import { inWorkflowContext, workflowInfo } from '@temporalio/workflow';

/** Kept in step with codec/encryptionCodec.ts (that module uses node:crypto, so it cannot be bundled). */
const METADATA_ARRIVED_CLEAR = 'arrived-clear';

/** Why a payload was refused; the workflow turns it into a rejected Update, or a failed workflow task. */
export class ClearPayloadRefused extends ValueError {
  constructor(message: string) {
    super(message);
    this.name = 'ClearPayloadRefused';
  }
}

class CasePayloadConverter extends DefaultPayloadConverter {
  override fromPayload<T>(payload: Payload, context?: SerializationContext, hint?: ConverterHint<T>): T {
    const mark = payload.metadata?.[METADATA_ARRIVED_CLEAR];
    if (mark === undefined || mark === null) return super.fromPayload(payload, context, hint);
    // Outside a workflow (an activity's input, a client's result) only the workflow's own commands put
    // payloads there, already encrypted; the mark matters where a caller from outside can reach.
    if (inWorkflowContext()) refuseUnlessBefore(new TextDecoder().decode(mark));
    const { [METADATA_ARRIVED_CLEAR]: _mark, ...metadata } = payload.metadata ?? {};
    return super.fromPayload({ ...payload, metadata }, context, hint);
  }
}

function refuseUnlessBefore(before: string): void {
  const runStarted = workflowInfo().runStartTime;
  if (before !== '' && runStarted.getTime() < Date.parse(before)) return;
  throw new ClearPayloadRefused(
    'A payload reached the workflow unencrypted: steps go through the API, which encrypts them. ' +
      (before === ''
        ? 'A run from before the payload codec is let through by PAYLOAD_CLEAR_BEFORE=<instant>.'
        : `Only runs started before PAYLOAD_CLEAR_BEFORE (${before}) take unencrypted payloads.`),
  );
}

export const payloadConverter = new CasePayloadConverter();
