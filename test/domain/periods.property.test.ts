import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../domain/calendar/holidays';
import type { Length } from '../../domain/calendar/length';
import { addDays, addMonths, endOfOsloDay, osloDateOf, osloLocalTimeOf } from '../../domain/calendar/osloTime';
import { applicantDeadline, countBack, officeDeadline, periodEndDate } from '../../domain/calendar/periods';

const DAY_MS = 86_400_000;

// Starts well inside the holiday calendar's 1900–2199, leaving room for two years of period.
const instant = fc.date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2196-12-31T00:00:00Z'), noInvalidDate: true });
const legalLength: fc.Arbitrary<Length> = fc.oneof(
  fc.integer({ min: 1, max: 730 }).map((amount): Length => ({ amount, unit: 'day' })),
  fc.integer({ min: 1, max: 104 }).map((amount): Length => ({ amount, unit: 'week' })),
  fc.integer({ min: 1, max: 24 }).map((amount): Length => ({ amount, unit: 'month' })),
);
const plainLength: fc.Arbitrary<Length> = fc.record({
  amount: fc.integer({ min: 1, max: 100_000 }),
  unit: fc.constantFrom('second' as const, 'minute' as const, 'hour' as const),
});

/** Whole days from date a to date b (both 'YYYY-MM-DD'), by Date.parse rather than the code under test. */
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY_MS;
const isOsloMidnight = (at: Date) => {
  const { hour, minute, second, ms } = osloLocalTimeOf(at);
  return hour === 0 && minute === 0 && second === 0 && ms === 0;
};

describe('applicantDeadline (domstolloven §§ 148–149), for any start and legal length', () => {
  it('ends at midnight after a working day, never before the raw last day and at most 5 days after it', () => {
    fc.assert(
      fc.property(instant, legalLength, (start, length) => {
        const raw = periodEndDate(osloDateOf(start), length);
        const deadline = applicantDeadline(start, length);
        expect(isOsloMidnight(deadline)).toBe(true);
        const lastDay = osloDateOf(new Date(deadline.getTime() - 1));
        expect(isWorkingDay(lastDay)).toBe(true);
        const rolled = daysBetween(raw, lastDay);
        // The longest run of days off is Easter: skjærtorsdag to 2. påskedag, rolled to Tuesday.
        expect(rolled).toBeGreaterThanOrEqual(0);
        expect(rolled).toBeLessThanOrEqual(5);
        // Rolled to the *next* working day: every day skipped is a day off.
        for (let day = raw; day < lastDay; day = addDays(day, 1)) expect(isWorkingDay(day)).toBe(false);
        expect(deadline.getTime()).toBeGreaterThan(start.getTime());
      }),
      { numRuns: 3000 },
    );
  });

  it('never moves earlier for a later start', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 * DAY_MS }), legalLength, (start, later, length) => {
        const a = applicantDeadline(start, length);
        const b = applicantDeadline(new Date(start.getTime() + later), length);
        expect(b.getTime()).toBeGreaterThanOrEqual(a.getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it('is start + duration exactly for seconds, minutes and hours', () => {
    fc.assert(
      fc.property(instant, plainLength, (start, length) => {
        const unitMs = { second: 1_000, minute: 60_000, hour: 3_600_000 }[length.unit as 'second' | 'minute' | 'hour'];
        expect(applicantDeadline(start, length).getTime()).toBe(start.getTime() + length.amount * unitMs);
      }),
    );
  });
});

describe('officeDeadline, for any start and legal length', () => {
  it('dispatches at the start of a working day, never after the run-out, at most 5 days before it', () => {
    fc.assert(
      fc.property(instant, legalLength, (start, length) => {
        const { runsOutAt, dueAt, dispatchAt } = officeDeadline(start, length);
        const runOutDay = osloDateOf(new Date(runsOutAt.getTime() - 1));
        expect(runOutDay).toBe(periodEndDate(osloDateOf(start), length)); // never extended
        expect(isOsloMidnight(runsOutAt)).toBe(true);

        expect(isOsloMidnight(dispatchAt)).toBe(true);
        const dispatchDay = osloDateOf(dispatchAt);
        expect(isWorkingDay(dispatchDay)).toBe(true);
        expect(dispatchAt.getTime()).toBeLessThanOrEqual(runsOutAt.getTime());
        expect(dueAt.getTime()).toBeLessThanOrEqual(runsOutAt.getTime());
        expect(dueAt.getTime()).toBe(endOfOsloDay(dispatchDay).getTime());

        const back = daysBetween(dispatchDay, runOutDay);
        expect(back).toBeGreaterThanOrEqual(0);
        expect(back).toBeLessThanOrEqual(5);
        // The *last* working day: none between it and the run-out day.
        for (let day = addDays(dispatchDay, 1); day <= runOutDay; day = addDays(day, 1)) expect(isWorkingDay(day)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives start + duration for all three instants of a plain duration', () => {
    fc.assert(
      fc.property(instant, plainLength, (start, length) => {
        const { runsOutAt, dueAt, dispatchAt } = officeDeadline(start, length);
        expect(runsOutAt.getTime()).toBeGreaterThan(start.getTime());
        expect(dueAt.getTime()).toBe(runsOutAt.getTime());
        expect(dispatchAt.getTime()).toBe(runsOutAt.getTime());
      }),
    );
  });
});

describe('countBack, for any instant and legal length', () => {
  it('keeps the Oslo clock time, unless the March change skips it (then one hour on)', () => {
    fc.assert(
      fc.property(instant, legalLength, (from, length) => {
        const before = osloLocalTimeOf(from);
        const after = osloLocalTimeOf(countBack(from, length));
        // Counting forward from the result lands on the start again; months may clamp (31 March − 1 month = 28 February).
        if (length.unit === 'month') expect(after.date).toBe(addMonths(before.date, -length.amount));
        else expect(periodEndDate(after.date, length)).toBe(before.date);
        expect([after.minute, after.second, after.ms]).toEqual([before.minute, before.second, before.ms]);
        if (after.hour !== before.hour) {
          // Only 02:xx on the last Sunday of March does not exist.
          expect([before.hour, after.hour]).toEqual([2, 3]);
          expect(after.date.slice(5, 7)).toBe('03');
        }
      }),
      { numRuns: 3000 },
    );
  });
});
