// Failures carry their message and stack trace in an encoded attribute, so the payload codec encrypts
// them too: a refused step's message, or an error quoting a case, is never clear in the history.
// Loaded by path (DataConverter.failureConverterPath) by clients, and bundled into the workflow code:
// it must import nothing but @temporalio/common.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
