// The tables in docs/ that restate the code are the code's own: each one in its file is exactly what
// scripts/docs/tables.ts writes from the code now (`npm run docs` rewrites them), and the route table
// names every route of the OpenAPI document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_STEPS } from '../../domain/case/caseRules';
import { STEP_ALLOWED_FROM } from '../../domain/decider';
import { STEP_LEADS_TO } from '../../domain/case/stepLeadsTo';
import { walkCase } from '../../scripts/docs/caseWalk';
import { openApiDocument, type OpenApiDocument } from '../../scripts/docs/openApiDocument';
import { GENERATED_TABLES, routeTable, stepTable, tableIn, timerTable, withTable, type TableName } from '../../scripts/docs/tables';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('the generated tables in docs/', () => {
  let doc: OpenApiDocument;
  const moves = walkCase();
  beforeAll(async () => {
    doc = await openApiDocument();
  });

  const expected = (name: TableName) => (name === 'steps' ? stepTable(doc, moves) : name === 'timers' ? timerTable(moves) : routeTable(doc));

  for (const name of Object.keys(GENERATED_TABLES) as TableName[]) {
    it(`${GENERATED_TABLES[name]}: the ${name} table is what the code says (else run npm run docs)`, () => {
      const inFile = tableIn(read(GENERATED_TABLES[name]), name);
      expect(inFile, `${GENERATED_TABLES[name]} has no generated ${name} table`).toBeDefined();
      expect(inFile).toBe(expected(name));
    });
  }

  it("the step table's statuses are STEP_ALLOWED_FROM's, and the walk took every step from each of them", () => {
    const table = tableIn(read('docs/lifecycle.md'), 'steps')!;
    for (const step of CASE_STEPS) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${step}\` |`));
      expect(row, step).toBeDefined();
      expect(row!.split(' | ')[3]).toBe(STEP_ALLOWED_FROM[step].join(', '));
      const reached = new Set(moves.filter((m) => m.kind === 'step' && m.name === step).map((m) => m.from));
      expect([...reached].sort(), step).toEqual([...STEP_ALLOWED_FROM[step]].sort());
    }
  });

  it("STEP_LEADS_TO (the OpenAPI document's links from a step's answer) is where the walk found each step leads", () => {
    for (const step of CASE_STEPS) {
      const to = new Set(moves.filter((m) => m.kind === 'step' && m.name === step).map((m) => m.to));
      expect([...STEP_LEADS_TO[step]].sort(), step).toEqual([...to].sort());
    }
  });

  it('docs/api.md names every route of the OpenAPI document', () => {
    const api = read('docs/api.md');
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${p}`));
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) expect(api, route).toContain(`\`${route}\``);
  });

  it('a table edited by hand is caught', () => {
    const text = read('docs/lifecycle.md');
    const edited = withTable(text, 'steps', expected('steps').replace('| received | contacted |', '| received, contacted | contacted |'));
    expect(tableIn(edited, 'steps')).not.toBe(expected('steps'));
  });
});
