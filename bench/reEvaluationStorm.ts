// The storm of issue 27: N cases brought over by `npm run import`'s own code, each re-evaluated last
// exactly STORM_RE_EVALUATION_EVERY_MS before one chosen second, so every re-evaluation falls due in
// that second. Measured: from it until every notice is in the digital mailbox, and that each case got
// exactly one (one letter, one event, one file); beside it, the same number of bare Temporal timers
// due at one second on the same server, each followed by one activity (bench/baselineWorkflow.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { exampleLine } from '../scripts/import/exampleDates';
import { runImport } from '../scripts/import/runImport';
import { applicant } from '../scripts/stack/secondsPolicy';
import { startBaselineTimers, timersFired } from './baseline';
import { STORM_RE_EVALUATION_EVERY_MS } from './benchPolicy';
import { figures, percentile, type Figures, type Run } from './measure';
import { MailboxWatch, noticesPerCase, watchNotices } from './storm';

const NOTICE_KIND = 're_evaluation_notice';
const NOTICE_EVENT = 're_evaluation_due';

export interface DrainFigures {
  /** From the second they fell due until the last one fired (null: not all within the wait). */
  allAfterMs: number | null;
  p50AfterMs: number | null;
  fired: number;
}

export interface ReEvaluationStorm {
  cases: number;
  dueAt: string;
  /** Imported before the second they fall due (a case imported after it falls due as it starts). */
  importedInTime: number;
  importSeconds: number;
  importFailed: number;
  project: DrainFigures;
  /** Per case, from the API and the mailbox: exactly one notice letter, one event and one file; or more; or none. */
  exactlyOnce: number;
  duplicates: number;
  missing: number;
  baseline: DrainFigures & { startedInTime: number; startSeconds: number; dueAt: string };
  /** A caseworker's step on a case of their own (not imported) from the second they fell due until the last notice. */
  stepsDuringDrain?: Figures;
}

function drain(times: number[], dueAt: number, expected: number): DrainFigures {
  const after = times.map((t) => t - dueAt);
  return {
    allAfterMs: after.length >= expected && after.length > 0 ? Math.max(...after) : null,
    p50AfterMs: after.length ? percentile(after, 50) : null,
    fired: after.length,
  };
}

/** One re-evaluation-due example, re-evaluated last `STORM_RE_EVALUATION_EVERY_MS` before `dueAt`. */
function stormLine(base: Record<string, unknown>, municipality: string, sourceId: string, dueAt: number): Record<string, unknown> {
  const steps = base.steps as Record<string, unknown>;
  // By the digital mailbox, where the bench sees each notice arrive (paper goes to the print queue as PDF only).
  return { ...base, channel: 'digital', applicant, municipality, sourceId, steps: { ...steps, reEvaluations: [{ at: new Date(dueAt - STORM_RE_EVALUATION_EVERY_MS).toISOString() }] } };
}

export async function reEvaluationStorm(
  base: string,
  dataDir: string,
  client: Client,
  importerToken: string,
  total: number,
  opts: {
    municipality: string;
    rate: number;
    concurrency: number;
    clients: number;
    importWithinMs: number;
    timeoutMs?: number;
    log: (s: string) => void;
    /** Caseworkers stepping while `going()` says so. */
    stepWhile?: (going: () => boolean) => Promise<Run>;
  },
): Promise<ReEvaluationStorm> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-storm-'));
  try {
    const dueAt = Date.now() + opts.importWithinMs;
    const example = exampleLine('re-evaluation-due');
    const run = Date.now().toString(36);
    const file = path.join(dir, 'storm.jsonl');
    writeFileSync(file, `${Array.from({ length: total }, (_, i) => JSON.stringify(stormLine(example, opts.municipality, `storm-${run}-${i}`, dueAt))).join('\n')}\n`);
    const ids: string[] = [];
    let importedInTime = 0;
    const started = Date.now();
    // The case ids come from the API's answers: runImport counts them, the bench needs them too.
    const summary = await runImport({
      file,
      url: base,
      token: importerToken,
      rate: opts.rate,
      concurrency: opts.concurrency,
      report: path.join(dir, 'report.csv'),
      onProgress: (p) => {
        if (Date.now() < dueAt && p.imported > importedInTime) importedInTime = p.imported;
      },
      onImported: (caseId) => ids.push(caseId),
    });
    const importSeconds = (Date.now() - started) / 1000;
    opts.log(`storm: ${summary.imported} imported in ${importSeconds.toFixed(0)} s (${importedInTime} before they fell due); waiting for their notices…`);

    // Long enough for a drain several times as slow as the bare timers': 15 minutes, or 0.3 s a case.
    const waitMs = opts.timeoutMs ?? Math.max(900_000, total * 300);
    const watch = new MailboxWatch(path.join(dataDir, 'mailbox'), new Set(ids), NOTICE_KIND);
    let draining = true;
    const stepping = opts.stepWhile
      ? (async () => {
          await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now())));
          return opts.stepWhile!(() => draining);
        })()
      : undefined;
    await watchNotices(watch, dueAt, ids.length, Math.max(dueAt, Date.now()) + waitMs, opts.log);
    draining = false;
    const steps = stepping ? await stepping : undefined;
    const { exactlyOnce, duplicates, missing } = await noticesPerCase(base, opts.clients, ids, watch, { kind: NOTICE_KIND, event: NOTICE_EVENT });
    const project = drain([...watch.notices.values()].flat(), dueAt, ids.length);

    // The baseline on the same server: as many bare timers, due at one second once they are all started.
    const startsWithinMs = Math.max(30_000, (total / 20) * 1_000 + 15_000);
    const baselineDue = Date.now() + startsWithinMs;
    opts.log(`storm baseline: ${total} bare timers due in ${(startsWithinMs / 1000).toFixed(0)} s…`);
    const startedAt = Date.now();
    const timers = await startBaselineTimers(client, opts.clients, total, baselineDue);
    const startSeconds = (Date.now() - startedAt) / 1000;
    const until = Math.max(baselineDue, Date.now()) + waitMs;
    const mine = () => timers.ids.flatMap((id) => (timersFired.has(id) ? [timersFired.get(id)!] : []));
    while (mine().length < total && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    return {
      cases: total,
      dueAt: new Date(dueAt).toISOString(),
      importedInTime,
      importSeconds,
      importFailed: summary.failed,
      project,
      exactlyOnce,
      duplicates,
      missing,
      baseline: { ...drain(mine(), baselineDue, total), startedInTime: timers.startedInTime, startSeconds, dueAt: new Date(baselineDue).toISOString() },
      ...(steps && steps.latencies.length > 0 ? { stepsDuringDrain: figures([steps]) } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
