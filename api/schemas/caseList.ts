// `GET /api/cases`: the filters and the page.
import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/case/caseTypes';
import { caseSummarySchema } from './caseSummary';
import { whenPresent } from '../../domain/steps/fields';
import { queryParam } from './common';
import { HOLD_REASONS } from '../../domain/case/holdReasons';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A municipality filter: one of the policy's municipalities; empty means every municipality. */
export function municipalityFilter(municipalities: readonly string[]) {
  return queryParam(
    z.enum(municipalities as [string, ...string[]], { error: whenPresent(`Unknown municipality: use one of ${municipalities.join(', ')}.`) }),
  ).meta({ description: "Only this municipality's cases (its key in the policy file). Empty: every municipality." });
}

export function caseListQuerySchema(municipalities: readonly string[]) {
  return z.object({
    status: queryParam(z.enum(CASE_STATUSES, { error: whenPresent(`Unknown status: use one of ${CASE_STATUSES.join(', ')}.`) })).meta({
      description: 'Only cases in this status. Empty: every status.',
    }),
    municipality: municipalityFilter(municipalities),
    overdue: queryParam(z.enum(['true', 'false'], { error: whenPresent('Must be true or false.') }).transform((value) => value === 'true')).meta({
      description: 'true: only cases where the office is late (contact overdue, re-evaluation due); false: only the others. Empty: both.',
    }),
    limit: queryParam(
      z.coerce
        .number({ error: whenPresent(`Must be a whole number from 1 to ${MAX_PAGE_SIZE}.`) })
        .int({ error: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
        .min(1, { error: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
        .max(MAX_PAGE_SIZE, { error: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.` }),
    ).meta({ description: `How many cases (default ${DEFAULT_PAGE_SIZE}, also when empty).` }),
    assignee: queryParam(
      z
        .string({ error: whenPresent('Use me, none or a person\'s sub.') })
        .regex(/^[\x21-\x7e]{1,200}$/, { error: "Use me, none or a person's sub (1-200 visible characters)." }),
    ).meta({ description: "`me`: the token's own cases; `none`: nobody's; else this person's (their token's `sub`). Empty: anyone's." }),
    onHold: queryParam(z.enum(['true', 'false'], { error: whenPresent('Must be true or false.') }).transform((value) => value === 'true')).meta({
      description: 'true: only cases on hold (POST /api/cases/{id}/hold); false: only the others. Empty: both.',
    }),
    sort: queryParam(z.enum(['deadline'], { error: whenPresent('Use deadline, or leave it out for newest first.') })).meta({
      description: '`deadline`: overdue first, then the nearest running deadline (the work queue). Empty: newest first.',
    }),
    cursor: queryParam(z.string().max(500, { error: 'Not a cursor from this API.' })).meta({ description: 'nextCursor from the previous page. Empty: the first page.' }),
  });
}

/** Why a case is on hold (POST /api/cases/{id}/hold) and since when. */
export const onHoldSchema = z
  .object({
    reason: z.enum(HOLD_REASONS),
    since: z.string().meta({ format: 'date-time' }),
  })
  .nullable()
  .meta({ id: 'OnHold', description: 'Why the case is on hold and since when; null when it is not.' });

export const casePageSchema = z
  .object({
    items: z.array(
      caseSummarySchema.extend({
        assignee: z.string().nullable().meta({ description: "Who works on the case (a token's `sub`); null when nobody has taken it." }),
        nextDeadline: z.string().nullable().meta({ format: 'date-time', description: 'The earliest running deadline; null when none runs.' }),
        onHold: onHoldSchema,
      }),
    ),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .meta({ id: 'CasePage' });
