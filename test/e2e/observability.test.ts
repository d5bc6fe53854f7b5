// What an operator sees of a whole case, with `LOG_FORMAT=json LOG_LEVEL=debug npm start`: the API's
// /metrics, the worker's Temporal SDK metrics, and every log line. Each line is one JSON object, HTTP
// lines carry a request id and worker lines the workflow id; nothing anywhere names the applicant,
// their national id or what they or the caseworker wrote.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/messages';
import { REPO_ROOT } from '../support/binaries';
import { eventually } from '../support/eventually';
import { parseMetrics, sampleValue } from '../support/prometheus';
import { application, applicant, secondsPolicy } from '../../scripts/stack/secondsPolicy';
import { api, startStack, type Stack } from '../../scripts/stack/startStack';

let stack: Stack;
let stopped: { stdout: string; stderr: string } | undefined;

beforeAll(async () => {
  stack = await startStack({ policy: secondsPolicy, env: { LOG_FORMAT: 'json', LOG_LEVEL: 'debug' } });
}, 120_000);

afterAll(async () => {
  if (!stopped) await stack?.stop();
});

// PromQL words that are not metrics, and a counter the SDK first shows when an activity fails.
const NOT_METRICS = new Set(['histogram_quantile', 'activity_type', 'worker_type']);
const ONLY_AFTER_A_FAILURE = new Set(['temporal_activity_execution_failed']);

const justification = 'Søker trenger hjelp morgen og kveld etter hoftebrudd.';
const note = 'Snakket med datteren Ingrid om medisinene.';

describe('an operator watching a whole case', () => {
  it('sees it in the metrics and the logs, and finds no personal data in either', { timeout: 120_000 }, async () => {
    const call = api(stack.apiUrl, stack.token);
    // Lurøy's real lengths: the case stays `decided` while the test reads the figures.
    const body = application('luroy');
    const created = await call('POST', '/api/cases', body);
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect((await call('POST', `/api/cases/${id}/contact`, { note })).status).toBe(200);
    expect((await call('POST', `/api/cases/${id}/home-visit/complete`, { notes: note })).status).toBe(409);
    const decided = await call('POST', `/api/cases/${id}/decision`, {
      outcome: 'granted',
      services: [{ code: 'home_nursing', hoursPerWeek: 3 }],
      justification,
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    // The acknowledgement and the decision reach the digital mailbox (files in DATA_DIR); SMS and e-mail are not configured here.
    const apiMetrics = await eventually('two letters delivered to the digital mailbox', async () => {
      const text = await (await fetch(`${stack.apiUrl}/metrics`)).text();
      return sampleValue(parseMetrics(text), 'letters_delivered_total', { channel: 'digital_mailbox', status: 'delivered' }) >= 2 ? text : undefined;
    }, 30_000);
    const samples = parseMetrics(apiMetrics);
    expect(sampleValue(samples, 'case_registrations_total', { municipality: 'luroy', result: 'new' })).toBe(1);
    expect(sampleValue(samples, 'case_steps_total', { step: 'contact', result: 'applied' })).toBe(1);
    expect(sampleValue(samples, 'case_steps_total', { step: 'home-visit/complete', result: 'invalid_transition' })).toBe(1);
    expect(sampleValue(samples, 'case_steps_total', { step: 'decision', result: 'applied' })).toBe(1);
    expect(sampleValue(samples, 'cases_open', { municipality: 'luroy', status: 'decided' })).toBe(1);
    expect(sampleValue(samples, 'letters_delivered_total', { channel: 'sms', status: 'skipped' })).toBeGreaterThanOrEqual(1);

    // The worker's own metrics: Temporal's, from the SDK, with task latencies in seconds.
    const workerMetrics = await (await fetch(stack.workerMetricsUrl)).text();
    const workerSamples = parseMetrics(workerMetrics);
    expect(workerSamples.some((s) => s.name.startsWith('temporal_'))).toBe(true);
    expect(sampleValue(workerSamples, 'temporal_workflow_task_execution_latency_count')).toBeGreaterThan(0);
    expect(workerSamples.some((s) => s.name === 'temporal_activity_execution_latency_count' && s.labels.activity_type === 'deliverLetter')).toBe(true);

    // Every metric the Grafana dashboard queries is served by the API or the worker.
    const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, 'monitoring/grafana/dashboards/case-orchestrator.json'), 'utf8'));
    const exprs = (dashboard.panels as Array<{ targets?: Array<{ expr: string }> }>).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const queried = new Set(exprs.flatMap((expr) => expr.match(/[a-z][a-z0-9]*(?:_[a-z0-9]+)+/g) ?? []).filter((word) => !NOT_METRICS.has(word)));
    expect(queried.size).toBeGreaterThan(10);
    const served = new Set([...samples, ...workerSamples].map((s) => s.name));
    for (const name of queried) expect(served.has(name) || ONLY_AFTER_A_FAILURE.has(name), `the dashboard queries ${name}`).toBe(true);

    const code = await stack.stop();
    stopped = stack.streams();
    expect(code).toBe(0);

    // Every line, on stdout and stderr, is one JSON object with a level and a message.
    const lines = `${stopped.stdout}\n${stopped.stderr}`.split('\n').filter((line) => line.trim() !== '');
    const records = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
    for (const record of records) {
      expect(typeof record.level, JSON.stringify(record)).toBe('string');
      expect(typeof record.msg, JSON.stringify(record)).toBe('string');
    }
    const http = records.filter((r) => r.msg === 'request answered');
    expect(http.some((r) => r.route === '/api/cases/:id/decision' && r.status === 200)).toBe(true);
    for (const record of http) expect(String(record.requestId)).toMatch(/^[0-9a-f-]{36}$/);
    const worker = records.filter((r) => r.component === 'worker' && typeof r.workflowId === 'string');
    expect(worker.some((r) => r.workflowId === caseWorkflowId(id))).toBe(true);

    const everything = [lines.join('\n'), apiMetrics, workerMetrics].join('\n');
    for (const secret of [
      applicant.nationalId,
      applicant.name,
      applicant.phone,
      applicant.email,
      applicant.address,
      body.description,
      justification,
      note,
      'Ingrid',
    ]) {
      expect(everything, `an operator can read ${secret}`).not.toContain(secret);
    }
    // Nor a case's id in a metric label.
    expect(apiMetrics).not.toContain(id);
    expect(workerMetrics).not.toContain(id);
  });
});
