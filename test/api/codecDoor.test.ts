// The codec endpoint's door, over real HTTP: a tampered ciphertext is refused without the key file's
// path (or any path) in the answer. (The embedded Web UI's secret path, with its loopback check that a
// request carrying only X-Real-IP: 127.0.0.1 once passed, is gone: see codecEndpoint.test.ts.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { createApp } from '../../api/app';
import { createTemporalClient } from '../../temporal/client';
import { PayloadEncryptionCodec } from '../../codec/encryptionCodec';
import { payloadToJson } from '../../codec/jsonPayloads';
import { newPayloadKeyEntry, parsePayloadKeys, type PayloadKeySet } from '../../codec/keys';
import { loadPolicy } from '../../config/policy';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../../scripts/stack/freePort';
import { listen } from './support/apiStack';
import { client, type Call } from './support/http';
import { testIssuer } from './support/tokenIssuer';

/** A case of Namsos, whose payloads a Namsos manager may read. */
const OWNER = { caseId: '00000000-0000-4000-8000-00000000c0de', municipality: 'namsos' };

let database: TestDatabase;
let keyFile: string;
let keys: PayloadKeySet;
let call: Call;
let apps: Array<{ url: string; close(): Promise<void> }> = [];
let temporal: ReturnType<typeof createTemporalClient>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  // The keys from a file, as the launcher keeps them: the codec names this path in its own errors.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'codec-door-'));
  keyFile = path.join(dir, 'payload-keys');
  writeFileSync(keyFile, newPayloadKeyEntry('k1'), { mode: 0o600 });
  keys = { keys: parsePayloadKeys(newPayloadKeyEntry('k1'), `PAYLOAD_KEYS_FILE (${keyFile})`), source: `PAYLOAD_KEYS_FILE (${keyFile})` };
  // Temporal on a closed port: the codec endpoint never calls it.
  temporal = createTemporalClient({ address: `127.0.0.1:${await freePort()}`, namespace: 'default', payloadKeys: keys });
  const issuer = await testIssuer();
  app = createApp({ temporal, db: database.db, policy: loadPolicy(), auth: issuer.auth, logger: { error: () => undefined, warn: () => undefined } });
  const http = await listen(app);
  apps.push(http);
  call = client(http.url, await issuer.tokenFor(['manager'], ['namsos']));
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
  await temporal?.connection.close();
  await database?.drop();
});

async function encrypted(value: unknown) {
  const codec = new PayloadEncryptionCodec(keys.keys, { source: keys.source, owners: async () => OWNER });
  const [payload] = await codec.encode([defaultPayloadConverter.toPayload(value)], { type: 'workflow', namespace: 'default', workflowId: `case-${OWNER.caseId}` });
  return payloadToJson(payload!);
}

describe('a payload that does not decrypt', () => {
  it('tampered ciphertext: 400 naming the payload and its key id, without the key file or any path', async () => {
    const good = await encrypted({ note: 'Søker har KOLS' });
    const data = Buffer.from(good.data!, 'base64');
    data[data.length - 20] = data[data.length - 20]! ^ 0xff;
    const tampered = { ...good, data: data.toString('base64') };
    const res = await call('POST', '/api/codec/decode', { payloads: [good, tampered] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ field: 'payloads[1]', message: expect.stringContaining('"k1"') }]);
    expect(res.text).not.toContain(keyFile);
    expect(res.text).not.toContain(path.dirname(keyFile));
    expect(res.text).not.toMatch(/\/(tmp|home|work|var|data)\b|[A-Za-z]:\\/);
  });

  it('a key this API does not hold: the key id and the setting, no path', async () => {
    const gone = new PayloadEncryptionCodec(parsePayloadKeys(newPayloadKeyEntry('gone-2025'), 'PAYLOAD_KEYS'), { owners: async () => OWNER });
    const [foreign] = await gone.encode([defaultPayloadConverter.toPayload('x')], { type: 'workflow', namespace: 'default', workflowId: `case-${OWNER.caseId}` });
    const res = await call('POST', '/api/codec/decode', { payloads: [payloadToJson(foreign!)] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].message).toContain('"gone-2025"');
    expect(res.body.error.details[0].message).toContain('PAYLOAD_KEYS');
    expect(res.text).not.toContain(keyFile);
  });
});
