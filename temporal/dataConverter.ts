// The one data converter every client and worker of the cases uses: payloads encrypted by the codec,
// bound to their case and municipality, failure messages and stack traces encoded so the codec
// encrypts them as well; on a worker, a payload that arrives unencrypted is refused by the workflow.
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { PayloadEncryptionCodec, type PayloadOwners } from '../codec/encryptionCodec';
import type { PayloadKeySet } from '../codec/keys';

/** For `Worker.create`, `bundleWorkflowCode` and `new Client`: the failure converter's module. */
export const FAILURE_CONVERTER_PATH = path.resolve(__dirname, '../codec/failureConverter.ts');
/** For `Worker.create`, `bundleWorkflowCode` and `new Client`: the payload converter's module. */
export const PAYLOAD_CONVERTER_PATH = path.resolve(__dirname, '../codec/payloadConverter.ts');

/** What `bundleWorkflowCode` needs to build a bundle that converts as the worker does. */
export const CONVERTER_PATHS = { payloadConverterPath: PAYLOAD_CONVERTER_PATH, failureConverterPath: FAILURE_CONVERTER_PATH } as const;

export interface CaseDataConverterOptions {
  /** Who each workflow's payloads belong to (the database's cases and letters); none: payloads name no case. */
  owners?: PayloadOwners;
  /**
   * A worker's converter: unencrypted payloads are refused by the workflow, except in runs started
   * before `clearBefore` (PAYLOAD_CLEAR_BEFORE).
   */
  worker?: { clearBefore: Date | undefined };
}

export function caseDataConverter({ keys, source }: PayloadKeySet, opts: CaseDataConverterOptions = {}): DataConverter {
  return {
    payloadCodecs: [new PayloadEncryptionCodec(keys, { source, owners: opts.owners, markClear: opts.worker ? { before: opts.worker.clearBefore } : undefined })],
    ...CONVERTER_PATHS,
  };
}
