// The worked examples in import/examples/ are dated as if imported on 1 December 2026 at noon (UTC).
// To import them on another day as the same kind of case (still within its appeal period, its
// re-evaluation still overdue), move every date in them by the whole days since.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'import', 'examples');
export const EXAMPLES_DATED_AT = Date.parse('2026-12-01T12:00:00.000Z');
export const EXAMPLE_KINDS = [
  'waiting-for-contact',
  'visit-booked',
  'under-assessment',
  'decided-in-appeal-period',
  're-evaluation-due',
  'with-appeal-body',
  'time-limited-expiring',
] as const;
export type ExampleKind = (typeof EXAMPLE_KINDS)[number];

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z$/;

/** Every date and instant in `value` moved by `days`. */
export function shiftDates<T>(value: T, days: number): T {
  if (typeof value === 'string') {
    if (INSTANT.test(value)) return new Date(Date.parse(value) + days * DAY_MS).toISOString() as T;
    if (DATE.test(value)) return new Date(Date.parse(`${value}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10) as T;
    return value;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => shiftDates(v, days)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, days)])) as T;
  return value;
}

/** The whole days from the examples' date to `now`. */
export function daysSinceExamples(now: number = Date.now()): number {
  return Math.round((now - EXAMPLES_DATED_AT) / DAY_MS);
}

/** The example's one line, dated as if written `now`. */
export function exampleLine(kind: ExampleKind, now: number = Date.now()): Record<string, unknown> {
  const text = readFileSync(join(EXAMPLES_DIR, `${kind}.jsonl`), 'utf8').trim();
  return shiftDates(JSON.parse(text) as Record<string, unknown>, daysSinceExamples(now));
}
