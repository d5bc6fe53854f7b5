// The one data converter every client and worker of the cases uses: payloads encrypted by the codec,
// failure messages and stack traces encoded so the codec encrypts them as well.
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { PayloadEncryptionCodec } from '../codec/encryptionCodec';
import type { PayloadKeySet } from '../codec/keys';

/** For `Worker.create`, `bundleWorkflowCode` and `new Client`: the failure converter's module. */
export const FAILURE_CONVERTER_PATH = path.resolve(__dirname, '../codec/failureConverter.ts');

export function caseDataConverter({ keys, source }: PayloadKeySet): DataConverter {
  return {
    payloadCodecs: [new PayloadEncryptionCodec(keys, { source })],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
