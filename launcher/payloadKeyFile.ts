// The embedded default's payload key: made in DATA_DIR on the first start (readable by this user only),
// read again on every later start, so the cases stay readable across restarts.
import { readFileSync, writeFileSync } from 'node:fs';
import { newPayloadKeyEntry, parsePayloadKeys, type PayloadKeySet } from '../codec/keys';

const HEADER = [
  '# Payload keys of this DATA_DIR (made by `npm start`): id:<base64 of 32 bytes>, one a line.',
  '# The first encrypts what goes to Temporal; every one decrypts. Losing this file loses the cases\' history in Temporal.',
  '# To rotate, set PAYLOAD_KEYS (or PAYLOAD_KEYS_FILE) to a new key followed by these.',
];

/** Reads the key file, making it first when there is none; errors name the file. */
export function ensurePayloadKeyFile(file: string): PayloadKeySet {
  const source = `the key file ${file}`;
  try {
    // 'wx': never overwrite a key another start has just written.
    writeFileSync(file, [...HEADER, newPayloadKeyEntry('local-1'), ''].join('\n'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`DATA_DIR: cannot write the payload key file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { keys: parsePayloadKeys(readFileSync(file, 'utf8'), source), source };
}
