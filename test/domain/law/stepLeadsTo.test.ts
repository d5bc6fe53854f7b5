// Where each step takes a case, as the OpenAPI document's links say (STEP_LEADS_TO), against the step
// table of docs/lifecycle.md. That table is written from the decider itself, by a walk that tries every
// step with each of its outcomes on every state a case can reach (scripts/docs/caseWalk.ts, 24 s), and
// test/docs/tables.test.ts keeps it so; reading it here is fast enough for the mutation run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CASE_STEPS } from '../../../domain/case/caseRules';
import { CASE_STATUSES, type CaseStatus } from '../../../domain/case/caseTypes';

const lifecycle = readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'lifecycle.md'), 'utf8');
const stepRows = lifecycle.slice(lifecycle.indexOf('<!-- generated:steps'), lifecycle.indexOf('<!-- /generated:steps')).split('\n');

/** The statuses a step leads to by the table: those its "leads to" names, and where a step (or an outcome) leaves the case as it was, the statuses it is allowed from. */
function leadsToByTable(step: string): CaseStatus[] {
  const row = stepRows.find((line) => line.startsWith(`| \`${step}\` |`));
  if (!row) throw new Error(`docs/lifecycle.md has no row for ${step}`);
  const cells = row.split(' | ');
  const words = (cell: string) => cell.replace(/[|`,→;]/g, ' ').split(/\s+/);
  const named = words(cells[4]!).filter((w): w is CaseStatus => (CASE_STATUSES as readonly string[]).includes(w));
  const unchanged = words(cells[4]!).includes('unchanged') ? words(cells[3]!).filter((w): w is CaseStatus => (CASE_STATUSES as readonly string[]).includes(w)) : [];
  return [...new Set([...named, ...unchanged])].sort();
}

// The table is loaded afresh inside each test: it is built while its module loads, and only code run
// during a test is seen by the mutation run (Stryker's vitest runner) as checked by that test.
async function stepLeadsTo() {
  return import('../../../domain/case/stepLeadsTo.js');
}

describe('where each step leads (the links of the OpenAPI document)', () => {
  beforeEach(() => {
    vi.resetModules();
  });

  it('a case just registered is received', async () => {
    const { REGISTERED_STATUS } = await stepLeadsTo();
    expect(REGISTERED_STATUS).toBe('received');
  });

  for (const step of CASE_STEPS) {
    it(`${step}: the statuses the lifecycle table says it leads to`, async () => {
      const { STEP_LEADS_TO } = await stepLeadsTo();
      const expected = leadsToByTable(step);
      expect(expected.length, step).toBeGreaterThan(0);
      expect([...STEP_LEADS_TO[step]].sort(), step).toEqual(expected);
    });
  }
});
