// npm run import -- <file> [--dry-run] [--rate N] [--municipality key] [--url URL] [--token-file path]
//                          [--report path] [--concurrency N]
//
// Brings the office's open cases over from its old system: docs/import.md. The token (role
// `importer`) comes from IMPORT_TOKEN or --token-file, never from the command line, where the
// process list would show it. With `npm start`: npm run token -- --sub import --role importer --municipality namsos.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { DEFAULT_RATE, ImportRefused, runImport, type ImportProgress } from './runImport';

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(2);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} ${value}: must be a number above 0`);
  return n;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      rate: { type: 'string' },
      municipality: { type: 'string' },
      url: { type: 'string' },
      'token-file': { type: 'string' },
      report: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const file = positionals[0] ?? fail('the file to import is required: npm run import -- <file.jsonl> [--dry-run] [--rate N]');
  const token = values['token-file'] ? readFileSync(values['token-file'], 'utf8').trim() : process.env.IMPORT_TOKEN?.trim();
  if (!token) fail('no token: set IMPORT_TOKEN or give --token-file (a token with the role importer; npm run token -- --sub import --role importer --municipality <key>)');
  const url = (values.url ?? process.env.IMPORT_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`).replace(/\/$/, '');
  const rate = positive('rate', values.rate, DEFAULT_RATE);
  const dryRun = values['dry-run'] === true;

  const bar = new SingleBar(
    {
      format: `${dryRun ? 'dry run ' : ''}[{bar}] {value}/{total} | done {done} · already {already} · skipped {skipped} · failed {failed} | {rate}/s | left {left}`,
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  const payload = (p: ImportProgress) => {
    const finished = p.imported + p.alreadyImported + p.skipped + p.failed;
    const seconds = (Date.now() - p.startedAt) / 1000;
    const perSecond = seconds > 0 ? finished / seconds : 0;
    return {
      done: p.imported,
      already: p.alreadyImported,
      skipped: p.skipped,
      failed: p.failed,
      rate: perSecond.toFixed(1),
      left: perSecond > 0 ? duration(((p.total - finished) / perSecond) * 1000) : '–',
    };
  };
  let started = false;
  const summary = await runImport({
    file,
    url,
    token,
    dryRun,
    rate,
    ...(values.municipality ? { municipality: values.municipality } : {}),
    ...(values.report ? { report: values.report } : {}),
    concurrency: positive('concurrency', values.concurrency, 4),
    onProgress: (p) => {
      const finished = p.imported + p.alreadyImported + p.skipped + p.failed;
      if (!started) {
        bar.start(p.total, finished, payload(p));
        started = true;
      } else bar.update(finished, payload(p));
    },
  }).catch((err: unknown) => {
    bar.stop();
    if (err instanceof ImportRefused) fail(`the API refused the import: ${err.message}`);
    throw err;
  });
  bar.stop();
  const rate1 = summary.durationMs > 0 ? ((summary.imported + summary.alreadyImported) / (summary.durationMs / 1000)).toFixed(1) : '–';
  console.log(
    [
      `${dryRun ? 'Dry run (nothing started): ' : ''}${summary.total} line(s) in ${duration(summary.durationMs)}, ${rate1} cases/s`,
      `  ${dryRun ? 'would be imported' : 'imported'}: ${summary.imported}`,
      `  already imported (nothing added): ${summary.alreadyImported}`,
      `  skipped, breaking a rule: ${summary.skipped}`,
      `  failed (run again to resume): ${summary.failed}`,
      `Report (line, sourceId, field, problem): ${summary.report}${summary.rows.length === 0 ? ' (no problems)' : ''}`,
    ].join('\n'),
  );
  for (const row of summary.rows.slice(0, 20)) console.log(`  line ${row.line}${row.field ? ` ${row.field}` : ''}: ${row.problem}`);
  if (summary.rows.length > 20) console.log(`  … and ${summary.rows.length - 20} more in the report`);
  if (summary.failed > 0) process.exitCode = 1;
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
