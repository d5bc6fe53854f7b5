// Import throughput (issue 27): N open cases from an old system through `npm run import`'s own code
// (runImport, the CLI's client of POST /api/imports/cases), a fifth of them with a re-evaluation
// already overdue. Cases a second, the launcher's memory (worker and API in one process) as they
// come in, and when the last overdue case's flag was set (its notice goes in the same change).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EXAMPLE_KINDS, exampleLine, type ExampleKind } from '../scripts/import/exampleDates';
import { runImport } from '../scripts/import/runImport';
import { request } from './http';
import { residentMemory } from './memory';

export interface ImportThroughput {
  cases: number;
  overdue: number;
  rate: number;
  seconds: number;
  casesPerSecond: number;
  imported: number;
  skipped: number;
  failed: number;
  memory: Array<{ cases: number; seconds: number; rssMb: number }>;
  rssAtEndMb: number | null;
  peakMb: number | null;
  /** From the end of the import until every overdue case was flagged (null: not within the wait). */
  lastOverdueFlaggedAfterMs: number | null;
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
  opts: { municipality: string; rate: number; concurrency: number; waitMs?: number },
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
    lines.push(JSON.stringify({ ...examples[kind], municipality: opts.municipality, sourceId: `bench-${run}-${i}` }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const before = await overdueCases(base, opts.municipality);
  const memory: ImportThroughput['memory'] = [];
  const sampleEvery = Math.max(1, Math.floor(total / 10));
  const wall = performance.now();
  const sample = (cases: number) => {
    const m = residentMemory(launcherPid);
    if (m) memory.push({ cases, seconds: (performance.now() - wall) / 1000, rssMb: m.rssMb });
  };
  sample(0);
  let lastSampled = 0;
  try {
    const summary = await runImport({
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
    // Every overdue case flags itself in its workflow's first task: wait for the last of them.
    let lastOverdueFlaggedAfterMs: number | null = null;
    const until = Date.now() + (opts.waitMs ?? 300_000);
    while (Date.now() < until) {
      if ((await overdueCases(base, opts.municipality)) - before >= overdue) {
        lastOverdueFlaggedAfterMs = performance.now() - ended;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const end = residentMemory(launcherPid);
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
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
