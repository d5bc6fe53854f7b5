// The tables in docs/ that restate the code, written from the code: the steps (docs/lifecycle.md),
// the timers (docs/lifecycle.md) and the routes (docs/api.md). Each sits between two markers,
// `<!-- generated:<name> -->` and `<!-- /generated:<name> -->`; `npm run docs` rewrites them and
// test/docs/tables.test.ts fails when one differs from what the code says now.
import { CASE_STEPS, stepRoute } from '../../domain/case/caseRules';
import { STEP_ALLOWED_FROM } from '../../domain/decider';
import { CASE_STATUSES, type CaseStatus } from '../../domain/case/caseTypes';
import { walkCase, type Move } from './caseWalk';
import { openApiDocument, operationsOf, type JsonSchema, type OpenApiDocument, type OpenApiOperation } from './openApiDocument';

export const GENERATED_TABLES = {
  steps: 'docs/lifecycle.md',
  timers: 'docs/lifecycle.md',
  routes: 'docs/api.md',
} as const;
export type TableName = keyof typeof GENERATED_TABLES;

function byStatusOrder(statuses: Iterable<CaseStatus>): CaseStatus[] {
  const set = new Set(statuses);
  return CASE_STATUSES.filter((s) => set.has(s));
}

/** Where a group of moves leads: `unchanged` when each left the status as it was, else the statuses. */
function leadsTo(moves: readonly Move[]): string {
  if (moves.every((m) => m.to === m.from)) return 'unchanged';
  return byStatusOrder(moves.map((m) => m.to)).join(' or ');
}

/** Per outcome where it has them (`reversed` → decided; …), or one answer when every outcome leads to the same. */
function outcomes(moves: readonly Move[]): string {
  const groups = new Map<string, Move[]>();
  for (const move of moves) groups.set(move.outcome ?? '', [...(groups.get(move.outcome ?? '') ?? []), move]);
  const each = [...groups].map(([outcome, group]) => ({ outcome, to: leadsTo(group) }));
  if (new Set(each.map((e) => e.to)).size === 1) return each[0]!.to;
  return each.map(({ outcome, to }) => `\`${outcome}\` → ${to}`).join('; ');
}

function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  const ref = schema?.$ref?.replace('#/components/schemas/', '');
  return ref ? doc.components.schemas[ref] : schema;
}

/** `{ outcome, services, justification, deliveredAt? }`: a body's fields, `?` after an optional one. */
function bodyFields(doc: OpenApiDocument, path: string): string {
  const body = resolve(doc, doc.paths[path]?.post?.requestBody?.content?.['application/json']?.schema);
  const fields = Object.keys(body?.properties ?? {});
  if (fields.length === 0) return '';
  const required = new Set(body?.required ?? []);
  return `\`{ ${fields.map((f) => (required.has(f) ? f : `${f}?`)).join(', ')} }\``;
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function stepTable(doc: OpenApiDocument, moves: readonly Move[] = walkCase()): string {
  const rows = CASE_STEPS.map((step) => {
    const route = stepRoute(step);
    const path = `/api/cases/{id}/${route.path}`;
    if (!doc.paths[path]?.[route.method]) throw new Error(`The OpenAPI document has no ${route.method.toUpperCase()} ${path} for the step ${step}`);
    const mine = moves.filter((m) => m.kind === 'step' && m.name === step);
    if (mine.length === 0) throw new Error(`The walk through the decider never took the step ${step}`);
    return [`\`${step}\``, `\`${route.method.toUpperCase()} ${path}\``, route.method === 'post' ? bodyFields(doc, path) : '', STEP_ALLOWED_FROM[step].join(', '), outcomes(mine)];
  });
  return table(['step', 'route', 'body', 'allowed from', 'leads to'], rows);
}

export function timerTable(moves: readonly Move[] = walkCase()): string {
  const timers = moves.filter((m) => m.kind === 'timer');
  // In the order of the statuses they first fire in, so a change elsewhere in the walk does not reorder them.
  const rank = (name: string) => Math.min(...timers.filter((m) => m.name === name).map((m) => CASE_STATUSES.indexOf(m.from)));
  const names = [...new Set(timers.map((m) => m.name))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rows = names.map((name) => {
    const mine = timers.filter((m) => m.name === name);
    return [`\`${name}\``, byStatusOrder(mine.map((m) => m.from)).join(', '), leadsTo(mine)];
  });
  return table(['timer', 'fires in', 'leads to'], rows);
}

export function routeTable(doc: OpenApiDocument): string {
  const rows = operationsOf(doc).map(({ method, path, operation }) => {
    const roles = (operation as OpenApiOperation & { 'x-roles'?: string[] })['x-roles'] ?? [];
    return [
      `\`${method.toUpperCase()} ${path}\``,
      operation.summary ?? '',
      roles.length > 0 ? roles.map((r) => `\`${r}\``).join(', ') : 'open',
      Object.keys(operation.responses).join(', '),
    ];
  });
  return table(['route', 'what', 'roles', 'answers'], rows);
}

/** Every generated table, as the code says it now. */
export async function generatedTables(): Promise<Record<TableName, string>> {
  const doc = await openApiDocument();
  const moves = walkCase();
  return { steps: stepTable(doc, moves), timers: timerTable(moves), routes: routeTable(doc) };
}

function markers(name: TableName): [string, string] {
  return [`<!-- generated:${name} (npm run docs) -->`, `<!-- /generated:${name} -->`];
}

/** The table between the markers, or undefined when the file has none. */
export function tableIn(text: string, name: TableName): string | undefined {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) return undefined;
  return text.slice(start + open.length, end).trim();
}

/** The file with the table between its markers replaced. */
export function withTable(text: string, name: TableName, tableText: string): string {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`${GENERATED_TABLES[name]} has no ${open} … ${close}`);
  return `${text.slice(0, start + open.length)}\n${tableText}\n${text.slice(end)}`;
}
