// Contact: the office has been in touch with the applicant. Its deadline counts from intake.
import { SYSTEM_ACTOR } from '../case/caseChange';
import type { StepDefinition, StepTimers } from './step';

export const contact: StepDefinition<'contact'> = {
  allowedFrom: ['received'],
  check(ch, input) {
    ch.text('note', input.note, false);
  },
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
