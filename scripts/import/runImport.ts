// The import run: reads a JSON Lines file of the office's open cases, checks each line's form here
// (JSON, the import format, a sourceId twice in the file), and sends each good line to
// `POST /api/imports/cases` at a settable rate, so the office's API keeps answering. The server checks
// the rest (the dates against the rules, a status that contradicts its steps, a sourceId already
// imported). A bad line is reported (line, field, problem) and skipped; the rest go on. Nothing is
// remembered between runs: the server's unique sourceId makes a second run add nothing.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { caseImportSchema } from '../../api/schemas/caseImport';
import { toFieldProblems } from '../../api/validation';

export interface ImportOptions {
  file: string;
  /** The API, e.g. http://127.0.0.1:3000. */
  url: string;
  /** A bearer token with the role `importer` in the file's municipalities. */
  token: string;
  dryRun?: boolean;
  /** Cases a second (default DEFAULT_RATE). */
  rate?: number;
  /** Only this municipality's lines; a line without one is taken as this one's. */
  municipality?: string;
  /** Where the report goes (CSV: line, sourceId, field, problem). Default `<file>.report.csv`. */
  report?: string;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Told of every finished line (the progress bar). */
  onProgress?: (progress: ImportProgress) => void;
  /** Told of each case imported now: its id here and its line in the file (the bench follows them). */
  onImported?: (caseId: string, line: number) => void;
  /** How long to wait before retrying an unavailable API; tests shorten it. */
  retryBaseMs?: number;
}

export interface ImportProgress {
  total: number;
  /** Imported now (or, on a dry run, would be). */
  imported: number;
  /** Already imported by an earlier run: nothing added. */
  alreadyImported: number;
  /** Lines that break a rule: reported and skipped. */
  skipped: number;
  /** Lines the API could not take (unavailable after retries, or another error): run again to resume. */
  failed: number;
  startedAt: number;
}

export interface ReportRow {
  line: number;
  sourceId: string | null;
  field: string;
  problem: string;
}

export interface ImportSummary extends ImportProgress {
  durationMs: number;
  report: string;
  rows: ReportRow[];
  dryRun: boolean;
}

/** Cases a second by default: well under the API's per-token limit (RATE_LIMIT_PER_MINUTE, 1200) and a worker's pace. */
export const DEFAULT_RATE = 10;
const DEFAULT_CONCURRENCY = 4;
const MAX_ATTEMPTS = 6;

const formSchema = caseImportSchema();

/** The lines of the file, numbered from 1; blank lines are passed over. */
async function* linesOf(file: string): AsyncGenerator<{ n: number; text: string }> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (text.trim() !== '') yield { n, text };
  }
}

async function countLines(file: string): Promise<number> {
  let count = 0;
  for await (const _line of linesOf(file)) count++;
  return count;
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Spaces requests `1000 / rate` ms apart, whatever the concurrency. */
function pacer(rate: number): () => Promise<void> {
  const gap = 1000 / rate;
  let next = Date.now();
  return async () => {
    const at = Math.max(next, Date.now());
    next = at + gap;
    const wait = at - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
}

type Outcome = { kind: 'imported' | 'alreadyImported'; caseId?: string } | { kind: 'skipped'; rows: Omit<ReportRow, 'line' | 'sourceId'>[] } | { kind: 'failed'; problem: string };

/** Sends one line; retries what may be retried (429 after its Retry-After, 503 and a lost connection with backoff). */
async function send(opts: ImportOptions, body: unknown, pace: () => Promise<void>): Promise<Outcome> {
  const base = opts.retryBaseMs ?? 1_000;
  let last = '';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    await pace();
    let res: Response;
    try {
      res = await fetch(`${opts.url}/api/imports/cases${opts.dryRun ? '?dryRun=true' : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      last = `the API did not answer (${err instanceof Error ? err.message : String(err)})`;
      await new Promise((r) => setTimeout(r, base * 2 ** (attempt - 1)));
      continue;
    }
    const answer = (await res.json().catch(() => ({}))) as { created?: boolean; caseId?: string | null; error?: { code: string; message: string; details?: { field: string; message: string }[] } };
    if (res.status === 201 || (res.status === 200 && opts.dryRun && !answer.caseId)) return { kind: 'imported', ...(answer.caseId ? { caseId: answer.caseId } : {}) };
    if (res.status === 200) return { kind: 'alreadyImported' };
    if (res.status === 400) {
      const details = answer.error?.details ?? [];
      return { kind: 'skipped', rows: details.length ? details.map((d) => ({ field: d.field, problem: d.message })) : [{ field: '', problem: answer.error?.message ?? 'refused' }] };
    }
    if (res.status === 401 || res.status === 403) {
      // Every line would be refused alike: stop instead of failing them one by one.
      throw new ImportRefused(`${res.status} ${answer.error?.code ?? ''}: ${answer.error?.message ?? ''} (the token needs the role importer in the file's municipalities)`);
    }
    last = `${res.status} ${answer.error?.code ?? ''}: ${answer.error?.message ?? ''}`.trim();
    if (res.status === 429) {
      const after = Number(res.headers.get('retry-after') ?? '1');
      await new Promise((r) => setTimeout(r, (Number.isFinite(after) ? after : 1) * 1000));
      attempt--; // the limit asked us to wait: not a failed attempt
      continue;
    }
    if (res.status === 503 || res.status >= 500) {
      await new Promise((r) => setTimeout(r, base * 2 ** (attempt - 1)));
      continue;
    }
    return { kind: 'failed', problem: last };
  }
  return { kind: 'failed', problem: `gave up after ${MAX_ATTEMPTS} attempts: ${last}` };
}

export class ImportRefused extends Error {}

/** Runs the import; resolves with the summary once every line is done and the report is written. */
export async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const reportPath = opts.report ?? `${opts.file}.report.csv`;
  const report: WriteStream = createWriteStream(reportPath, { encoding: 'utf8', mode: 0o600 });
  report.write('line,sourceId,field,problem\n');
  const rows: ReportRow[] = [];
  const addRow = (row: ReportRow) => {
    rows.push(row);
    report.write(`${[row.line, row.sourceId, row.field, row.problem].map(csvCell).join(',')}\n`);
  };
  const progress: ImportProgress = { total: await countLines(opts.file), imported: 0, alreadyImported: 0, skipped: 0, failed: 0, startedAt: Date.now() };
  const tell = () => opts.onProgress?.({ ...progress });
  const pace = pacer(opts.rate ?? DEFAULT_RATE);
  const seen = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  let refused: unknown;
  try {
    for await (const { n, text } of linesOf(opts.file)) {
      if (refused) break;
      const skip = (sourceId: string | null, problems: { field: string; problem: string }[]) => {
        for (const p of problems) addRow({ line: n, sourceId, ...p });
        progress.skipped++;
        tell();
      };
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        skip(null, [{ field: '', problem: `Not JSON: ${err instanceof Error ? err.message : String(err)}. Each line must be one case as a JSON object.` }]);
        continue;
      }
      if (opts.municipality && json && typeof json === 'object' && !Array.isArray(json)) {
        const line = json as Record<string, unknown>;
        if (line.municipality === undefined) line.municipality = opts.municipality;
      }
      const parsed = formSchema.safeParse(json);
      const sourceId = json && typeof json === 'object' && typeof (json as { sourceId?: unknown }).sourceId === 'string' ? ((json as { sourceId: string }).sourceId) : null;
      if (!parsed.success) {
        skip(sourceId, toFieldProblems(parsed.error).map((p) => ({ field: p.field, problem: p.message })));
        continue;
      }
      const line = parsed.data;
      if (opts.municipality && line.municipality !== opts.municipality) {
        skip(line.sourceId, [{ field: 'municipality', problem: `${line.municipality}: this run imports ${opts.municipality} only (--municipality).` }]);
        continue;
      }
      const key = `${line.municipality}\u0000${line.sourceId}`;
      const first = seen.get(key);
      if (first !== undefined) {
        skip(line.sourceId, [{ field: 'sourceId', problem: `${line.sourceId} is on line ${first} too: each case once (sourceId is unique per municipality).` }]);
        continue;
      }
      seen.set(key, n);
      // Sent as the file has it: the server parses it with the same schema and the policy's municipalities.
      const task = send(opts, json, pace).then(
        (outcome) => {
          if (outcome.kind === 'imported') {
            progress.imported++;
            if (outcome.caseId) opts.onImported?.(outcome.caseId, n);
          }
          else if (outcome.kind === 'alreadyImported') progress.alreadyImported++;
          else if (outcome.kind === 'skipped') {
            for (const r of outcome.rows) addRow({ line: n, sourceId: line.sourceId, ...r });
            progress.skipped++;
          } else if (outcome.kind === 'failed') {
            addRow({ line: n, sourceId: line.sourceId, field: '', problem: `Not imported: ${outcome.problem}. Run the import again to resume.` });
            progress.failed++;
          }
          tell();
        },
        (err: unknown) => {
          refused ??= err;
        },
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await new Promise<void>((resolve) => report.end(resolve));
  }
  if (refused) throw refused;
  // The report file is written as lines finish; the summary lists them in the file's order.
  rows.sort((a, b) => a.line - b.line);
  return { ...progress, durationMs: Date.now() - progress.startedAt, report: reportPath, rows, dryRun: opts.dryRun === true };
}
