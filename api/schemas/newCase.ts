// An application (søknad) as a caseworker's system registers it: `POST /api/cases`.
// Personal data (applicant, consent, description) goes to PostgreSQL only, never to Temporal.
import { z } from 'zod';
import { CHANNELS } from '../../domain/case/caseTypes';
import { validateNationalId } from '../../domain/people/nationalId';
import { emailSchema, phoneSchema, representativeSchema } from '../../domain/steps/representative';
import { dateOrInstant, instant, notInFuture, servicesSchema, text, whenPresent } from '../../domain/steps/fields';

export const CONSENT_GIVERS = ['applicant', 'relative', 'guardian'] as const;

export const nationalIdSchema = z
  .string({ error: whenPresent('Must be text: 11 digits.') })
  .transform((value) => value.replace(/\s+/g, ''))
  .superRefine((value, ctx) => {
    const result = validateNationalId(value);
    // The reason never echoes the number: error bodies and logs must not carry it.
    if (!result.valid) ctx.addIssue({ code: 'custom', message: `Not a valid fødselsnummer or D-number: ${result.reason}.` });
  })
  .meta({
    description: 'Fødselsnummer or D-number: 11 digits with valid check digits (spaces are ignored).',
    examples: ['01010150019'],
    // As much of the rule as JSON Schema can say; the check digits and the date in it it cannot.
    pattern: '^\\s*(?:[0-9]\\s*){11}$',
  });

export const applicantSchema = z
  .strictObject(
    {
      nationalId: nationalIdSchema,
      name: text(200, "the applicant's name"),
      phone: phoneSchema.optional(),
      email: emailSchema.optional(),
      address: text(500, 'a postal address').optional(),
    },
    { error: whenPresent('Must be an object with nationalId and name.') },
  )
  .meta({ id: 'Applicant', description: 'Who applies. Personal data: kept in PostgreSQL only, never in Temporal.' });

export const consentSchema = z
  .strictObject(
    {
      givenBy: z.enum(CONSENT_GIVERS, { error: whenPresent(`Must be one of ${CONSENT_GIVERS.join(', ')}.`) }),
      name: text(200, 'the name of the person who gave consent'),
      // A date names a whole day: it may already be today somewhere in the world, so allow one day ahead.
      givenAt: dateOrInstant.refine((value) => Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) <= Date.now() + 24 * 3_600_000, {
        error: 'Must not be in the future.',
      }),
    },
    {
      error: (issue) =>
        issue.input === undefined
          ? 'Informed consent is required: who gave it (applicant, relative or guardian), their name and the date.'
          : 'Must be an object with givenBy, name and givenAt.',
    },
  )
  .meta({ id: 'Consent', description: 'Informed consent to process the application (samtykke). Without it the application is refused.' });

/** The body of `POST /api/cases`; the municipalities are the policy's, so the schema is built per policy. */
export function newCaseSchema(municipalities: readonly string[]) {
  return z.strictObject(
    {
      municipality: z
        .enum(municipalities as [string, ...string[]], {
          error: whenPresent(`Unknown municipality: use one of ${municipalities.join(', ')}.`),
        })
        .meta({ description: "The municipality's key in the policy file." }),
      applicant: applicantSchema,
      services: servicesSchema,
      channel: z.enum(CHANNELS, { error: whenPresent(`Must be one of ${CHANNELS.join(', ')}.`) }),
      consent: consentSchema,
      receivedAt: instant
        .refine(notInFuture, { error: 'Must not be in the future.' })
        .optional()
        .meta({ description: 'When the application came in (a paper form: the date stamped on it). Defaults to now.' }),
      representative: representativeSchema
        .optional()
        .meta({ description: 'A guardian (verge), authorised representative (fullmektig) or relative who acts for the applicant from the start: see POST /api/cases/{id}/representative.' }),
      description: z
        .string({ error: whenPresent('Must be text.') })
        .max(10_000, { error: 'Must be at most 10000 characters.' })
        .optional()
        .meta({ description: "The applicant's own words. Personal data: kept in PostgreSQL only." }),
    },
    { error: whenPresent('The body must be a JSON object.') },
  );
}

/**
 * A worked application, for the OpenAPI document's example and docs/api.md's (a test keeps them the
 * same). The national id is synthetic: valid check digits, no real person.
 */
export const NEW_CASE_EXAMPLE = {
  municipality: 'namsos',
  applicant: {
    nationalId: '01010150074',
    name: 'Kari Nordmann',
    phone: '+47 912 34 567',
    email: 'kari.nordmann@example.no',
    address: 'Storgata 1, 7800 Namsos',
  },
  services: ['home_nursing', 'safety_alarm'],
  channel: 'digital',
  consent: { givenBy: 'applicant', name: 'Kari Nordmann', givenAt: '2026-12-01' },
  description: 'Trenger hjelp med medisiner morgen og kveld.',
} as const satisfies z.input<ReturnType<typeof newCaseSchema>>;

export type NewCase = z.output<ReturnType<typeof newCaseSchema>>;
