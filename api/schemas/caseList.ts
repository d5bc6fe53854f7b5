// `GET /api/cases`: the filters and the page.
import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/caseTypes';
import { caseSummarySchema } from './caseSummary';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

function whenPresent(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message);
}

/** A municipality filter: one of the policy's municipalities. */
export function municipalityFilter(municipalities: readonly string[]) {
  return z
    .enum(municipalities as [string, ...string[]], { error: whenPresent(`Unknown municipality: use one of ${municipalities.join(', ')}.`) })
    .optional()
    .meta({ description: "Only this municipality's cases (its key in the policy file)." });
}

export function caseListQuerySchema(municipalities: readonly string[]) {
  return z.object({
    status: z
      .enum(CASE_STATUSES, { error: whenPresent(`Unknown status: use one of ${CASE_STATUSES.join(', ')}.`) })
      .optional()
      .meta({ description: 'Only cases in this status.' }),
    municipality: municipalityFilter(municipalities),
    overdue: z
      .enum(['true', 'false'], { error: whenPresent('Must be true or false.') })
      .transform((value) => value === 'true')
      .optional()
      .meta({ description: 'true: only cases where the office is late (contact overdue, re-evaluation due); false: only the others.' }),
    limit: z.coerce
      .number({ error: whenPresent(`Must be a whole number from 1 to ${MAX_PAGE_SIZE}.`) })
      .int({ error: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
      .min(1, { error: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
      .max(MAX_PAGE_SIZE, { error: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
      .optional()
      .meta({ description: `How many cases (default ${DEFAULT_PAGE_SIZE}).` }),
    cursor: z.string().max(500, { error: 'Not a cursor from this API.' }).optional().meta({ description: 'nextCursor from the previous page.' }),
  });
}

export const casePageSchema = z
  .object({
    items: z.array(caseSummarySchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .meta({ id: 'CasePage' });
