// Contact: the office has been in touch with the applicant. Its deadline counts from intake.
import { SYSTEM_ACTOR } from '../case/caseChange';
import { stepBody, text } from './fields';
import { oneText } from './stepChecks';
import type { StepDefinition, StepTimers } from './step';

export const contactStepSchema = stepBody({ note: text(5_000, 'a note').optional() }).meta({ id: 'ContactStep' });

export const contact: StepDefinition<'contact'> = {
  allowedFrom: ['received'],
  schema: contactStepSchema,
  check: oneText('note', false),
  apply(c, input, actor) {
    c.s.status = 'contacted';
    c.event('contacted', actor, { note: input.note ?? null });
  },
};

export const contactTimers: StepTimers<'contactDeadline'> = {
  contactDeadline(c, view) {
    c.s.flags.contactOverdue = true;
    c.event('contact_overdue', SYSTEM_ACTOR, { contactBy: view.deadlines.contactBy });
  },
};
