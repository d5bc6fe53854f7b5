// The embedded default's payload key: made once in DATA_DIR, readable by this user only, and the same
// key on every later start (else the cases' histories could no longer be read).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePayloadKeyFile } from '../../launcher/payloadKeyFile';

const dir = mkdtempSync(path.join(os.tmpdir(), 'payload-key-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ensurePayloadKeyFile', () => {
  it('makes a 32-byte key on the first start, mode 0600, and finds the same one on the next', () => {
    const file = path.join(dir, 'payload-keys');
    const first = ensurePayloadKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0].key).toHaveLength(32);
    expect(first.source).toBe(`the key file ${file}`);
    const written = readFileSync(file, 'utf8');
    const again = ensurePayloadKeyFile(file);
    expect(readFileSync(file, 'utf8')).toBe(written);
    expect(again.keys[0].id).toBe(first.keys[0].id);
    expect(again.keys[0].key.equals(first.keys[0].key)).toBe(true);
  });

  it('refuses a key file that was spoilt, naming it', () => {
    const file = path.join(dir, 'spoilt');
    writeFileSync(file, 'local-1:dGVzdA==\n', { mode: 0o600 });
    expect(() => ensurePayloadKeyFile(file)).toThrow(`the key file ${file}: the key local-1 is 4 bytes, not 32`);
  });

  it('says DATA_DIR when the key file cannot be made', () => {
    expect(() => ensurePayloadKeyFile(path.join(dir, 'missing-dir', 'payload-keys'))).toThrow(/^DATA_DIR: cannot write the payload key file .* \(ENOENT\)$/);
  });
});
