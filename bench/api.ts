// A benchmark of the HTTP API: prints figures, asserts nothing, and is not part of `npm test`.
// It starts the launcher's own embedded stack (as the end-to-end tests do) on free ports in a temp
// DATA_DIR, or uses a running API when BENCH_API_URL is set (with BENCH_TOKEN, a caseworker and manager
// token for namsos). `npm run bench`; BENCH_CASES (default 100) and BENCH_CONCURRENCY (default 8) bound the loops.
// Like any client it sends a bearer token: with the embedded stack, one from `npm run token`.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startStack, type Stack } from '../test/e2e/stack';
import { application } from '../test/e2e/secondsPolicy';

const CASES = positiveInt('BENCH_CASES', 100);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 8);
const LETTER_SAMPLE = Math.min(10, CASES);
const LETTER_TIMEOUT_MS = 60_000;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not ${raw}`);
  return n;
}

let bearer = '';

/** One request, timed; a status other than `expected` throws with the body. */
async function timed(base: string, method: string, path: string, expected: number, body?: unknown, headers: Record<string, string> = {}) {
  const start = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - start;
  if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}, not ${expected}: ${text.slice(0, 300)}`);
  return { ms, body: (text ? JSON.parse(text) : null) as unknown };
}

/** Runs `fn(0..n-1)` with at most `concurrency` at a time; returns the results in order. */
async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(n);
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      results[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return results;
}

/** Nearest-rank percentile of `ms` (not empty). */
function pct(ms: number[], p: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

type Row = [metric: string, n: number, p50: number, p95: number | null, max: number, note: string];
const row = (metric: string, ms: number[], note = '', withP95 = true): Row => [metric, ms.length, pct(ms, 50), withP95 ? pct(ms, 95) : null, Math.max(...ms), note];

function printTable(rows: Row[], target: string): void {
  console.log(`\nAPI benchmark — ${target}`);
  console.log(`cpus ${os.cpus().length}, node ${process.version}, BENCH_CASES ${CASES}, BENCH_CONCURRENCY ${CONCURRENCY}\n`);
  const f = (v: number | null) => (v === null ? '—' : v.toFixed(1)).padStart(9);
  console.log(`${'metric'.padEnd(36)}${'n'.padStart(5)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}  note`);
  for (const [metric, n, p50, p95, max, note] of rows) console.log(`${metric.padEnd(36)}${String(n).padStart(5)}${f(p50)}${f(p95)}${f(max)}  ${note}`);
}

async function bench(base: string): Promise<Row[]> {
  const create = (i: number, tag: string) => timed(base, 'POST', '/api/cases', 201, application('namsos'), { 'Idempotency-Key': `bench-${tag}-${i}-${randomUUID()}` });
  const idOf = (body: unknown) => (body as { id: string }).id;

  // 1. Applications in, CONCURRENCY at a time.
  const wallStart = performance.now();
  const created = await pool(CASES, CONCURRENCY, (i) => create(i, 'create'));
  const wallSec = (performance.now() - wallStart) / 1000;
  const ids = created.map((c) => idOf(c.body));

  // 2. A step round trip (a workflow Update) on each case.
  const contact = await pool(CASES, CONCURRENCY, (i) => timed(base, 'POST', `/api/cases/${ids[i]}/contact`, 200, { note: 'Ringte søker.' }, { 'Idempotency-Key': `bench-contact-${ids[i]}` }));

  // 3. Reads: the case view (a workflow query) and a page of the case list (PostgreSQL).
  const view = await pool(CASES, CONCURRENCY, (i) => timed(base, 'GET', `/api/cases/${ids[i]}`, 200));
  const list = await pool(CASES, CONCURRENCY, () => timed(base, 'GET', '/api/cases?limit=50', 200));

  // 4. From POST to the acknowledgement letter in the case's letters, one case at a time, polled every 20 ms.
  const ack: number[] = [];
  for (let i = 0; i < LETTER_SAMPLE; i++) {
    const start = performance.now();
    const id = idOf((await create(i, 'ack')).body);
    for (;;) {
      const { body } = await timed(base, 'GET', `/api/cases/${id}/letters`, 200);
      if ((body as { items: Array<{ kind: string }> }).items.some((l) => l.kind === 'acknowledgement')) break;
      if (performance.now() - start > LETTER_TIMEOUT_MS) throw new Error(`no acknowledgement letter for case ${id} in ${LETTER_TIMEOUT_MS} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    ack.push(performance.now() - start);
  }

  return [
    row('POST /api/cases', created.map((c) => c.ms), `${(CASES / wallSec).toFixed(1)} cases/s (${CASES} in ${wallSec.toFixed(2)} s)`),
    row('POST /api/cases/:id/contact', contact.map((c) => c.ms)),
    row('GET /api/cases/:id', view.map((c) => c.ms)),
    row('GET /api/cases?limit=50', list.map((c) => c.ms)),
    row('POST → acknowledgement letter', ack, 'sequential, polled every 20 ms', false),
  ];
}

async function main(): Promise<number> {
  const external = process.env.BENCH_API_URL?.replace(/\/+$/, '');
  let stack: Stack | undefined;
  let signalled = false;
  let stopping: Promise<number | null> | undefined;
  const stop = async () => {
    const s = stack;
    if (!s) return null;
    stopping ??= s.stop();
    return stopping;
  };
  // A signal while the stack starts stops it as soon as startStack hands it over.
  const onSignal = (sig: NodeJS.Signals) => {
    signalled = true;
    console.error(`${sig}: stopping${stack || external ? '' : ' the stack once it is up'}…`);
    if (stack || external) void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    if (!external) {
      console.log('Starting the embedded stack (Temporal, PostgreSQL, worker, API)…');
      stack = await startStack();
      if (signalled) return 130;
      bearer = stack.token;
    } else {
      bearer = process.env.BENCH_TOKEN ?? '';
      if (!bearer) throw new Error('BENCH_TOKEN is needed with BENCH_API_URL: a token with the roles caseworker and manager for namsos');
    }
    const base = external ?? stack!.apiUrl;
    const rows = await bench(base);
    printTable(rows, external ? `running API at ${external}` : `embedded stack at ${base}`);
    return 0;
  } catch (error) {
    if (signalled) return 130; // the stack went down under the requests: that is no failure to report
    console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    if (stack) console.error(`Launcher output (last 2000 characters):\n${stack.output().slice(-2000)}`);
    return 1;
  } finally {
    const code = await stop();
    if (stack && code !== 0) console.error(`The launcher exited with ${code}`);
  }
}

void main().then((code) => (process.exitCode = code));
