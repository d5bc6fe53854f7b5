// The applicant's representative: a guardian (verge), an authorised representative (fullmektig,
// fvl § 12) or a relative (pårørende). Who gets the letters, and why a relative gets none, is the
// rule of domain/people/representative.ts. The API stores the name and contact details in PostgreSQL
// (as it does the applicant's) and hands the case only the role and the row's id.
import { z } from 'zod';
import { OPEN_STATUSES } from '../case/caseRules';
import type { CaseRepresentative } from '../people/representative';
import { REPRESENTATIVE_ROLES, type RepresentativeRole } from '../people/representative';
import { oneOf, text, whenPresent } from './fields';
import type { StepDefinition } from './step';
import type { RepresentativeInput } from '../case/caseCommands';

export { REPRESENTATIVE_ROLES, type RepresentativeRole };

/** A Norwegian or international phone number, as the application's. */
export const phoneSchema = z
  .string({ error: whenPresent('Must be text.') })
  .trim()
  .regex(/^\+?[0-9][0-9 ]{6,18}[0-9]$/, { error: 'Must be a phone number: 8 digits, or + and a country code, e.g. +47 912 34 567.' });

const EMAIL_MESSAGE = 'Must be an e-mail address such as ola.nordmann@example.no.';

/** An e-mail address as SMTP can deliver to it (RFC 5321: a local part of at most 64 characters, 254 in all). */
export const emailSchema = z
  .email({ error: whenPresent(EMAIL_MESSAGE) })
  .max(254, { error: EMAIL_MESSAGE })
  .refine((address) => address.lastIndexOf('@') <= 64, { error: EMAIL_MESSAGE });

const UNREACHABLE = 'Give an address, a phone number or an e-mail address: the representative must be reachable.';

/** The representative as the application or `POST /api/cases/:id/representative` gives them. Personal data: PostgreSQL only. */
export const representativeSchema = z
  .strictObject(
    {
      role: oneOf(REPRESENTATIVE_ROLES).meta({
        description: 'guardian (verge) or authorised (fullmektig, fvl § 12): gets every letter; relative (pårørende): recorded, gets no letters.',
      }),
      name: text(200, "the representative's name"),
      address: text(500, 'a postal address').optional(),
      phone: phoneSchema.optional().meta({ description: 'Where SMS notices of a new letter go.' }),
      email: emailSchema.optional().meta({ description: 'Where e-mail notices of a new letter go.' }),
      copyToApplicant: z
        .boolean({ error: whenPresent('Must be true or false.') })
        .optional()
        .meta({ description: "Whether the applicant gets a copy of each letter (default true); false where a guardian's mandate says so. Not for a relative." }),
    },
    { error: whenPresent('Must be an object with role and name.') },
  )
  .superRefine((r, ctx) => {
    if (r.address === undefined && r.phone === undefined && r.email === undefined) ctx.addIssue({ code: 'custom', path: ['address'], message: UNREACHABLE });
    if (r.role === 'relative' && r.copyToApplicant !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['copyToApplicant'], message: 'Only for a guardian or an authorised representative: a relative gets no letters, so there is nothing to copy.' });
    }
  })
  .meta({ id: 'Representative', description: "Who acts for the applicant. The name and contact details are kept in PostgreSQL only, never in Temporal, and never printed with a national id." });

export type RepresentativeBody = z.output<typeof representativeSchema>;

export type { RepresentativeInput };

/** The representative the case keeps: a relative's letters rule has no copy. */
export function representativeOf(input: RepresentativeInput, since: string): CaseRepresentative {
  return { id: input.representativeId, role: input.role, copyToApplicant: input.role !== 'relative' && input.copyToApplicant !== false, since };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A representative from now on (one at a time: a new one replaces the last). */
export const representative: StepDefinition<'representative'> = {
  allowedFrom: OPEN_STATUSES,
  allowedWhen: (_view, _now, rules) => rules.reductions === true,
  schema: representativeSchema,
  check(ch, input) {
    if (typeof input.representativeId !== 'string' || !UUID.test(input.representativeId)) ch.add('representativeId', 'Must be the id of the stored representative.');
    ch.oneOf('role', input.role, REPRESENTATIVE_ROLES);
    if (input.copyToApplicant !== undefined && typeof input.copyToApplicant !== 'boolean') ch.add('copyToApplicant', 'Must be true or false.');
  },
  apply(c, input, actor) {
    const previous = c.s.representative;
    const next = representativeOf(input, c.nowIso);
    if (previous) c.event('representative_ended', actor, { role: previous.role, representativeId: previous.id, replacedBy: next.role });
    c.s.representative = next;
    c.event('representative_added', actor, { role: next.role, representativeId: next.id, copyToApplicant: next.copyToApplicant });
  },
};

/** The representative's mandate ends: letters go to the applicant again. */
export const representativeEnd: StepDefinition<'representative/end'> = {
  allowedFrom: OPEN_STATUSES,
  allowedWhen: (view, _now, rules) => rules.reductions === true && !!view.representative,
  schema: z.strictObject({}).meta({ id: 'RepresentativeEndStep' }),
  refusal: (view, rules) =>
    rules.reductions === true && !view.representative ? { code: 'no_representative', message: 'The case has no representative to end: POST /api/cases/{id}/representative registers one.' } : null,
  check() {},
  apply(c, _input, actor) {
    const ended = c.s.representative;
    if (!ended) return;
    c.s.representative = null;
    c.event('representative_ended', actor, { role: ended.role, representativeId: ended.id });
  },
};
