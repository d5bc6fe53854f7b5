// The case view of the contract (`GET /api/cases/:id`), as a schema for the OpenAPI document.
// Typed against domain/case/caseTypes.ts, so the document cannot drift from what the workflow returns.
import { z } from 'zod';
import {
  APPEAL_BODIES,
  APPEAL_BODY_OUTCOMES,
  CASE_STATUSES,
  CHANNELS,
  CLOSED_REASONS,
  DECISION_OUTCOMES,
  RECONSIDERATION_OUTCOMES,
  SERVICE_OUTCOMES,
  type CaseView,
} from '../../domain/case/caseTypes';
import { PROPOSALS } from '../../domain/steps/advanceNotice';
import { REPRESENTATIVE_ROLES } from '../../domain/people/representative';

const at = z.string().meta({ format: 'date-time' });
const nullableAt = at.nullable();

export const caseStatusSchema = z.enum(CASE_STATUSES).meta({ id: 'CaseStatus' });

const decidedServiceView = z.object({
  code: z.string(),
  outcome: z.enum(SERVICE_OUTCOMES).optional().meta({ description: 'granted, refused or waiting_list; always given on a decision the case holds.' }),
  hoursPerWeek: z.number().optional(),
  from: z.string().optional(),
  until: z.string().optional(),
});

const decisionView = z
  .object({
    outcome: z.enum(DECISION_OUTCOMES),
    services: z.array(decidedServiceView),
    justification: z.string(),
    deliveredAt: at,
    decidedAt: at,
    appealDeadlines: z
      .object({ statsforvalteren: at.optional(), klagenemnd: at.optional() })
      .meta({ description: 'The appeal deadline per appeal body that hears an appeal against this decision.' }),
    decidedBy: z.enum(['office', ...APPEAL_BODIES]),
    terminates: z.boolean().meta({ description: 'A termination (opphør) on re-evaluation: every service it lists is refused from now on.' }),
    receipt: z
      .enum(['post', 'registered'])
      .optional()
      .meta({ description: "How deliveredAt is known: post (handed to the postal service plus the policy's presumedPostalDelivery) or registered (POST /decision-received). Absent: given with the step, or the time of the step." }),
    statedAppealDeadlines: z
      .object({ statsforvalteren: at.optional(), klagenemnd: at.optional() })
      .optional()
      .meta({ description: 'The deadlines the decision letter stated; the case never keeps an earlier one.' }),
    replaces: z
      .object({ decidedAt: at, services: z.array(decidedServiceView) })
      .optional()
      .meta({ description: 'The decision this one changes: its date and what it gave (fvl §§ 24–25).' }),
    effectiveFrom: z.string().optional().meta({ description: 'When the change takes effect; for a termination, the day the services end.' }),
    urgent: z.object({ reason: z.string() }).optional().meta({ description: 'Decided without an advance notice, and why (fvl § 16 third paragraph).' }),
    reduces: z.array(z.string()).optional().meta({ description: 'The services this decision reduces or ends.' }),
  })
  .meta({ id: 'Decision' });

const homeVisitView = z
  .object({
    scheduledAt: at,
    reminderAt: at,
    reminderSent: z.boolean(),
    completedAt: nullableAt,
    notes: z.string().nullable(),
  })
  .meta({ id: 'HomeVisit' });

const appealView = z
  .object({
    receivedAt: at,
    sentAt: nullableAt.meta({ description: 'When the applicant posted or sent it (fvl § 30); timely if on or before the deadline.' }),
    services: z.array(z.string()).meta({ description: 'The services appealed: they decide the appeal body.' }),
    text: z.string().nullable(),
    late: z.boolean(),
    lateServices: z.array(z.string()).optional().meta({ description: 'The services appealed after their own appeal period ran out.' }),
    reconsideration: z
      .object({
        outcome: z.enum(RECONSIDERATION_OUTCOMES),
        justification: z.string(),
        at,
        appealBy: at.optional().meta({ description: 'A dismissal: its own appeal deadline (3 weeks, fvl § 29).' }),
        appealBody: z.enum(APPEAL_BODIES).optional().meta({ description: 'A dismissal: who hears an appeal against it.' }),
      })
      .nullable(),
    appealBodyDecision: z
      .object({ outcome: z.enum(APPEAL_BODY_OUTCOMES), justification: z.string().nullable(), at })
      .nullable(),
    withdrawn: z
      .object({ reason: z.string(), at })
      .nullable()
      .optional()
      .meta({ description: 'The applicant withdrew the appeal; the decision stands as it was.' }),
  })
  .meta({ id: 'Appeal' });

export const caseViewSchema = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    caseNumber: z
      .string()
      .nullable()
      .meta({ description: "The municipality's readable case number, `<year>/<sequence>` (e.g. 2026/0042), given at registration; letters quote it.", examples: ['2026/0042'] }),
    previousCaseNumber: z
      .string()
      .optional()
      .meta({ description: "Only on a case brought over from the office's old system (npm run import): its case number there, which letters quote beside caseNumber." }),
    municipality: z.string(),
    status: caseStatusSchema,
    services: z.array(z.string()),
    channel: z.enum(CHANNELS),
    receivedAt: at,
    deadlines: z.object({
      contactBy: nullableAt,
      provisionalReplyBy: nullableAt,
      appealBy: nullableAt.meta({ description: 'The later deadline where the decision covers services with different appeal bodies.' }),
      nextReEvaluationAt: nullableAt,
      expiresAt: nullableAt,
    }),
    flags: z.object({
      contactOverdue: z.boolean(),
      provisionalReplySent: z.boolean(),
      lateAppeal: z.boolean(),
      reEvaluationDue: z.boolean(),
      provisionalReplyOverdue: z.boolean().meta({ description: 'The date a provisional reply gave passed without a decision; a new provisional reply went out.' }),
      onWaitingList: z.boolean().optional().meta({ description: 'On the waiting list for a long-term care home place (pbrl § 2-1 e) until POST /place-offered.' }),
      applicantDeceased: z
        .boolean()
        .optional()
        .meta({ description: 'Only when true: Folkeregisteret has the applicant as dead, found when a letter was to go (LETTER_TRANSPORT=svarut). No letter of the case goes out after it; the event applicant_deceased says when.' }),
    }),
    homeVisit: homeVisitView.nullable(),
    decision: decisionView.nullable(),
    appeal: appealView.nullable(),
    appealBody: z.enum(APPEAL_BODIES).nullable().meta({ description: 'The appeal body, where one hears the appeal; null where two do (see appealBodies).' }),
    appealBodies: z
      .array(z.object({ body: z.enum(APPEAL_BODIES), services: z.array(z.string()), outcome: z.enum(APPEAL_BODY_OUTCOMES).nullable() }))
      .optional()
      .meta({ description: 'Each appeal body the appeal went to, with the services it hears and its ruling (null while pending).' }),
    closedReason: z.enum(CLOSED_REASONS).nullable(),
    advanceNotice: z
      .object({
        services: z.array(
          z.object({
            code: z.string(),
            proposal: z.enum(PROPOSALS),
            hoursPerWeek: z.number().optional(),
            currentHoursPerWeek: z.number().nullable(),
          }),
        ),
        reason: z.string(),
        commentsBy: at.meta({ description: 'The deadline for comments.' }),
        sentAt: at,
      })
      .nullable()
      .optional()
      .meta({ id: 'AdvanceNotice', description: 'The last advance notice (forhåndsvarsel, fvl § 16) and its deadline for comments.' }),
    deferredUntilAppealDecided: z
      .boolean()
      .optional()
      .meta({ description: 'The decision waits until the appeal is decided (utsatt iverksetting, fvl § 42): the services go on as before.' }),
    deferral: z
      .object({ granted: z.boolean(), justification: z.string(), at, decisionAt: at, endedAt: nullableAt })
      .nullable()
      .optional()
      .meta({ id: 'DeferralAnswer', description: "The office's answer to a request for deferred implementation, and when the deferral ended." }),
    representative: z
      .object({
        id: z.string().meta({ format: 'uuid', description: "The stored representative (their name and contact details are in PostgreSQL only; the letters list names who each letter went to)." }),
        role: z.enum(REPRESENTATIVE_ROLES),
        copyToApplicant: z.boolean().meta({ description: 'Whether the applicant gets a copy of each letter that goes to the representative.' }),
        since: at,
      })
      .nullable()
      .optional()
      .meta({
        id: 'CaseRepresentative',
        description: 'Who acts for the applicant now: a guardian (verge) or authorised representative (fullmektig) gets every letter; a relative gets none.',
      }),
  })
  .meta({ id: 'CaseView', description: 'A case as the workflow holds it. No personal data.' });

// Compile-time check: the schema describes exactly what the workflow's query returns.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _caseViewMatches: Equals<z.output<typeof caseViewSchema>, CaseView> = true;
void _caseViewMatches;
