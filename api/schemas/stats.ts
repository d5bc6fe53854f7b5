// `GET /api/stats`: figures for managers.
import { z } from 'zod';
import { APPEAL_BODY_OUTCOMES, CASE_STATUSES, RECONSIDERATION_OUTCOMES } from '../../domain/case/caseTypes';
import { municipalityFilter } from './caseList';

export function statsQuerySchema(municipalities: readonly string[]) {
  return z.object({ municipality: municipalityFilter(municipalities) });
}

const OPEN_STATUSES = CASE_STATUSES.filter((status) => status !== 'closed');
const count = z.number().int().min(0);
const counts = (keys: readonly string[]) => z.object(Object.fromEntries(keys.map((k) => [k, count])));

export const statsSchema = z
  .object({
    municipality: z.string().nullable().meta({ description: "The filter, or null for all of the token's municipalities." }),
    openCases: z.object({ total: count, byStatus: counts(OPEN_STATUSES) }),
    closedCases: count,
    overdueCases: count.meta({ description: 'Open cases where the office is late: contact overdue or a re-evaluation due.' }),
    provisionalRepliesSent: count.meta({ description: 'Provisional replies (foreløpig svar) sent, by the office or on their own.' }),
    appeals: z.object({
      received: count,
      reconsideration: counts(RECONSIDERATION_OUTCOMES).meta({ description: "The office's reconsideration of its own decision, by outcome." }),
      appealBody: counts(APPEAL_BODY_OUTCOMES).meta({ description: "The appeal body's ruling, by outcome." }),
    }),
    processingTimeDays: z
      .object({ decidedCases: count, median: z.number().nullable(), p90: z.number().nullable() })
      .meta({ description: 'Days from receipt to the first decision: the median and the 90th percentile (null before any decision).' }),
  })
  .meta({ id: 'Stats' });

export function monthlyStatsQuerySchema(municipalities: readonly string[]) {
  return z.object({
    municipality: municipalityFilter(municipalities),
    months: z.coerce
      .number({ error: 'Must be a whole number from 1 to 36.' })
      .int({ error: 'Must be a whole number from 1 to 36.' })
      .min(1, { error: 'Must be a whole number from 1 to 36.' })
      .max(36, { error: 'Must be a whole number from 1 to 36.' })
      .optional()
      .meta({ description: 'How many calendar months, up to and including this one (default 12).' }),
  });
}

const days = z.number().nullable();

export const monthlyStatsSchema = z
  .object({
    municipality: z.string().nullable().meta({ description: "The filter, or null for all of the token's municipalities." }),
    months: z.array(
      z.object({
        month: z.string().meta({ description: 'YYYY-MM, the calendar month in Oslo.', examples: ['2026-11'] }),
        provisionalReplies: z
          .object({ sent: count, onTime: count })
          .meta({
            description:
              "Provisional replies (foreløpig svar) sent in the month, and how many went out by the date they were owed: the municipality's period from the receipt of the application (or of the appeal, or from the quash). A reply because the date the last one gave passed undecided is never on time.",
          }),
        decisions: z
          .object({ count, medianDays: days, meanDays: days })
          .meta({ description: 'First decisions made in the month, and the days from receipt to each (median and mean, one decimal; null in a month with none).' }),
        appeals: z.object({
          received: count,
          reconsideration: counts(RECONSIDERATION_OUTCOMES),
          appealBody: counts(APPEAL_BODY_OUTCOMES),
        }),
      }),
    ),
  })
  .meta({ id: 'MonthlyStats' });
