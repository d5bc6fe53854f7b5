// The codec endpoint's door, over real HTTP: the loopback check believes the socket, never a header
// (a request carrying only X-Real-IP: 127.0.0.1 passed it once), and a tampered ciphertext is refused
// without the key file's path (or any path) in the answer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { createApp } from '../../api/app';
import { FORWARDING_HEADERS, isLocalOrigin } from '../../api/localRequest';
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

const UI_SECRET = 'a'.repeat(16) + 'B'.repeat(16) + 'c'.repeat(8);
const external = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let database: TestDatabase;
let keyFile: string;
let keys: PayloadKeySet;
let call: Call;
let anonymous: Call;
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
  app = createApp({ temporal, db: database.db, policy: loadPolicy(), auth: issuer.auth, codec: { embeddedUiSecret: UI_SECRET }, logger: { error: () => undefined, warn: () => undefined } });
  const http = await listen(app);
  apps.push(http);
  call = client(http.url, await issuer.tokenFor(['manager']));
  anonymous = client(http.url, null);
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
  await temporal?.connection.close();
  await database?.drop();
});

async function encrypted(value: unknown) {
  const [payload] = await new PayloadEncryptionCodec(keys.keys, { source: keys.source }).encode([defaultPayloadConverter.toPayload(value)]);
  return payloadToJson(payload!);
}

describe('the loopback check believes the socket, not a header', () => {
  const UI_PATH = `/api/codec/embedded-ui/${UI_SECRET}/decode`;

  it('on loopback with no forwarding header, the embedded Web UI path decodes', async () => {
    const res = await anonymous('POST', UI_PATH, { payloads: [await encrypted('hei')] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it.each(['X-Real-IP', 'X-Forwarded-For', 'Forwarded', 'True-Client-IP'])('a request carrying %s: 127.0.0.1 is one a proxy forwards: refused', async (header) => {
    const value = header === 'Forwarded' ? 'for=127.0.0.1' : '127.0.0.1';
    const res = await anonymous('POST', UI_PATH, { payloads: [await encrypted('hei')] }, { [header]: value });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.error.message).toMatch(/loopback/);
  });

  it.skipIf(!external)('from an address not on loopback, X-Real-IP: 127.0.0.1 changes nothing', async () => {
    const server = await new Promise<import('node:http').Server>((resolve, reject) => {
      const s = app.listen(0, external!, () => resolve(s));
      s.once('error', reject);
    });
    const { port } = server.address() as import('node:net').AddressInfo;
    try {
      const elsewhere = client(`http://${external}:${port}`, null);
      const tries: Record<string, string>[] = [{}, { 'X-Real-IP': '127.0.0.1' }, { 'X-Forwarded-For': '127.0.0.1' }];
      for (const headers of tries) {
        const res = await elsewhere('POST', UI_PATH, { payloads: [await encrypted('hei')] }, headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
      }
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });

  it('the decision: without trust proxy, any forwarding header makes a request not local; with it, only the trusted chain counts', () => {
    const headers = (extra: Record<string, string> = {}) => ({ host: 'localhost', ...extra });
    const local = { socketAddress: '127.0.0.1', headers: headers(), proxyTrusted: false, clientAddress: '127.0.0.1' };
    expect(isLocalOrigin(local)).toBe(true);
    expect(isLocalOrigin({ ...local, socketAddress: '::1', clientAddress: '::1' })).toBe(true);
    expect(isLocalOrigin({ ...local, socketAddress: '::ffff:127.0.0.1' })).toBe(true);
    // A client elsewhere that writes the header itself.
    expect(isLocalOrigin({ ...local, socketAddress: '203.0.113.9', clientAddress: '203.0.113.9', headers: headers({ 'x-real-ip': '127.0.0.1' }) })).toBe(false);
    expect(isLocalOrigin({ ...local, socketAddress: '203.0.113.9', clientAddress: '203.0.113.9', headers: headers({ 'x-forwarded-for': '127.0.0.1' }) })).toBe(false);
    // A proxy on this machine forwarding someone's request.
    for (const name of FORWARDING_HEADERS) expect(isLocalOrigin({ ...local, headers: headers({ [name]: '127.0.0.1' }) }), name).toBe(false);
    // Behind a trusted proxy: the client Express takes from X-Forwarded-For decides; X-Real-IP is nothing.
    expect(isLocalOrigin({ ...local, proxyTrusted: true, clientAddress: '203.0.113.9', headers: headers({ 'x-real-ip': '127.0.0.1', 'x-forwarded-for': '203.0.113.9' }) })).toBe(false);
    expect(isLocalOrigin({ ...local, proxyTrusted: true, clientAddress: '127.0.0.1', headers: headers({ 'x-forwarded-for': '127.0.0.1' }) })).toBe(true);
    expect(isLocalOrigin({ ...local, proxyTrusted: true, socketAddress: '10.0.0.5', clientAddress: '127.0.0.1' })).toBe(false);
  });
});

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
    const [foreign] = await new PayloadEncryptionCodec(parsePayloadKeys(newPayloadKeyEntry('gone-2025'), 'PAYLOAD_KEYS')).encode([defaultPayloadConverter.toPayload('x')]);
    const res = await call('POST', '/api/codec/decode', { payloads: [payloadToJson(foreign!)] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].message).toContain('"gone-2025"');
    expect(res.body.error.details[0].message).toContain('PAYLOAD_KEYS');
    expect(res.text).not.toContain(keyFile);
  });
});
