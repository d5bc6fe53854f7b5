// The zod building blocks of the steps' input schemas (and of the application's, api/schemas/newCase.ts):
// instants, dates, texts, service codes. Each message is the one a 400 answer gives for the field.
import { z } from 'zod';
import { DATE_BOUNDS_MESSAGE, EARLIEST_DATE, LATEST_DATE, withinDateBounds } from '../calendar/dateBounds';
import { SERVICE_CATALOGUE } from '../policy/catalogue';
import { CLOCK_TOLERANCE_MS } from './stepChecks';

export const INSTANT_EXAMPLE = '2026-11-20T09:00:00.000Z';

/** An ISO-8601 instant; `Z` or an offset; from 2000-01-01 to 2199-12-31, the dates a case takes. */
export const instant = z.iso
  .datetime({ offset: true, error: `Must be an ISO-8601 instant such as ${INSTANT_EXAMPLE}.` })
  .refine(withinDateBounds, { error: DATE_BOUNDS_MESSAGE })
  .meta({ examples: [INSTANT_EXAMPLE], description: `From ${EARLIEST_DATE} to ${LATEST_DATE}.` });

/** A date, or an instant when the time of day matters. */
export const dateOrInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: `Must be a date (2026-11-20) or an ISO-8601 instant (${INSTANT_EXAMPLE}).`,
  })
  .refine(withinDateBounds, { error: DATE_BOUNDS_MESSAGE });

/** Text a person wrote: trimmed, not empty, bounded. */
export function text(max: number, what = 'text') {
  return z
    .string({ error: `Must be ${what}.` })
    .trim()
    .min(1, { error: 'Must not be empty.' })
    .max(max, { error: `Must be at most ${max} characters.` })
    // For the OpenAPI document: trimmed, it must not be empty (zod's trim says nothing in JSON Schema).
    .meta({ pattern: '\\S' });
}

/** A zod error message for a value that was given: a missing one is left to `.optional()` or the required message. */
export function whenPresent(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message);
}

/** One of a list of values, naming them when another is given. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: whenPresent(`Must be one of ${values.join(', ')}.`) });
}

/** A step's body: a JSON object with these fields and no others. */
export function stepBody<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, { error: whenPresent('The body must be a JSON object.') });
}

/** Fields a body must have when its outcome is the one named: `Required when the outcome is <outcome>.` */
export function requiredForOutcome(rules: readonly (readonly [outcome: string, field: string])[]) {
  return (body: { outcome: string }, ctx: z.RefinementCtx): void => {
    for (const [outcome, field] of rules) {
      if (body.outcome === outcome && !(body as Record<string, unknown>)[field]) {
        ctx.addIssue({ code: 'custom', path: [field], message: `Required when the outcome is ${outcome}.` });
      }
    }
  };
}

/** A time "now" may be a little ahead of the server's clock (clocks drift): the workflow's own tolerance. */
export const notInFuture = (value: string) => Date.parse(value) <= Date.now() + CLOCK_TOLERANCE_MS;

/** A date may be today somewhere in the world; an instant may lag the server's clock a little. */
export function notInPast(value: string): boolean {
  if (value.length === 10) return value >= new Date(Date.now() - 24 * 3_600_000).toISOString().slice(0, 10);
  return Date.parse(value) >= Date.now() - CLOCK_TOLERANCE_MS;
}

const SERVICE_CODES = SERVICE_CATALOGUE.map((s) => s.code);

export const serviceCodeSchema = z
  .enum(SERVICE_CODES as [string, ...string[]], {
    error: whenPresent('Unknown service code: GET /api/services lists the codes.'),
  })
  .meta({ id: 'ServiceCode', description: 'A code from the service catalogue (GET /api/services).' });

export const servicesSchema = z
  .array(serviceCodeSchema, { error: whenPresent('Must be a list of service codes.') })
  .min(1, { error: 'List at least one service: GET /api/services lists the codes.' })
  .max(SERVICE_CODES.length, { error: 'Lists more services than the catalogue has.' })
  // The duplicate check below, as JSON Schema says it.
  .meta({ uniqueItems: true })
  .superRefine((codes, ctx) => {
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${code} is listed twice.` });
    });
  });
