// The payload converter of the case workflows: the SDK's own, except that inside a workflow it refuses
// a payload the worker's codec saw arrive unencrypted (METADATA_ARRIVED_CLEAR): a start, an Update, a
// signal or an activity result sent past the API, with the Temporal CLI or any client without the
// keys. A run started before PAYLOAD_CLEAR_BEFORE (a history from before the codec) still takes them.
// Loaded by path (DataConverter.payloadConverterPath) by Node's own require, and bundled into the
// workflow code: it must be plain JavaScript as well as TypeScript (no annotations; the types come
// from the method it replaces) and import nothing of the project.
import { DefaultPayloadConverter, ValueError } from '@temporalio/common';
import { inWorkflowContext, workflowInfo } from '@temporalio/workflow';

/** Kept in step with codec/encryptionCodec.ts (that module uses node:crypto, so it cannot be bundled). */
const METADATA_ARRIVED_CLEAR = 'arrived-clear';

export const payloadConverter = new DefaultPayloadConverter();
const convert = payloadConverter.fromPayload.bind(payloadConverter);

payloadConverter.fromPayload = (payload, context, hint) => {
  const mark = payload.metadata?.[METADATA_ARRIVED_CLEAR];
  if (mark === undefined || mark === null) return convert(payload, context, hint);
  // Outside a workflow (an activity's input, a client's result) only the workflow's own commands put
  // payloads there, already encrypted: the mark matters where a caller from outside can reach.
  if (inWorkflowContext()) {
    const before = new TextDecoder().decode(mark);
    if (before === '' || workflowInfo().runStartTime.getTime() >= Date.parse(before)) {
      // The workflow rejects the Update, or fails the workflow task (retried until an operator acts).
      throw new ValueError(
        'A payload reached the workflow unencrypted: steps go through the API, which encrypts them. ' +
          (before === ''
            ? 'A run from before the payload codec is let through by PAYLOAD_CLEAR_BEFORE=<instant>.'
            : `Only runs started before PAYLOAD_CLEAR_BEFORE (${before}) take unencrypted payloads.`),
      );
    }
  }
  const metadata = { ...payload.metadata };
  delete metadata[METADATA_ARRIVED_CLEAR];
  return convert({ ...payload, metadata }, context, hint);
};
