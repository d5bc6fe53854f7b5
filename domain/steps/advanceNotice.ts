// Forhåndsvarsel (forvaltningsloven § 16): before the office reduces or ends a running service, the
// applicant is told what it proposes and why, and given a deadline to comment. A re-evaluation that
// reduces or ends a service waits for that deadline, unless it is urgent (§ 16 tredje ledd), which
// its letter then states.
import { z } from 'zod';
import type { StepDefinition } from './step';
import type { AdvanceNoticeInput, ProposedChange, Urgency } from '../case/caseCommands';
import { PROPOSALS, type AdvanceNotice, type CaseStatus, type DecidedService, type Decision, type Proposal } from '../case/caseTypes';
import { DATE_BOUNDS_MESSAGE, withinDateBounds } from '../calendar/dateBounds';
import { grantedServices } from '../case/decidedServices';
import type { Length } from '../calendar/length';
import { endOfOsloDay, isCalendarDate, osloDateOf } from '../calendar/osloTime';
import { applicantDeadline } from '../calendar/periods';

/** What the checks need of domain/stepChecks.ts's StepChecks (structurally, so this module stays a leaf). */
export interface Checks {
  readonly now: number;
  add(field: string, message: string): void;
  text(field: string, value: unknown, required: boolean): void;
  oneOf(field: string, value: unknown, allowed: readonly string[]): void;
  dateOrInstant(field: string, value: unknown, required?: boolean): boolean;
}

/** Only a running service can be reduced or ended. */
export const ADVANCE_NOTICE_ALLOWED_FROM: readonly CaseStatus[] = ['active'];

export { PROPOSALS, type AdvanceNotice, type Proposal };

/** How long the applicant has to comment when the policy does not say: 2 weeks, a legal period. */
export const DEFAULT_COMMENT_PERIOD: Length = Object.freeze({ amount: 2, unit: 'week' });

export type { AdvanceNoticeInput, ProposedChange, Urgency };

const text = (max: number) => z.string({ error: 'Must be a text.' }).trim().min(1, { error: 'Must not be empty.' }).max(max, { error: `Must be at most ${max} characters.` });

/** The body of `POST /api/cases/:id/advance-notice`. */
export const advanceNoticeStepSchema = z
  .strictObject(
    {
      services: z
        .array(
          z.strictObject({
            code: z.string({ error: 'Must be a service code.' }).min(1, { error: 'Must be a service code.' }),
            proposal: z.enum(PROPOSALS, { error: `Must be one of ${PROPOSALS.join(', ')}.` }),
            hoursPerWeek: z.number({ error: 'Must be a number of hours.' }).min(0, { error: 'Must be from 0 to 168 hours.' }).max(168, { error: 'Must be from 0 to 168 hours.' }).optional(),
          }),
          { error: 'Must be a list of services.' },
        )
        .min(1, { error: 'List at least one running service the notice is about.' }),
      reason: text(20_000).meta({ description: 'Why the office considers the change: the letter gives it.' }),
      commentsBy: z
        .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'Must be a date (2027-03-30) or an ISO-8601 instant.' })
        .refine(withinDateBounds, { error: DATE_BOUNDS_MESSAGE })
        .optional()
        .meta({ description: "The deadline for comments. Default: the policy's timers.commentPeriod (2 weeks when not set) from now." }),
    },
    { error: 'The body must be a JSON object.' },
  )
  .meta({ id: 'AdvanceNoticeStep', description: 'The advance notice (forhåndsvarsel, fvl § 16) before a service is reduced or ended.' });

/** Effective-from and urgency at the top of a re-evaluation (see the re-evaluation step's schema). */
export const urgencySchema = z.strictObject({ reason: text(5_000) }, { error: 'Must be an object with the reason.' }).meta({ id: 'Urgency' });

/** The services the case runs now, by code. */
function running(decision: Decision | null): Map<string, DecidedService> {
  return new Map((decision ? grantedServices(decision) : []).map((s) => [s.code, s]));
}

/** The instant a deadline for comments runs out: a date at the end of its Oslo day. */
function endOf(value: string): Date {
  return isCalendarDate(value) ? endOfOsloDay(value) : new Date(value);
}

/** Bad input: a service the case does not run, a reduction to as much or more, a deadline in the past. */
export function advanceNoticeProblems(ch: Checks, decision: Decision | null, input: AdvanceNoticeInput): void {
  ch.text('reason', input.reason, true);
  const runs = running(decision);
  if (!Array.isArray(input.services) || input.services.length === 0) {
    ch.add('services', 'Must list at least one running service the notice is about.');
  } else {
    input.services.forEach((s, i) => {
      const field = (f: string) => `services[${i}].${f}`;
      const current = typeof s?.code === 'string' ? runs.get(s.code) : undefined;
      if (!current) ch.add(field('code'), `The case does not run this service: ${[...runs.keys()].join(', ') || 'none'}.`);
      else if (input.services.findIndex((x) => x?.code === s.code) !== i) ch.add(field('code'), `${s.code} is listed twice.`);
      ch.oneOf(field('proposal'), s?.proposal, PROPOSALS);
      if (s?.hoursPerWeek !== undefined && !(typeof s.hoursPerWeek === 'number' && s.hoursPerWeek >= 0 && s.hoursPerWeek <= 168)) {
        ch.add(field('hoursPerWeek'), 'Must be a number of hours from 0 to 168.');
      } else if (s?.proposal === 'reduce' && current?.hoursPerWeek !== undefined && s.hoursPerWeek !== undefined && s.hoursPerWeek >= current.hoursPerWeek) {
        ch.add(field('hoursPerWeek'), `A reduction must propose fewer than the ${current.hoursPerWeek} hours a week the service has now.`);
      }
    });
  }
  if (input.commentsBy !== undefined && ch.dateOrInstant('commentsBy', input.commentsBy) && endOf(input.commentsBy).getTime() <= ch.now) {
    ch.add('commentsBy', 'Must be in the future: the applicant needs time to comment.');
  }
}

/** The transition: the notice the case keeps (the decider records its event and letter). */
export function advanceNoticeOf(decision: Decision | null, input: AdvanceNoticeInput, now: number, commentPeriod: Length | undefined): AdvanceNotice {
  const runs = running(decision);
  const commentsBy = input.commentsBy ? endOf(input.commentsBy) : applicantDeadline(new Date(now), commentPeriod ?? DEFAULT_COMMENT_PERIOD);
  return {
    services: input.services.map((s) => ({
      code: s.code,
      proposal: s.proposal,
      ...(s.hoursPerWeek !== undefined ? { hoursPerWeek: s.hoursPerWeek } : {}),
      currentHoursPerWeek: runs.get(s.code)?.hoursPerWeek ?? null,
    })),
    reason: input.reason.trim(),
    commentsBy: commentsBy.toISOString(),
    sentAt: new Date(now).toISOString(),
  };
}

/** The services a new decision reduces or ends, against the one the case runs now. */
export function reducedServices(previous: Decision | null, next: { outcome: Decision['outcome']; services: DecidedService[] }): string[] {
  const before = running(previous);
  const after = running(next as Decision);
  const codes: string[] = [];
  for (const [code, service] of before) {
    const now = after.get(code);
    if (!now) codes.push(code);
    else if ((service.hoursPerWeek ?? 0) > 0 && now.hoursPerWeek !== undefined && now.hoursPerWeek < (service.hoursPerWeek ?? 0)) codes.push(code);
  }
  return codes;
}

/**
 * Why a reduction or termination may not be decided yet (409 advance_notice_required), or null: a
 * notice sent after the decision the case runs, whose deadline for comments has passed, or urgency.
 */
export function advanceNoticeMissing(decision: Decision | null, notice: AdvanceNotice | null | undefined, urgent: Urgency | undefined, now: number): string | null {
  if (urgent && typeof urgent.reason === 'string' && urgent.reason.trim() !== '') return null;
  const current = notice && decision && Date.parse(notice.sentAt) >= Date.parse(decision.decidedAt) ? notice : null;
  if (!current) {
    return 'A service is reduced or ended: send an advance notice first (POST advance-notice, forvaltningsloven § 16) and wait for its deadline for comments, or give "urgent": { "reason" } (§ 16 tredje ledd).';
  }
  if (Date.parse(current.commentsBy) > now) {
    return `The deadline for comments on the advance notice runs until ${current.commentsBy}: the decision can be made after it, or now with "urgent": { "reason" } (forvaltningsloven § 16 tredje ledd).`;
  }
  return null;
}

/** What a changing decision records beside itself: the decision it replaces, from when, and any urgency. */
export function changeOf(previous: Decision | null, decision: Decision, input: { effectiveFrom?: string; urgent?: Urgency }): Partial<Decision> {
  const reduces = decision.terminates ? decision.services.map((x) => x.code) : reducedServices(previous, decision);
  return {
    ...(previous ? { replaces: { decidedAt: previous.decidedAt, services: previous.services.map((x) => ({ ...x })) } } : {}),
    ...(input.effectiveFrom ? { effectiveFrom: input.effectiveFrom } : {}),
    ...(input.urgent ? { urgent: { reason: input.urgent.reason.trim() } } : {}),
    ...(reduces.length > 0 ? { reduces } : {}),
  };
}

/** `effectiveFrom`: required when a service is reduced or ended; not before the day of the step. */
export function effectiveFromProblems(ch: Checks, effectiveFrom: unknown, required: boolean): void {
  if (effectiveFrom === undefined) {
    if (required) ch.add('effectiveFrom', 'Required when a service is reduced or ended: the date the change takes effect.');
    return;
  }
  if (!ch.dateOrInstant('effectiveFrom', effectiveFrom)) return;
  const value = effectiveFrom as string;
  const day = isCalendarDate(value) ? value : osloDateOf(new Date(value));
  if (day < osloDateOf(new Date(ch.now))) ch.add('effectiveFrom', 'Must not be before the day of the step: a change cannot take effect in the past.');
}

export function urgencyProblems(ch: Checks, urgent: unknown): void {
  if (urgent === undefined) return;
  if (typeof urgent !== 'object' || urgent === null) ch.add('urgent', 'Must be an object with the reason.');
  else ch.text('urgent.reason', (urgent as { reason?: unknown }).reason, true);
}


/** The advance notice as a step of the law (domain/steps/step.ts). */
export const advanceNotice: StepDefinition<'advance-notice'> = {
  allowedFrom: ADVANCE_NOTICE_ALLOWED_FROM,
  allowedWhen: (_view, _now, rules) => rules.reductions === true,
  schema: advanceNoticeStepSchema,
  check(ch, input, _facts, state) {
    advanceNoticeProblems(ch, state.decision, input);
  },
  apply(c, input, actor) {
    const notice = advanceNoticeOf(c.s.decision, input, c.now, c.facts.timers.commentPeriod);
    c.s.advanceNotice = notice;
    c.event('advance_notice_sent', actor, { services: notice.services.map((x) => ({ code: x.code, proposal: x.proposal })), commentsBy: notice.commentsBy });
    c.letter('advance_notice');
  },
};
