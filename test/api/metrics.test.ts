// GET /metrics as Prometheus scrapes it, while a caseworker's system registers a case and takes a
// step, one refused: the API, the shared Temporal dev server, a real Worker, a database of its own.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app';
import { createTemporalClient } from '../../temporal/client';
import { createDb } from '../../db/knex';
import { eventually } from '../support/eventually';
import { metricType, parseMetrics, sampleValue, type Sample } from '../support/prometheus';
import { listen, NAMESPACE, startApiStack, type ApiStack } from './support/apiStack';
import { application, VALID_FNR } from './support/applications';
import { client } from './support/http';

let stack: ApiStack;

beforeAll(async () => {
  // No cache: each scrape reads PostgreSQL, so a test sees a change at once.
  stack = await startApiStack({ app: { figuresCacheMs: 0 } });
});

afterAll(async () => {
  await stack?.stop();
});

async function scrape(call = stack.call): Promise<{ text: string; samples: Sample[] }> {
  const res = await call('GET', '/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: res.text, samples: parseMetrics(res.text) };
}

describe('GET /metrics', () => {
  it('counts a registration, a step and a refused step, and the open cases move with them', async () => {
    const before = (await scrape()).samples;
    const open = (samples: Sample[], status: string) => sampleValue(samples, 'cases_open', { municipality: 'namsos', status });
    const steps = (samples: Sample[], step: string, result: string) => sampleValue(samples, 'case_steps_total', { step, result });

    const body = application();
    const created = await stack.call('POST', '/api/cases', body, { 'Idempotency-Key': 'metrics-registration' });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const afterRegistration = (await scrape()).samples;
    expect(sampleValue(afterRegistration, 'case_registrations_total', { municipality: 'namsos', result: 'new' })).toBe(
      sampleValue(before, 'case_registrations_total', { municipality: 'namsos', result: 'new' }) + 1,
    );
    expect(open(afterRegistration, 'received')).toBe(open(before, 'received') + 1);
    expect(sampleValue(afterRegistration, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/cases', status: '201' })).toBe(
      sampleValue(before, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/cases', status: '201' }) + 1,
    );

    // The same key again: answered from the first registration, counted as a replay, no new case.
    const replay = await stack.call('POST', '/api/cases', body, { 'Idempotency-Key': 'metrics-registration' });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(id);
    const afterReplay = (await scrape()).samples;
    expect(sampleValue(afterReplay, 'case_registrations_total', { municipality: 'namsos', result: 'replayed' })).toBe(1);
    expect(open(afterReplay, 'received')).toBe(open(afterRegistration, 'received'));

    const contacted = await stack.call('POST', `/api/cases/${id}/contact`, { note: 'Ringte søker.' });
    expect(contacted.status).toBe(200);
    const afterStep = (await scrape()).samples;
    expect(steps(afterStep, 'contact', 'applied')).toBe(steps(before, 'contact', 'applied') + 1);
    expect(open(afterStep, 'received')).toBe(open(before, 'received'));
    expect(open(afterStep, 'contacted')).toBe(open(before, 'contacted') + 1);

    // Not allowed from `contacted`: refused with 409, and the case stays where it was.
    const refused = await stack.call('POST', `/api/cases/${id}/home-visit/complete`, {});
    expect(refused.status).toBe(409);
    const afterRefusal = await scrape();
    expect(steps(afterRefusal.samples, 'home-visit/complete', 'invalid_transition')).toBe(steps(before, 'home-visit/complete', 'invalid_transition') + 1);
    expect(steps(afterRefusal.samples, 'home-visit/complete', 'applied')).toBe(0);
    expect(steps(afterRefusal.samples, 'contact', 'applied')).toBe(steps(afterStep, 'contact', 'applied'));
    expect(open(afterRefusal.samples, 'contacted')).toBe(open(afterStep, 'contacted'));
    expect(
      sampleValue(afterRefusal.samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/cases/:id/home-visit/complete', status: '409' }),
    ).toBe(1);

    // Labels name route patterns, never the case's id; no applicant data anywhere.
    expect(afterRefusal.text).not.toContain(id);
    expect(afterRefusal.text).not.toContain(VALID_FNR);
    expect(afterRefusal.text).not.toContain('Nordmann');
    const routes = new Set(afterRefusal.samples.filter((s) => s.name === 'http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes]).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/:id/contact', '/metrics']));
    for (const route of routes) expect(route).toMatch(/^(unmatched|\/[a-z/:.-]*)$/);
    expect(metricType(afterRefusal.text, 'http_request_duration_seconds')).toBe('histogram');
    expect(metricType(afterRefusal.text, 'case_steps_total')).toBe('counter');
    expect(metricType(afterRefusal.text, 'letters_delivered_total')).toBe('counter');
  });

  it("reports the letters' deliveries by channel and status from the outbox", async () => {
    // This stack's worker has no channel configured: every delivery of the acknowledgement is skipped.
    const created = await stack.call('POST', '/api/cases', application());
    expect(created.status).toBe(201);
    await eventually('the acknowledgement letter counted as skipped on the digital mailbox', async () => {
      const { samples } = await scrape();
      return sampleValue(samples, 'letters_delivered_total', { channel: 'digital_mailbox', status: 'skipped' }) >= 1;
    }, 20_000);
    const { samples } = await scrape();
    const skipped = await stack.db('letter_deliveries').where({ status: 'skipped', channel: 'digital_mailbox' }).count<{ count: string }[]>('* as count');
    expect(sampleValue(samples, 'letters_delivered_total', { channel: 'digital_mailbox', status: 'skipped' })).toBe(Number(skipped[0]?.count));
    expect(sampleValue(samples, 'letters_delivered_total', { channel: 'digital_mailbox', status: 'delivered' })).toBe(0);
    for (const channel of ['digital_mailbox', 'email', 'sms', 'print']) {
      expect(samples.some((s) => s.name === 'letter_deliveries_failing' && s.labels.channel === channel)).toBe(true);
    }
    expect(sampleValue(samples, 'case_figures_up')).toBe(1);
  });

  it('reads PostgreSQL at most once in its cache time, however often it is scraped', async () => {
    const temporal = createTemporalClient({ address: inject('temporalAddress'), namespace: NAMESPACE, payloadKeys: stack.payloadKeys });
    const cached = await listen(createApp({ temporal, db: stack.db, policy: stack.policy, auth: stack.issuer.auth, taskQueue: stack.taskQueue, figuresCacheMs: 60_000 }));
    try {
      const call = client(cached.url);
      const first = (await scrape(call)).samples;
      expect((await stack.call('POST', '/api/cases', application())).status).toBe(201);
      expect(sampleValue((await scrape()).samples, 'cases_open', { municipality: 'namsos', status: 'received' })).toBe(
        sampleValue(first, 'cases_open', { municipality: 'namsos', status: 'received' }) + 1,
      );
      // The cached app still shows what it read a moment ago.
      expect(sampleValue((await scrape(call)).samples, 'cases_open', { municipality: 'namsos', status: 'received' })).toBe(
        sampleValue(first, 'cases_open', { municipality: 'namsos', status: 'received' }),
      );
    } finally {
      await cached.close();
      await temporal.connection.close();
    }
  });

  it('still answers when the database is down, saying the case figures are missing', async () => {
    const temporal = createTemporalClient({ address: inject('temporalAddress'), namespace: NAMESPACE, payloadKeys: stack.payloadKeys });
    const db = createDb('postgres://nobody:nothing@127.0.0.1:1/cases');
    const quiet = { error: () => undefined, warn: () => undefined };
    const down = await listen(createApp({ temporal, db, policy: stack.policy, auth: stack.issuer.auth, logger: quiet, figuresCacheMs: 0 }));
    try {
      await scrape(client(down.url));
      const { samples } = await scrape(client(down.url));
      expect(sampleValue(samples, 'case_figures_up')).toBe(0);
      expect(samples.some((s) => s.name === 'cases_open')).toBe(false);
      // What the API counts itself is still there: the first scrape, timed.
      expect(sampleValue(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
    } finally {
      await down.close();
      await temporal.connection.close();
      await db.destroy();
    }
  });
});
