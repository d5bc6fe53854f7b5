// Import throughput (issue 27): N open cases from an old system through `npm run import`'s own code
// (runImport, the CLI's client of POST /api/imports/cases), a fifth of them with a re-evaluation
// already overdue. Cases a second; as they come in, the memory of the launcher's process (the worker
// and the API run in it), the case runs in the worker's cache, and the import client's own heap (this
// process); and when the last overdue case's flag was set and its notice reached the mailbox.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EXAMPLE_KINDS, exampleLine, type ExampleKind } from '../scripts/import/exampleDates';
import { runImport } from '../scripts/import/runImport';
import { applicant } from '../scripts/stack/secondsPolicy';
import { request } from './http';
import { residentMemory } from './memory';
import { MailboxWatch } from './storm';
import { cachedWorkflows } from './workerMetrics';

export interface ImportThroughput {
  cases: number;
  overdue: number;
  rate: number;
  seconds: number;
  casesPerSecond: number;
  imported: number;
  skipped: number;
  failed: number;
  /** The launcher's resident memory (worker and API), the worker's cached case runs, the import client's heap. */
  memory: Array<{ cases: number; seconds: number; rssMb: number; cachedWorkflows: number | null; clientHeapMb: number }>;
  rssAtEndMb: number | null;
  peakMb: number | null;
  /** From the end of the import until every overdue case was flagged (null: not within the wait). */
  lastOverdueFlaggedAfterMs: number | null;
  /** From the end of the import until every overdue case's re-evaluation notice was in the mailbox (null: not within the wait). */
  lastOverdueNoticeAfterMs: number | null;
  overdueNotices: number;
}

/** Four in five from the kinds with nothing due yet; one in five with its re-evaluation overdue. */
const NOT_DUE: ExampleKind[] = EXAMPLE_KINDS.filter((k) => !['re-evaluation-due', 'waiting-for-contact', 'time-limited-expiring'].includes(k));

async function overdueCases(base: string, municipality: string): Promise<number> {
  const stats = await request<{ overdueCases: number }>(base, 'GET', `/api/stats?municipality=${municipality}`, 200);
  return stats.body.overdueCases;
}

export async function importThroughput(
  base: string,
  launcherPid: number,
  importerToken: string,
  total: number,
  opts: { municipality: string; rate: number; concurrency: number; waitMs?: number; dataDir: string; metricsUrl: string; onRequestsDone?: () => void },
): Promise<ImportThroughput> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const file = path.join(dir, 'cases.jsonl');
  const run = Date.now().toString(36);
  const examples = Object.fromEntries(EXAMPLE_KINDS.map((k) => [k, exampleLine(k)])) as Record<ExampleKind, Record<string, unknown>>;
  let overdue = 0;
  const lines: string[] = [];
  for (let i = 0; i < total; i++) {
    const kind: ExampleKind = i % 5 === 4 ? 're-evaluation-due' : (NOT_DUE[i % NOT_DUE.length] as ExampleKind);
    if (kind === 're-evaluation-due') overdue++;
    // The overdue ones by the digital mailbox, where the bench sees each notice arrive (paper goes to the print queue as PDF only).
    const channel = kind === 're-evaluation-due' ? { channel: 'digital', applicant } : {};
    lines.push(JSON.stringify({ ...examples[kind], ...channel, municipality: opts.municipality, sourceId: `bench-${run}-${i}` }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const before = await overdueCases(base, opts.municipality);
  const memory: ImportThroughput['memory'] = [];
  const sampleEvery = Math.max(1, Math.floor(total / 10));
  const wall = performance.now();
  const sample = (cases: number) => {
    const m = residentMemory(launcherPid);
    const seconds = (performance.now() - wall) / 1000;
    const clientHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
    if (m) void cachedWorkflows(opts.metricsUrl).then((cached) => memory.push({ cases, seconds, rssMb: m.rssMb, cachedWorkflows: cached, clientHeapMb }));
  };
  sample(0);
  let lastSampled = 0;
  const overdueIds = new Set<string>();
  try {
    const summary = await runImport({
      // Line n is case n - 1: every fifth is the overdue kind.
      onImported: (caseId, line) => {
        if ((line - 1) % 5 === 4) overdueIds.add(caseId);
      },
      file,
      url: base,
      token: importerToken,
      rate: opts.rate,
      concurrency: opts.concurrency,
      report: path.join(dir, 'report.csv'),
      onProgress: (p) => {
        const finished = p.imported + p.alreadyImported + p.skipped + p.failed;
        if (finished - lastSampled >= sampleEvery) {
          lastSampled = finished;
          sample(finished);
        }
      },
    });
    const seconds = (performance.now() - wall) / 1000;
    const ended = performance.now();
    opts.onRequestsDone?.();
    // Every overdue case flags itself in its workflow's first task, and its notice goes out after: wait for the last of them.
    let lastOverdueFlaggedAfterMs: number | null = null;
    let lastOverdueNoticeAfterMs: number | null = null;
    const watch = new MailboxWatch(path.join(opts.dataDir, 'mailbox'), overdueIds, 're_evaluation_notice');
    // The worker starts cases slower than the API takes them: 5 minutes, or 0.15 s a case (about 2 hours for 50 000).
    const until = Date.now() + (opts.waitMs ?? Math.max(300_000, total * 150));
    let nextSample = performance.now() + 10_000;
    while (Date.now() < until && (lastOverdueFlaggedAfterMs === null || lastOverdueNoticeAfterMs === null)) {
      if (lastOverdueFlaggedAfterMs === null && (await overdueCases(base, opts.municipality)) - before >= overdue) lastOverdueFlaggedAfterMs = performance.now() - ended;
      watch.scan();
      if (lastOverdueNoticeAfterMs === null && watch.notices.size >= overdueIds.size) {
        lastOverdueNoticeAfterMs = Math.max(...[...watch.notices.values()].flat()) - (Date.now() - (performance.now() - ended));
      }
      if (performance.now() > nextSample) {
        sample(total);
        nextSample = performance.now() + 10_000;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    sample(total);
    await new Promise((r) => setTimeout(r, 1_000));
    const end = residentMemory(launcherPid);
    memory.sort((a, b) => a.seconds - b.seconds);
    return {
      cases: total,
      overdue,
      rate: opts.rate,
      seconds,
      casesPerSecond: summary.imported / seconds,
      imported: summary.imported,
      skipped: summary.skipped,
      failed: summary.failed,
      memory,
      rssAtEndMb: end?.rssMb ?? null,
      peakMb: end?.peakMb ?? null,
      lastOverdueFlaggedAfterMs,
      lastOverdueNoticeAfterMs,
      overdueNotices: watch.count,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
