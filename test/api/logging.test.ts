// The API's log with LOG_FORMAT=json, read as a log collector would: one JSON object a line, a
// request id on every HTTP line (the same as the answer's X-Request-Id), route patterns, and no
// applicant data in any line, also when a request fails.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../api/errors';
import { requestLogging } from '../../api/logging';
import { createLogger } from '../../observability/logger';
import { captureLog, type CapturedLog } from '../support/logLines';
import { listen, startApiStack, type ApiStack } from './support/apiStack';
import { application, VALID_FNR } from './support/applications';
import { client } from './support/http';

let stack: ApiStack;
let log: CapturedLog;

beforeAll(async () => {
  log = captureLog();
  stack = await startApiStack({ app: { log: createLogger({ format: 'json', level: 'debug', destination: log.stream }) } });
});

afterAll(async () => {
  await stack?.stop();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const accessLines = (requestId: string) => log.records().filter((r) => r.requestId === requestId && r.msg === 'request answered');

describe('the access log', () => {
  it('writes one JSON line per request with the request id it sends back as X-Request-Id', async () => {
    const res = await stack.call('GET', '/api/services');
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).toMatch(UUID);
    const lines = accessLines(id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', method: 'GET', url: '/api/services', route: '/api/services', status: 200 });
    expect(typeof lines[0]?.responseTimeMs).toBe('number');
    // Each request its own id.
    expect((await stack.call('GET', '/api/services')).headers.get('x-request-id')).not.toBe(id);
  });

  it("keeps a caller's X-Request-Id when it is a UUID, and replaces anything else", async () => {
    const own = randomUUID();
    expect((await stack.call('GET', '/api/services', undefined, { 'X-Request-Id': own })).headers.get('x-request-id')).toBe(own);
    expect(accessLines(own)).toHaveLength(1);
    const replaced = (await stack.call('GET', '/api/services', undefined, { 'X-Request-Id': 'Kari Nordmann' })).headers.get('x-request-id');
    expect(replaced).toMatch(UUID);
    expect(log.lines().join('\n')).not.toContain('Kari Nordmann');
  });

  it('names the route pattern, logs no query string, and holds no applicant data through a whole exchange', async () => {
    const body = application();
    const created = await stack.call('POST', '/api/cases', body);
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    // A refused registration that repeats the applicant's data in a bad field.
    const bad = await stack.call('POST', '/api/cases', { ...body, applicant: { ...(body.applicant as object), nationalId: `${VALID_FNR}x` }, extra: 'Kari Nordmann' });
    expect(bad.status).toBe(400);
    expect((await stack.call('POST', `/api/cases/${id}/contact`, { note: 'Ringte Kari Nordmann på 912 34 567.' })).status).toBe(200);
    expect((await stack.call('POST', `/api/cases/${id}/home-visit/complete`, {})).status).toBe(409);
    expect((await stack.call('GET', `/api/cases?municipality=namsos&status=contacted`)).status).toBe(200);

    const records = log.records();
    const step = records.find((r) => r.route === '/api/cases/:id/home-visit/complete');
    expect(step).toMatchObject({ msg: 'request answered', method: 'POST', status: 409, url: `/api/cases/${id}/home-visit/complete` });
    expect(records.find((r) => r.route === '/api/cases' && r.method === 'GET')).toMatchObject({ url: '/api/cases', status: 200 });
    for (const record of records.filter((r) => r.msg === 'request answered' || r.msg === 'request failed')) {
      expect(String(record.requestId)).toMatch(UUID);
      expect(typeof record.level).toBe('string');
    }
    const text = log.lines().join('\n');
    const applicant = body.applicant as Record<string, string>;
    for (const secret of [VALID_FNR, applicant.name, applicant.email, applicant.phone, applicant.address, body.description as string, '912 34 567']) {
      expect(text, `the log holds ${secret}`).not.toContain(secret);
    }
  });
});

describe('an error while answering', () => {
  it('is logged with the request id, its stack and a scrubbed message, and the answer says nothing of it', async () => {
    const out = captureLog();
    const logger = createLogger({ format: 'json', level: 'info', destination: out.stream });
    const app = express();
    app.use(requestLogging(logger));
    app.get('/boom/:id', () => {
      throw Object.assign(new Error(`insert failed for ${VALID_FNR} "Kari Nordmann" kari.nordmann@example.no`), {
        detail: `Key (national_id)=(${VALID_FNR})`,
      });
    });
    app.use(errorHandler(logger));
    const http = await listen(app);
    try {
      const res = await client(http.url)('GET', '/boom/123');
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('insert failed');
      const id = res.headers.get('x-request-id');
      const records = out.records();
      const failure = records.find((r) => r.msg === 'request failed with an internal error');
      expect(failure).toMatchObject({ level: 'error', requestId: id, route: '/boom/:id', err: { type: 'Error', message: 'insert failed for [fnr] "…" [e-post]' } });
      expect(String((failure?.err as { stack?: string }).stack)).toMatch(/logging\.test\.ts/);
      expect(records.find((r) => r.msg === 'request failed')).toMatchObject({ level: 'error', requestId: id, status: 500 });
      const text = out.lines().join('\n');
      for (const secret of [VALID_FNR, 'Kari Nordmann', 'kari.nordmann@example.no']) expect(text).not.toContain(secret);
    } finally {
      await http.close();
    }
  });
});
