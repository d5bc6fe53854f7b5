// `GET /api/access-log`: the filters and the page.
import { z } from 'zod';
import { ROLES } from '../auth/roles';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './caseList';
import { instant, whenPresent } from '../../domain/steps/fields';
import { queryParam, uuidInAnyCase } from './common';

const limitMessage = `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.`;

// Strict: a misspelt `caseid=` must not quietly answer with every row.
export const accessLogQuerySchema = z.strictObject({
  caseId: queryParam(uuidInAnyCase({ error: whenPresent('Must be a case id (a UUID).') })).meta({ description: 'Only rows for this case: "who read my case?".' }),
  actor: queryParam(z.string().regex(/^[\x21-\x7e]{1,200}$/, { error: 'Must be a token subject: 1 to 200 visible ASCII characters.' })).meta({ description: "Only what this actor (a token's `sub`) was shown." }),
  from: queryParam(instant).meta({ description: 'Only rows at or after this instant.' }),
  to: queryParam(instant).meta({ description: 'Only rows before this instant.' }),
  limit: queryParam(
    z.coerce
      .number({ error: whenPresent(limitMessage) })
      .int({ error: limitMessage })
      .min(1, { error: limitMessage })
      .max(MAX_PAGE_SIZE, { error: limitMessage }),
  ).meta({ description: `How many rows (default ${DEFAULT_PAGE_SIZE}).` }),
  cursor: queryParam(z.string().max(500, { error: 'Not a cursor from this API.' })).meta({ description: 'nextCursor from the previous page.' }),
});

export const accessLogItemSchema = z
  .object({
    at: z.string().meta({ format: 'date-time' }),
    actor: z.string().meta({ description: "The token's `sub`." }),
    role: z.enum(ROLES).meta({ description: 'The role the answer was given in.' }),
    municipality: z.string().nullable().meta({ description: "The case's municipality; for a list, the one it covered, or null for several." }),
    caseId: z.string().meta({ format: 'uuid' }).nullable().meta({ description: 'The case shown; null for a list.' }),
    action: z.string().meta({
      description:
        'What was shown: `case.register`, `case.view`, `case.events`, `case.letters`, `case.letter_pdf`, `case.step.<step>` (the answer to a step), `cases.list`, `codec.decode` (payloads shown in clear to the Web UI or the CLI).',
    }),
    reason: z.string().nullable().meta({ description: 'The X-Access-Reason header of the request, if any.' }),
  })
  .meta({ id: 'AccessLogItem' });

export const accessLogPageSchema = z
  .object({
    items: z.array(accessLogItemSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .meta({ id: 'AccessLogPage' });
