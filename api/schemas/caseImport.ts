// The import format: one case from the office's old system, one JSON object per line of a JSON Lines
// file (`npm run import`), and the body of `POST /api/imports/cases`. The one source of truth:
// import/caseImport.schema.json is generated from it (npm run import:schema) and a test keeps the two equal.
import { z } from 'zod';
import { CHANNELS, DECISION_OUTCOMES } from '../../domain/case/caseTypes';
import { IMPORTABLE_STATUSES } from '../../domain/import/importedCase';
import { decidedServiceSchema, decisionInputSchema } from '../../domain/steps/decision';
import { dateOrInstant, instant, oneOf, servicesSchema, text, whenPresent } from '../../domain/steps/fields';
import { applicantSchema, consentSchema } from './newCase';

const when = (description: string) => instant.meta({ description });

function part<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  return z.strictObject(shape, { error: whenPresent(`Must be an object: ${what}.`) });
}

export const importedStepsSchema = part(
  {
    contact: part({ at: when('When the office was first in touch with the applicant.'), note: text(5_000, 'a note').optional() }, 'the first contact').optional(),
    homeVisit: part(
      {
        bookedAt: when('When the visit was booked. Default: the contact, else the receipt.').optional(),
        scheduledAt: when('When the visit is (or was) to take place; may be in the future.'),
        completedAt: when('When the visit took place: the case is then under assessment.').optional(),
        notes: text(20_000, 'notes').optional(),
      },
      'the home visit',
    ).optional(),
    provisionalReply: part(
      {
        sentAt: when('When the provisional reply (foreløpig svar) went out.'),
        reason: text(5_000, 'the reason the decision takes longer'),
        expectedDecisionBy: dateOrInstant.meta({ description: 'The date the reply gave for the decision.' }),
      },
      'the provisional reply',
    ).optional(),
    decision: part(
      {
        decidedAt: when('When the decision (vedtak) in force was made.'),
        deliveredAt: when('When the applicant got it: the appeal period counts from it. Default: decidedAt.').optional(),
        outcome: oneOf(DECISION_OUTCOMES),
        services: z.array(decidedServiceSchema, { error: whenPresent('Must be a list of services.') }).min(1, { error: 'List every service decided.' }),
        justification: text(20_000, 'the justification (begrunnelse)'),
      },
      'the decision in force',
    ).optional(),
    reEvaluations: z
      .array(part({ at: when('When the services were re-evaluated and continued.'), note: text(5_000, 'a note').optional() }, 'a re-evaluation'), {
        error: whenPresent('Must be a list of re-evaluations.'),
      })
      .optional()
      .meta({ description: 'Periodic re-evaluations that let the services continue, oldest first: the next one is counted from the last.' }),
    appeal: part(
      {
        receivedAt: when('When the appeal (klage) came in.'),
        sentAt: when('When the applicant sent it (fvl § 30).').optional(),
        text: text(20_000, 'the appeal').optional(),
        services: servicesSchema.optional().meta({ description: 'The services appealed. Default: every service decided.' }),
        stage: oneOf(['reconsideration', 'appeal_body'] as const).meta({ description: 'reconsideration: the office has it; appeal_body: forwarded.' }),
        forwarded: part(
          {
            at: when('When the office forwarded it to the appeal body.'),
            outcome: oneOf(['upheld', 'partially_reversed'] as const).optional().meta({ description: 'The office upheld the decision (default), or reversed it in part.' }),
            justification: text(20_000, 'why the office upheld the decision'),
            decision: decisionInputSchema.optional().meta({ description: 'The changed decision of a partial reversal.' }),
          },
          'the forwarding',
        )
          .optional()
          .meta({ description: 'Required when the stage is appeal_body.' }),
      },
      'the pending appeal',
    ).optional(),
  },
  'the steps already taken',
).meta({ description: 'The steps already taken, with their dates. Leave out those not taken.' });

/** One imported case. `municipalities`: the policy's; left out, any key (the JSON Schema file, which no one policy owns). */
export function caseImportSchema(municipalities?: readonly string[]) {
  const municipality = municipalities
    ? z.enum(municipalities as [string, ...string[]], { error: whenPresent(`Unknown municipality: use one of ${municipalities.join(', ')}.`) })
    : z.string().min(1);
  return z
    .strictObject(
      {
        municipality: municipality.meta({ description: "The municipality's key in the policy file." }),
        sourceId: z
          .string({ error: whenPresent('Must be text: the case id in the old system.') })
          .regex(/^[\x21-\x7e]{1,200}$/, { error: 'Must be 1 to 200 visible ASCII characters: the case id in the old system.' })
          .meta({ description: "The old system's case id, unique per municipality: a second import of it adds nothing." }),
        sourceCaseNumber: text(50, "the old system's case number")
          .optional()
          .meta({ description: "The case number the applicant knows from the old system's letters: kept, and quoted in letters." }),
        applicant: applicantSchema,
        services: servicesSchema,
        channel: z.enum(CHANNELS, { error: whenPresent(`Must be one of ${CHANNELS.join(', ')}.`) }),
        consent: consentSchema.optional().meta({ description: 'The consent the old system recorded, where it has one.' }),
        receivedAt: when('When the application came in.'),
        description: z.string({ error: whenPresent('Must be text.') }).max(10_000, { error: 'Must be at most 10000 characters.' }).optional(),
        steps: importedStepsSchema.default({}),
        status: oneOf(IMPORTABLE_STATUSES).meta({ description: 'Where the case stands now in the old system: an open status. It must agree with the steps.' }),
      },
      { error: whenPresent('Each line must be a JSON object: one case.') },
    )
    .meta({ title: 'An open case brought over from the old system', description: 'One line of the import file (JSON Lines): docs/import.md.' });
}

export type CaseImport = z.output<ReturnType<typeof caseImportSchema>>;

/** The JSON Schema of one line (draft 2020-12): import/caseImport.schema.json holds exactly this. */
export function caseImportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(caseImportSchema(), {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time' || jsonSchema.format === 'date') delete jsonSchema.pattern;
    },
  }) as Record<string, unknown>;
  return { $id: 'urn:case-orchestrator:case-import:1', ...schema };
}
