// The one data converter every client and worker of the cases uses: payloads encrypted by the codec,
// failure messages and stack traces encoded so the codec encrypts them as well.
import type { DataConverter } from '@temporalio/common';
import { PayloadEncryptionCodec } from './encryptionCodec';
import type { PayloadKeySet } from './keys';

/** For `Worker.create`, `bundleWorkflowCode` and `new Client`: the failure converter's module. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');

export function caseDataConverter({ keys, source }: PayloadKeySet): DataConverter {
  return {
    payloadCodecs: [new PayloadEncryptionCodec(keys, { source })],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
