// The input checks of every step, as the workflow's validator runs them: the API checks the same
// first, but a step sent to Temporal directly must be refused just as clearly. Each problem names
// its field, and every date must lie within the case's date bounds.
import type { FieldProblem } from '../case/refusals';
import { DECISION_OUTCOMES, SERVICE_OUTCOMES, WAITING_LIST_SERVICE, type DecisionInput } from '../case/caseTypes';
import { DATE_BOUNDS_MESSAGE, namesNoSuchDay, withinDateBounds } from '../calendar/dateBounds';
import { isCalendarDate } from '../calendar/osloTime';

/** The hours of a week: the most hours per week a service can be decided for (the API's schema and these checks). */
export const MAX_HOURS_PER_WEEK = 168;

/** How far ahead of the workflow's clock a time "now" may be (clocks drift). */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** The check of a step whose one input of its own is a text (a note, a reason). */
export function oneText<K extends string>(field: K, required: boolean) {
  return (ch: StepChecks, input: Partial<Record<K, unknown>>): void => ch.text(field, input[field], required);
}

/** Collects field problems so one answer names every bad field. */
export class StepChecks {
  readonly problems: FieldProblem[] = [];
  constructor(
    readonly receivedAt: Date,
    readonly now: number,
  ) {}

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  text(field: string, value: unknown, required: boolean): void {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim() === '') this.add(field, value === undefined ? 'Required.' : 'Must be a non-empty text.');
  }

  instant(field: string, value: unknown, required: boolean): Date | undefined {
    if (value === undefined && !required) return undefined;
    // A day that does not exist is no date-time, though Date.parse would roll it on.
    const ms = typeof value === 'string' && !namesNoSuchDay(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) {
      this.add(field, value === undefined ? 'Required.' : 'Must be an ISO-8601 date-time, e.g. 2027-03-30T10:00:00.000Z.');
      return undefined;
    }
    if (!withinDateBounds(value as string)) {
      this.add(field, DATE_BOUNDS_MESSAGE);
      return undefined;
    }
    return new Date(ms);
  }

  /** An instant that has already happened: a receipt, a delivery, a posting. */
  pastInstant(field: string, value: unknown, required: boolean): Date | undefined {
    const at = this.instant(field, value, required);
    if (at && at.getTime() > this.now + CLOCK_TOLERANCE_MS) {
      this.add(field, 'Must not be in the future.');
      return undefined;
    }
    return at;
  }

  dateOrInstant(field: string, value: unknown, required = false): boolean {
    if (value === undefined) {
      if (required) this.add(field, 'Required.');
      return false;
    }
    if (typeof value !== 'string' || namesNoSuchDay(value) || (!isCalendarDate(value) && Number.isNaN(Date.parse(value)))) {
      this.add(field, 'Must be a date (YYYY-MM-DD) or an ISO-8601 date-time.');
      return false;
    }
    if (!withinDateBounds(value)) {
      this.add(field, DATE_BOUNDS_MESSAGE);
      return false;
    }
    return true;
  }

  oneOf(field: string, value: unknown, allowed: readonly string[]): void {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.add(field, value === undefined ? 'Required.' : `Must be one of ${allowed.join(', ')}.`);
    }
  }

  decision(prefix: string, d: DecisionInput | undefined, required: boolean): void {
    if (d === undefined) {
      // Stryker disable next-line LogicalOperator: without a prefix the decision is the step's body, which the decider has found to be an object
      if (required) this.add(prefix || 'decision', 'Required for this outcome.');
      return;
    }
    const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
    if (typeof d !== 'object' || d === null) {
      this.add(prefix || 'body', 'Must be an object with outcome, services and justification.');
      return;
    }
    this.oneOf(at('outcome'), d.outcome, DECISION_OUTCOMES);
    this.text(at('justification'), d.justification, true);
    if (!Array.isArray(d.services) || d.services.length === 0) {
      this.add(at('services'), 'Must list at least one service.');
    } else {
      d.services.forEach((s, i) => {
        const field = (f: string) => at(`services[${i}].${f}`);
        this.text(field('code'), s?.code, true);
        this.dateOrInstant(field('from'), s?.from);
        this.dateOrInstant(field('until'), s?.until);
        if (s?.hoursPerWeek !== undefined && !(typeof s.hoursPerWeek === 'number' && s.hoursPerWeek >= 0 && s.hoursPerWeek <= MAX_HOURS_PER_WEEK)) {
          this.add(field('hoursPerWeek'), 'Must be a number of hours from 0 to 168.');
        }
        if (s?.outcome !== undefined) {
          this.oneOf(field('outcome'), s.outcome, SERVICE_OUTCOMES);
          if (s.outcome === 'waiting_list') {
            // Venteliste (pbrl § 2-1 e) is for a long-term care home place only, and says the applicant qualifies.
            if (s.code !== WAITING_LIST_SERVICE) this.add(field('outcome'), `waiting_list is only for ${WAITING_LIST_SERVICE}.`);
            else if (d.outcome === 'refused') this.add(field('outcome'), 'Must be refused on a refused decision, or left out: waiting_list says the applicant qualifies.');
          } else if ((d.outcome === 'granted' || d.outcome === 'refused') && s.outcome !== d.outcome) {
            this.add(field('outcome'), `Must be ${d.outcome} on a ${d.outcome} decision, or left out.`);
          }
        } else if (d.outcome === 'partially_granted') {
          this.add(field('outcome'), 'Required on each service of a partially_granted decision: granted or refused.');
        }
      });
    }
    const deliveredAt = this.pastInstant(at('deliveredAt'), d.deliveredAt, false);
    if (deliveredAt && deliveredAt < this.receivedAt) this.add(at('deliveredAt'), 'Must not be before the application was received.');
  }
}
