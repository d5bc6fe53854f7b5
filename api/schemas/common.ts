// Building blocks the API's request and response schemas share: ids, headers, query parameters, the error
// body. Instants, dates and texts are the steps' (domain/steps/fields.ts), so the API and the domain say the same.
import { z } from 'zod';
import { ERROR_CODES } from '../errors';

/**
 * A UUID in any case of letters, as the lower-case form the API gives out and keys everything by
 * (the workflow id, the access log): `7D0B…` and `7d0b…` name the same case.
 */
export function uuidInAnyCase(params?: Parameters<typeof z.guid>[0]) {
  return z.guid(params).transform((id) => id.toLowerCase());
}

/** The case id in a path: a UUID, in any case of letters. Anything else names no case (404). */
export const caseIdParam = uuidInAnyCase().meta({ description: 'The case id (a UUID, as returned by POST /api/cases; upper-case letters name the same case).' });

export const caseParams = z.object({ id: caseIdParam });

/** `Idempotency-Key`: a retried request with the same key gets the first one's answer and starts nothing new. */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, { error: 'Must be 1 to 200 visible ASCII characters, e.g. a UUID.' })
  .meta({ description: 'Makes a retried request return the first one\'s answer and start nothing new. Any 1–200 visible ASCII characters; a UUID is a good choice.' });

export const fieldProblemSchema = z
  .object({
    field: z.string().meta({ description: 'The field, as a path into the request: `applicant.nationalId`, `services[1]`, or a header name.' }),
    message: z.string(),
  })
  .meta({ id: 'FieldProblem' });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().meta({ description: 'What went wrong, in words a person can act on.' }),
      details: z.array(fieldProblemSchema).optional().meta({ description: 'Each field that breaks a rule (validation_failed only).' }),
      caseId: z
        .uuid()
        .optional()
        .meta({
          description:
            'On a 503 from POST /api/cases: the application is stored as this case, and its workflow starts on its own within a minute of Temporal\'s return. Follow it at /api/cases/{caseId} (also in Location) instead of sending it again.',
        }),
    }),
  })
  .meta({ id: 'Error' });

/**
 * A query parameter that may be sent empty (`?status=`): the empty value is declared (so the OpenAPI
 * document admits it) and means "not given". The one definition both validates and documents it.
 */
export function queryParam<T extends z.ZodType>(inner: T) {
  return z
    .union([z.literal('').transform(() => undefined), inner], {
      // The inner schema's own words ("Unknown status: use one of …"), not a generic union message.
      error: (issue) => {
        const errors = (issue as { errors?: { message?: string }[][] }).errors;
        return errors?.[1]?.[0]?.message;
      },
    })
    .optional();
}
