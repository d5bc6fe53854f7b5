// `npm run import` against the real stack (API, Temporal dev server, a real Worker, PostgreSQL): a file
// with every worked example and the bad lines an old system's export holds. The dry run starts nothing
// and reports each bad line with its number and field; the import takes the good lines and skips the
// bad; a second run (the CLI itself, as an office runs it) adds nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_KINDS, exampleLine } from '../../scripts/import/exampleDates';
import { runImport } from '../../scripts/import/runImport';
import { startApiStack, type ApiStack } from '../api/support/apiStack';

let stack: ApiStack;
let token: string;
let dir: string;
let file: string;
const run = randomUUID().slice(0, 8);

/** The lines of the file, 1-based as the report numbers them. */
const lines: string[] = [];
const good = EXAMPLE_KINDS.map((kind) => ({ ...exampleLine(kind), sourceId: `${kind}-${run}` }));

beforeAll(async () => {
  stack = await startApiStack();
  token = await stack.issuer.tokenFor(['importer'], ['namsos'], 'import-cli');
  dir = mkdtempSync(path.join(os.tmpdir(), 'import-'));
  file = path.join(dir, 'cases.jsonl');
  const decided = good[3] as Record<string, any>;
  lines.push(...good.map((l) => JSON.stringify(l))); // lines 1–7
  lines.push('{"municipality": "namsos", "sourceId": "broken'); // 8: not JSON
  lines.push(JSON.stringify({ ...decided, sourceId: `unknown-service-${run}`, services: ['home_nursing', 'teleportation'] })); // 9
  lines.push(JSON.stringify({ ...decided, sourceId: `decided-first-${run}`, receivedAt: new Date(Date.parse(decided.steps.decision.decidedAt) + 86_400_000).toISOString() })); // 10
  lines.push(JSON.stringify({ ...decided, sourceId: `contradiction-${run}`, status: 'with_appeal_body' })); // 11
  lines.push(JSON.stringify({ ...good[0], applicant: { ...(good[0] as any).applicant, name: 'Another Person' } })); // 12: sourceId of line 1 again
  writeFileSync(file, `${lines.join('\n')}\n`);
});

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const imported = async () => (await stack.db('cases').whereNotNull('source_id').where('source_id', 'like', `%${run}`).select('source_id')).map((r) => r.source_id as string);

const BAD_LINES = [
  { line: 8, field: '', problem: expect.stringMatching(/^Not JSON/) },
  { line: 9, field: 'services[1]', problem: expect.stringMatching(/Unknown service code/) },
  { line: 10, field: 'steps.contact.at', problem: expect.stringMatching(/before the application was received/) },
  { line: 11, field: 'status', problem: expect.stringMatching(/make the case decided, not with_appeal_body/) },
  { line: 12, field: 'sourceId', problem: expect.stringMatching(/on line 1 too/) },
];

describe('npm run import', () => {
  it('--dry-run checks every line, reports the bad ones with line and field, and starts nothing', { timeout: 120_000 }, async () => {
    const summary = await runImport({ file, url: stack.url, token, dryRun: true, rate: 50 });
    expect(summary).toMatchObject({ total: 12, imported: 7, alreadyImported: 0, skipped: 5, failed: 0, dryRun: true });
    expect(summary.rows.filter((r) => r.line !== 10 || r.field === 'steps.contact.at')).toEqual(BAD_LINES.map((b) => expect.objectContaining(b)));
    // Line 10's other dates are reported too: every field that breaks the rule.
    expect(summary.rows.filter((r) => r.line === 10).map((r) => r.field)).toEqual(expect.arrayContaining(['steps.decision.decidedAt', 'steps.decision.deliveredAt']));
    expect(await imported()).toEqual([]);
    const csv = readFileSync(summary.report, 'utf8').split('\n');
    expect(csv[0]).toBe('line,sourceId,field,problem');
    expect(csv.some((row) => row.startsWith(`9,unknown-service-${run},services[1],`))).toBe(true);
  });

  it('imports the good lines, skips the bad, and a second run of the CLI adds nothing', { timeout: 180_000 }, async () => {
    const summary = await runImport({ file, url: stack.url, token, rate: 20 });
    expect(summary).toMatchObject({ total: 12, imported: 7, alreadyImported: 0, skipped: 5, failed: 0 });
    expect((await imported()).sort()).toEqual(good.map((l) => l.sourceId).sort());

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/import/main.ts', file, '--url', stack.url, '--rate', '50'], {
      env: { ...process.env, IMPORT_TOKEN: token },
      cwd: path.resolve(__dirname, '..', '..'),
      timeout: 120_000,
    });
    expect(stdout).toContain('imported: 0');
    expect(stdout).toContain('already imported (nothing added): 7');
    expect(stdout).toContain('skipped, breaking a rule: 5');
    expect(stdout).toMatch(/line 9 services\[1\]: Unknown service code/);
    expect((await imported()).length).toBe(7);
  });

  it('--municipality takes only that municipality\'s lines', { timeout: 60_000 }, async () => {
    const summary = await runImport({ file, url: stack.url, token, dryRun: true, rate: 50, municipality: 'luroy' });
    expect(summary.imported + summary.alreadyImported).toBe(0);
    // Every line that names namsos and is otherwise well-formed (the seven examples and lines 10–12; line 9's unknown service is reported first).
    expect(summary.rows.filter((r) => r.field === 'municipality').map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 10, 11, 12]);
  });
});
