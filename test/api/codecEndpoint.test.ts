// The codec endpoint as the Web UI and the CLI use it: CORS for the Web UI's origin only, a bearer
// token with the role caseworker or manager (no path without one), decoding only the payloads of the
// caller's municipalities, an access-log row per case decoded, refusals that name the payload and the
// key; no encode; key rotation and clear payloads from before the codec, on a real worker and API.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createDb } from '../../db/knex';
import { freePort } from '../../scripts/stack/freePort';
import { PayloadEncryptionCodec, type PayloadOwner } from '../../codec/encryptionCodec';
import { payloadFromJson, payloadToJson, type JsonPayload } from '../../codec/jsonPayloads';
import { newPayloadKeyEntry, parsePayloadKeys, type PayloadKeySet } from '../../codec/keys';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, type CaseWorkflowInput } from '../../workflows/messages';
import { createTestDatabase } from '../support/database';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import { executionsOn, showHistory } from './support/temporalCli';

const UI_ORIGIN = 'http://localhost:8233';
const OTHER_ORIGIN = 'https://evil.example.org';

let stack: ApiStack;
let token: string;

beforeAll(async () => {
  stack = await startApiStack({ codec: { corsOrigins: [UI_ORIGIN, 'http://127.0.0.1:8233'] } });
  token = await stack.issuer.tokenFor(['manager'], undefined, 'leder-codec');
});

afterAll(async () => {
  await stack?.stop();
});

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const text = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');
const jsonPayload = (value: unknown): JsonPayload => payloadToJson(defaultPayloadConverter.toPayload(value));
const keySet = (entries: string): PayloadKeySet => ({ keys: parsePayloadKeys(entries, 'PAYLOAD_KEYS'), source: 'PAYLOAD_KEYS' });

/** A case of `municipality` (none is stored: the payload names it, as the API's client writes it). */
const caseOf = (municipality = 'namsos'): PayloadOwner => ({ caseId: randomUUID(), municipality });

/** Payloads encrypted as the API and the worker write them for `owner`'s case (there is no encode endpoint). */
async function encrypted(values: unknown[], owner: PayloadOwner = caseOf()): Promise<JsonPayload[]> {
  const codec = new PayloadEncryptionCodec(stack.payloadKeys.keys, { owners: async () => owner });
  const sealed = await codec.encode(values.map((v) => defaultPayloadConverter.toPayload(v)), { type: 'workflow', namespace: 'default', workflowId: `case-${owner.caseId}` });
  return sealed.map(payloadToJson);
}

/** The JSON body of an answer, as a test reads it. */
const json = (res: Response): Promise<any> => res.json();

/** A POST with the manager's token unless `headers` has an Authorization of its own (empty: none). */
function post(path: string, body: unknown, headers: Record<string, string> = {}, base = stack.url) {
  const given = 'Authorization' in headers ? headers.Authorization : `Bearer ${token}`;
  const auth: Record<string, string> = given ? { Authorization: given } : {};
  const { Authorization: _given, ...rest } = headers;
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...rest }, body: JSON.stringify(body) });
}

/** The access log's codec.decode rows of an actor, as an auditor reads them. */
async function decodeRows(actor: string): Promise<Array<{ action: string; actor: string; role: string; caseId: string | null }>> {
  const auditor = await stack.issuer.tokenFor(['auditor']);
  const res = await stack.call('GET', `/api/access-log?actor=${actor}&limit=100`, undefined, { Authorization: `Bearer ${auditor}` });
  expect(res.status).toBe(200);
  return res.body.items.filter((row: { action: string }) => row.action === 'codec.decode');
}

function preflight(origin: string) {
  return fetch(`${stack.url}/api/codec/decode`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' },
  });
}

describe('CORS', () => {
  it('admits a preflight from the Web UI\'s origin with the headers the UI sends', async () => {
    const res = await preflight(UI_ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-namespace']));
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('refuses a preflight, and a call, from any other origin', async () => {
    const res = await preflight(OTHER_ORIGIN);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await json(res)).error.code).toBe('forbidden');

    const [sealed] = await encrypted([{ note: 'hemmelig' }]);
    const call = await post('/api/codec/decode', { payloads: [sealed] }, { Origin: OTHER_ORIGIN });
    expect(call.status).toBe(403);
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
    expect(await call.text()).not.toContain(b64('hemmelig').slice(0, 8));
  });
});

describe('decode', () => {
  it('decrypts what the API and worker wrote, recording the case it showed', async () => {
    const clear = jsonPayload({ note: 'Søker har KOLS', hours: 4 });
    const owner = caseOf('namsos');
    const [sealed] = await encrypted([{ note: 'Søker har KOLS', hours: 4 }], owner);
    expect(text(sealed!.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe(stack.payloadKeys.keys[0].id);
    expect(text(sealed!.metadata!['case-municipality'])).toBe('namsos');
    expect(text(sealed!.metadata!['case-id'])).toBe(owner.caseId);
    expect(text(sealed!.data ?? '')).not.toContain('KOLS');

    const before = (await decodeRows('leder-codec')).length;
    const decoded = await post('/api/codec/decode', { payloads: [sealed, clear] }, { Origin: UI_ORIGIN, 'X-Namespace': 'default' });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    // Clear health text: never kept by a browser or a proxy.
    expect(decoded.headers.get('cache-control')).toBe('no-store');
    const { payloads } = (await json(decoded)) as { payloads: JsonPayload[] };
    expect(payloads.map((p) => defaultPayloadConverter.fromPayload(payloadFromJson(p)))).toEqual([
      { note: 'Søker har KOLS', hours: 4 },
      { note: 'Søker har KOLS', hours: 4 },
    ]);
    // A payload that was never encrypted comes back as it was.
    expect(payloads[1]).toEqual(clear);
    const rows = await decodeRows('leder-codec');
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({ action: 'codec.decode', actor: 'leder-codec', role: 'manager', caseId: owner.caseId, municipality: 'namsos' });
  });

  it('names the payload and the key id it lacks when a payload is under an unknown key', async () => {
    // A case of the caller's municipality, written under a key that has since left PAYLOAD_KEYS.
    const owner = caseOf('namsos');
    const gone = new PayloadEncryptionCodec(parsePayloadKeys(newPayloadKeyEntry('gone-2025'), 'PAYLOAD_KEYS'), { owners: async () => owner });
    const [foreign] = await gone.encode([defaultPayloadConverter.toPayload('Utredning av demens')], { type: 'workflow', namespace: 'default', workflowId: `case-${owner.caseId}` });
    const res = await post('/api/codec/decode', { payloads: [jsonPayload('fint'), payloadToJson(foreign!)] });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toHaveLength(1);
    expect(body.error.details[0].field).toBe('payloads[1]');
    expect(body.error.details[0].message).toContain('"gone-2025"');
    expect(body.error.details[0].message).toContain('PAYLOAD_KEYS');
  });

  it('takes a history\'s worth of payloads, far over a step\'s 100 kB, and refuses more than 4 MB', async () => {
    const values = Array.from({ length: 30 }, (_, i) => ({ notes: `${i}: ${'hjemmebesøk '.repeat(1_000)}` }));
    const notes = values.map(jsonPayload);
    const decoded = await post('/api/codec/decode', { payloads: await encrypted(values) });
    expect(decoded.status).toBe(200);
    expect((await json(decoded)).payloads).toEqual(notes);
    const huge = await post('/api/codec/decode', { payloads: [jsonPayload('x'.repeat(5 * 1024 * 1024))] });
    expect(huge.status).toBe(413);
    expect((await json(huge)).error.message).toContain('4096 kB');
  });

  it('refuses a body that is not { payloads: [...] }, naming the field', async () => {
    const res = await post('/api/codec/decode', { payloads: 'alle' });
    expect(res.status).toBe(400);
    expect((await json(res)).error.details[0].field).toBe('payloads');
    const bad = await post('/api/codec/decode', { payloads: [{ metadata: { encoding: 'ikke base64!' } }] });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.details[0].field).toMatch(/^payloads\[0\]\.metadata/);
  });

  it('answers nothing when the access-log row cannot be written', async () => {
    // The same API on a database that is not there: the decode works, its row cannot be written.
    const deadDb = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
    const app = createApp({ temporal: stack.temporal, db: deadDb, policy: stack.policy, auth: stack.issuer.auth, logger: { error: () => undefined, warn: () => undefined } });
    const { url, close } = await listenOn(app, '127.0.0.1');
    try {
      const res = await post('/api/codec/decode', { payloads: await encrypted(['Søker har KOLS']) }, {}, url);
      expect(res.status).toBe(503);
      expect(await res.text()).not.toContain(b64('"Søker').slice(0, 6));
    } finally {
      await close();
      await deadDb.destroy();
    }
  });
});

async function listenOn(app: ReturnType<typeof createApp>, host: string) {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('who may call it', () => {
  it('needs a bearer token with the role caseworker or manager; an auditor, or no token, gets nothing', async () => {
    const body = { payloads: await encrypted(['Søker har KOLS']) };
    const none = await post('/api/codec/decode', body, { Authorization: '' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const auditor = await post('/api/codec/decode', body, { Authorization: `Bearer ${await stack.issuer.tokenFor(['auditor'])}` });
    expect(auditor.status).toBe(403);
    expect(await auditor.text()).not.toContain(b64('"Søker').slice(0, 6));
    const caseworker = await post('/api/codec/decode', body, { Authorization: `Bearer ${await stack.issuer.tokenFor(['caseworker'], ['namsos'], 'sb-codec')}` });
    expect(caseworker.status).toBe(200);
    expect(await decodeRows('sb-codec')).toHaveLength(1);
  });

  it('encrypts nothing for a caller: POST /api/codec/encode is no route, and not in the OpenAPI document', async () => {
    const res = await post('/api/codec/encode', { payloads: [jsonPayload({ reason: 'x', actor: 'forged-actor' })] });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('binary/encrypted');
    const openapi = await fetch(`${stack.url}/api/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(Object.keys((await json(openapi)).paths)).not.toContain('/api/codec/encode');
  });

  it("has no path that decodes without a token (the embedded Web UI's old secret path is gone)", async () => {
    const body = { payloads: await encrypted(['Hjemmebesøk']) };
    const res = await post(`/api/codec/embedded-ui/${'a'.repeat(43)}/decode`, body, { Authorization: '', Origin: UI_ORIGIN });
    expect([401, 404]).toContain(res.status);
    expect(await res.text()).not.toContain(b64('"Hjemme').slice(0, 6));
  });
});

describe('only what the caller may read', () => {
  it("leaves a Lurøy case's payload encrypted for a Namsos caseworker, and logs only the case it decoded", async () => {
    const luroy = caseOf('luroy');
    const namsos = caseOf('namsos');
    const [appeal] = await encrypted([{ text: 'Klage: jeg har hjertesvikt' }], luroy);
    const [note] = await encrypted([{ note: 'Ringte datter' }], namsos);
    const caseworker = await stack.issuer.tokenFor(['caseworker'], ['namsos'], `sb-namsos-${luroy.caseId.slice(0, 8)}`);
    const res = await post('/api/codec/decode', { payloads: [appeal, note] }, { Authorization: `Bearer ${caseworker}` });
    expect(res.status).toBe(200);
    const { payloads } = (await json(res)) as { payloads: JsonPayload[] };
    // Lurøy's payload comes back as it was sent: still encrypted, the appeal text unreadable.
    expect(payloads[0]).toEqual(appeal);
    expect(text(payloads[0]!.metadata!.encoding)).toBe('binary/encrypted');
    expect(JSON.stringify(payloads)).not.toContain(b64('hjertesvikt').slice(0, 8));
    expect(defaultPayloadConverter.fromPayload(payloadFromJson(payloads[1]!))).toEqual({ note: 'Ringte datter' });
    // One row, for the Namsos case it showed; none names Lurøy's case.
    const rows = await decodeRows(`sb-namsos-${luroy.caseId.slice(0, 8)}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ caseId: namsos.caseId, municipality: 'namsos' });

    // Lurøy's auditor sees no decode of Lurøy's case; the municipality it carries cannot be changed.
    const luroyAuditor = await stack.issuer.tokenFor(['auditor'], ['luroy']);
    const luroyLog = await stack.call('GET', `/api/access-log?limit=100`, undefined, { Authorization: `Bearer ${luroyAuditor}` });
    expect(luroyLog.body.items.filter((row: { caseId: string | null }) => row.caseId === luroy.caseId)).toEqual([]);
    const relabelled = { ...appeal!, metadata: { ...appeal!.metadata, 'case-municipality': b64('namsos') } };
    const forged = await post('/api/codec/decode', { payloads: [relabelled] }, { Authorization: `Bearer ${caseworker}` });
    expect(forged.status).toBe(400);
    expect((await json(forged)).error.details[0].field).toBe('payloads[0]');
    expect(await decodeRows(`sb-namsos-${luroy.caseId.slice(0, 8)}`)).toHaveLength(1);
  });

  it('writes one row per case decoded, each with its case id and municipality', async () => {
    const first = caseOf('namsos');
    const second = caseOf('nordre-land');
    const payloads = [...(await encrypted(['a', 'b'], first)), ...(await encrypted(['c'], second))];
    const sub = `leder-${first.caseId.slice(0, 8)}`;
    const manager = await stack.issuer.tokenFor(['manager'], ['namsos', 'nordre-land'], sub);
    const res = await post('/api/codec/decode', { payloads }, { Authorization: `Bearer ${manager}` });
    expect(res.status).toBe(200);
    const rows = await decodeRows(sub);
    expect(rows.map((r) => ({ caseId: r.caseId, municipality: (r as { municipality?: string }).municipality })).sort((a, b) => a.caseId!.localeCompare(b.caseId!))).toEqual(
      [
        { caseId: first.caseId, municipality: 'namsos' },
        { caseId: second.caseId, municipality: 'nordre-land' },
      ].sort((a, b) => a.caseId.localeCompare(b.caseId)),
    );
  });
});

describe('keys over a case\'s life', () => {
  it('rotates: cases written under the old key stay readable and go on after a new key is put first', { timeout: 120_000 }, async () => {
    const k1 = newPayloadKeyEntry('k1');
    const k2 = newPayloadKeyEntry('k2');
    const sharing = { database: await createTestDatabase(), taskQueue: `case-rotation-${randomUUID()}` };
    const note = `Ringte datter ${randomUUID().slice(0, 8)}`;
    const visit = `Hjemmebesøk ${randomUUID().slice(0, 8)}: trenger rullator`;
    let id: string;
    let after: ApiStack | undefined;
    try {
      const before = await startApiStack({ payloadKeys: keySet(k1), sharing });
      try {
        id = (await before.call('POST', '/api/cases', application())).body.id;
        expect((await before.call('POST', `/api/cases/${id}/contact`, { note })).status).toBe(200);
      } finally {
        await before.stop();
      }
      after = await startApiStack({ payloadKeys: keySet(`${k2},${k1}`), sharing });
      const view = await after.call('GET', `/api/cases/${id}`);
      expect(view.status, JSON.stringify(view.body)).toBe(200);
      expect(view.body.status).toBe('contacted');
      const booked = await after.call('POST', `/api/cases/${id}/home-visit`, { scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
      expect(booked.status, JSON.stringify(booked.body)).toBe(200);
      expect((await after.call('POST', `/api/cases/${id}/home-visit/complete`, { notes: visit })).body.status).toBe('under_assessment');

      const [run] = (await executionsOn(sharing.taskQueue)).filter((e) => e.workflowId === caseWorkflowId(id));
      const raw = JSON.stringify(await showHistory(run!, { raw: true }));
      expect(raw).toContain(`"encryption-key-id":"${b64('k1')}"`);
      expect(raw).toContain(`"encryption-key-id":"${b64('k2')}"`);
      const decoded = JSON.stringify(await showHistory(run!, { raw: true, codecEndpoint: `${after.url}/api/codec`, codecAuth: `Bearer ${await after.issuer.tokenFor(['manager'])}` }));
      expect(decoded).not.toContain(b64('binary/encrypted'));
      const texts = [...decoded.matchAll(/"data":"([^"]+)"/g)].map((m) => text(m[1])).join('\n');
      expect(texts).toContain(note);
      expect(texts).toContain(visit);
    } finally {
      await after?.stop();
      await sharing.database.drop();
    }
  });

  it('goes on with a case whose workflow started with clear payloads, before the codec (PAYLOAD_CLEAR_BEFORE)', { timeout: 150_000 }, async () => {
    // A run started with clear payloads is taken only before PAYLOAD_CLEAR_BEFORE: this worker's is an hour ahead.
    const stack = await startApiStack({ payloadClearBefore: new Date(Date.now() + 3_600_000) });
    try {
      const { id } = (await stack.call('POST', '/api/cases', application())).body;
      const handle = stack.temporal.workflow.getHandle(caseWorkflowId(id));
      const history = await handle.fetchHistory();
      const [encodedInput] = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
      const [clearInput] = await stack.temporal.options.loadedDataConverter.payloadCodecs[0]!.decode([encodedInput!]);
      const input = defaultPayloadConverter.fromPayload<CaseWorkflowInput>(clearInput!);
      expect(input.caseId).toBe(id);

      // As a worker before the codec would have: the same case, started again by a client with no codec.
      await handle.terminate('restarted with clear payloads for the test');
      const plain = new Client({ connection: stack.temporal.connection });
      await plain.workflow.start(CASE_WORKFLOW_TYPE, {
        taskQueue: stack.taskQueue,
        workflowId: caseWorkflowId(id),
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });

      const contacted = await stack.call('POST', `/api/cases/${id}/contact`, { note: 'Etter omstart' });
      expect(contacted.status, JSON.stringify(contacted.body)).toBe(200);
      expect(contacted.body.status).toBe('contacted');
      expect((await stack.call('GET', `/api/cases/${id}`)).body.status).toBe('contacted');

      const restarted = await handle.fetchHistory();
      const first = restarted.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      expect(Buffer.from(first.metadata!.encoding!).toString('utf8')).toBe('json/plain');
      const decoded = await post('/api/codec/decode', { payloads: [payloadToJson(first)] }, { Authorization: `Bearer ${await stack.issuer.tokenFor(['manager'])}` }, stack.url);
      expect(decoded.status).toBe(200);
      expect((await json(decoded)).payloads[0]).toEqual(payloadToJson(first));
    } finally {
      await stack.stop();
    }
  });
});
