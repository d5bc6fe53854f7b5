import { describe, expect, it } from 'vitest';
import type { Length } from '../../domain/calendar/length';
import { osloDateOf, osloInstant, osloLocalTimeOf, startOfOsloDay } from '../../domain/calendar/osloTime';
import {
  applicantDeadline,
  countBack,
  lastWorkingDayOnOrBefore,
  lastWorkingDayStartOnOrBefore,
  nextWorkingDayOnOrAfter,
  officeDeadline,
  oneYearAfter,
  periodEndDate,
} from '../../domain/calendar/periods';

const days = (amount: number): Length => ({ amount, unit: 'day' });
const weeks = (amount: number): Length => ({ amount, unit: 'week' });
const months = (amount: number): Length => ({ amount, unit: 'month' });
const FVL = weeks(3); // forvaltningsloven § 29
const PBRL = weeks(4); // pasient- og brukerrettighetsloven § 7-5

/** A letter that reached the party at 10:00 Oslo time on the date. */
const receivedOn = (date: string) => osloInstant(date, 10, 0);

describe('applicantDeadline: the worked examples of the brief (§ 4)', () => {
  it.each([
    ['3 w from Fri 2027-03-05: raw langfredag → Tue 2027-03-30', '2027-03-05', FVL, '2027-03-26', '2027-03-30T22:00:00.000Z'],
    ['4 w from Fri 2027-03-05: no roll', '2027-03-05', PBRL, '2027-04-02', '2027-04-02T22:00:00.000Z'],
    ['3 w from Mon 2027-04-26: raw 17 May = 2. pinsedag → Tue 2027-05-18', '2027-04-26', FVL, '2027-05-17', '2027-05-18T22:00:00.000Z'],
    ['3 w from Thu 2028-03-23: raw skjærtorsdag → Tue 2028-04-18', '2028-03-23', FVL, '2028-04-13', '2028-04-18T22:00:00.000Z'],
  ] as const)('%s', (_, received, length, raw, deadline) => {
    expect(periodEndDate(received, length)).toBe(raw);
    expect(applicantDeadline(receivedOn(received), length).toISOString()).toBe(deadline);
  });
});

describe('applicantDeadline: acceptance scenarios 1–12 and 16 (§ 10)', () => {
  it.each([
    [1, 'pbrl, Fri 2027-03-05', '2027-03-05', PBRL, '2027-04-02T22:00:00.000Z'],
    [2, 'fvl, Fri 2027-03-05 (raw langfredag)', '2027-03-05', FVL, '2027-03-30T22:00:00.000Z'],
    [3, 'fvl, Thu 2027-03-04 (skjærtorsdag skipped)', '2027-03-04', FVL, '2027-03-30T22:00:00.000Z'],
    [4, 'fvl, Mon 2027-03-08 (2. påskedag)', '2027-03-08', FVL, '2027-03-30T22:00:00.000Z'],
    [5, 'fvl, Mon 2027-04-26 (17 May = 2. pinsedag)', '2027-04-26', FVL, '2027-05-18T22:00:00.000Z'],
    [6, 'fvl, Thu 2026-04-23 (Kristi himmelfart 14 May)', '2026-04-23', FVL, '2026-05-15T22:00:00.000Z'],
    [7, 'fvl, Fri 2026-04-10 (1 May a Friday)', '2026-04-10', FVL, '2026-05-04T22:00:00.000Z'],
    [8, 'fvl, Fri 2026-12-04 (1. juledag, then the weekend)', '2026-12-04', FVL, '2026-12-28T23:00:00.000Z'],
    [9, 'fvl, Thu 2028-03-23', '2028-03-23', FVL, '2028-04-18T22:00:00.000Z'],
    [10, 'pbrl, Sun 2026-04-26, digital (raw 1. pinsedag)', '2026-04-26', PBRL, '2026-05-26T22:00:00.000Z'],
    [11, 'fvl, Tue 2027-04-27 (no roll)', '2027-04-27', FVL, '2027-05-18T22:00:00.000Z'],
    [12, 'fvl, Thu 2026-12-03 (julaften is not rolled)', '2026-12-03', FVL, '2026-12-24T23:00:00.000Z'],
    [16, 'fvl, new period from reasons received Wed 2027-02-03', '2027-02-03', FVL, '2027-02-24T23:00:00.000Z'],
  ] as const)('scenario %i: %s', (_, __, received, length, deadline) => {
    expect(applicantDeadline(receivedOn(received), length).toISOString()).toBe(deadline);
  });

  it('scenario 10: raw is 2026-05-24, a Sunday and 1. pinsedag; 2. pinsedag follows', () => {
    expect(periodEndDate('2026-04-26', PBRL)).toBe('2026-05-24');
    expect(nextWorkingDayOnOrAfter('2026-05-24')).toBe('2026-05-26');
  });

  it('counts from the Oslo date of delivery, not the UTC date', () => {
    // 23:59:59.999 on Friday 5 March in Oslo: 4 weeks to Friday 2 April.
    expect(applicantDeadline(new Date('2027-03-05T22:59:59.999Z'), PBRL).toISOString()).toBe('2027-04-02T22:00:00.000Z');
    // One millisecond later it is Saturday 6 March in Oslo: raw Saturday 3 April → Monday 5 April.
    expect(applicantDeadline(new Date('2027-03-05T23:00:00.000Z'), PBRL).toISOString()).toBe('2027-04-05T22:00:00.000Z');
  });

  it('does not depend on the time of day within the delivery date', () => {
    const early = applicantDeadline(startOfOsloDay('2027-03-05'), FVL);
    const late = applicantDeadline(osloInstant('2027-03-05', 23, 59, 59, 999), FVL);
    expect(early.toISOString()).toBe('2027-03-30T22:00:00.000Z');
    expect(late.toISOString()).toBe(early.toISOString());
  });
});

describe('daylight saving', () => {
  it('a period counted across the March change ends at midnight CEST', () => {
    expect(applicantDeadline(receivedOn('2027-03-12'), days(16)).toISOString()).toBe('2027-03-30T22:00:00.000Z');
  });

  it('a period counted across the October change ends at midnight CET', () => {
    expect(applicantDeadline(receivedOn('2026-10-09'), FVL).toISOString()).toBe('2026-10-30T23:00:00.000Z');
  });

  it('a period whose run-out day is the Saturday before the March change runs out at 00:00 CET that Sunday night', () => {
    const office = officeDeadline(receivedOn('2027-03-20'), weeks(1)); // Sat → Sat 2027-03-27
    expect(office.runsOutAt.toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(office.dueAt.toISOString()).toBe('2027-03-24T23:00:00.000Z'); // Wed 24: 25, 26 are skjærtorsdag, langfredag
    // The applicant's period rolls on past Easter to Tuesday 30 March.
    expect(applicantDeadline(receivedOn('2027-03-20'), weeks(1)).toISOString()).toBe('2027-03-30T22:00:00.000Z');
  });

  it('a run-out day on the last Sunday of March (a 23-hour day) runs out at 00:00 CEST Monday', () => {
    const office = officeDeadline(receivedOn('2027-03-21'), weeks(1));
    expect(office.runsOutAt.toISOString()).toBe('2027-03-28T22:00:00.000Z');
  });

  it('a run-out day on the last Sunday of October (a 25-hour day) runs out at 00:00 CET Monday', () => {
    const office = officeDeadline(receivedOn('2026-10-18'), weeks(1));
    expect(office.runsOutAt.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(office.dueAt.toISOString()).toBe('2026-10-23T22:00:00.000Z'); // Friday 23, still CEST
    expect(office.dispatchAt.toISOString()).toBe('2026-10-22T22:00:00.000Z');
    // The applicant's period from the same day rolls to Monday 26 October, in CET.
    expect(applicantDeadline(receivedOn('2026-10-18'), weeks(1)).toISOString()).toBe('2026-10-26T23:00:00.000Z');
  });

  it('a run-out day of the Saturday before the October change runs out at 00:00 CEST that night', () => {
    expect(officeDeadline(receivedOn('2026-10-17'), weeks(1)).runsOutAt.toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});

describe('month ends', () => {
  it('31 January + 1 month → 28 February, or 29 in a leap year', () => {
    expect(periodEndDate('2027-01-31', months(1))).toBe('2027-02-28');
    expect(periodEndDate('2028-01-31', months(1))).toBe('2028-02-29');
    // 2028-02-29 is a Tuesday: no roll.
    expect(applicantDeadline(receivedOn('2028-01-31'), months(1)).toISOString()).toBe('2028-02-29T23:00:00.000Z');
    // 2027-02-28 is a Sunday: the applicant's period runs to Monday 1 March.
    expect(applicantDeadline(receivedOn('2027-01-31'), months(1)).toISOString()).toBe('2027-03-01T23:00:00.000Z');
  });

  it('an office period to Sunday 28 February 2027 is due on Friday 26 February', () => {
    const office = officeDeadline(receivedOn('2027-01-31'), months(1));
    expect(office.runsOutAt.toISOString()).toBe('2027-02-28T23:00:00.000Z');
    expect(office.dueAt.toISOString()).toBe('2027-02-26T23:00:00.000Z');
    expect(office.dispatchAt.toISOString()).toBe('2027-02-25T23:00:00.000Z');
  });

  it('6 months from 31 August → 29 February; months keep the day number otherwise', () => {
    expect(periodEndDate('2027-08-31', months(6))).toBe('2028-02-29');
    expect(periodEndDate('2027-03-15', months(6))).toBe('2027-09-15');
    expect(periodEndDate('2027-03-31', months(1))).toBe('2027-04-30');
  });

  it('days and weeks: the start day does not count; a week ends on the same weekday', () => {
    expect(periodEndDate('2027-03-01', days(1))).toBe('2027-03-02');
    expect(periodEndDate('2027-03-01', weeks(1))).toBe('2027-03-08');
    expect(periodEndDate('2027-12-29', weeks(1))).toBe('2028-01-05');
  });
});

describe('plain durations', () => {
  const start = new Date('2027-03-28T00:30:00.000Z'); // 30 minutes before the March change

  it('the applicant’s period is start + duration exactly, with no roll and no calendar', () => {
    expect(applicantDeadline(start, { amount: 30, unit: 'second' }).toISOString()).toBe('2027-03-28T00:30:30.000Z');
    expect(applicantDeadline(start, { amount: 2, unit: 'minute' }).toISOString()).toBe('2027-03-28T00:32:00.000Z');
    expect(applicantDeadline(start, { amount: 1, unit: 'hour' }).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(applicantDeadline(start, { amount: 24, unit: 'hour' }).toISOString()).toBe('2027-03-29T00:30:00.000Z');
  });

  it('the office’s three instants are all start + duration', () => {
    const office = officeDeadline(start, { amount: 45, unit: 'second' });
    for (const at of [office.runsOutAt, office.dueAt, office.dispatchAt]) expect(at.toISOString()).toBe('2027-03-28T00:30:45.000Z');
  });

  it('countBack subtracts', () => {
    expect(countBack(start, { amount: 10, unit: 'second' }).toISOString()).toBe('2027-03-28T00:29:50.000Z');
    // 24 hours back from 14:00 CEST Sunday, across the change, is 13:00 CET Saturday: not the same clock time.
    const back = countBack(new Date('2027-03-28T12:00:00.000Z'), { amount: 24, unit: 'hour' });
    expect(back.toISOString()).toBe('2027-03-27T12:00:00.000Z');
    expect(osloLocalTimeOf(back).hour).toBe(13);
  });
});

describe('officeDeadline: the office’s own periods are never extended', () => {
  it('scenario 17: received Mon 2027-03-01, 4 weeks → runs out 2. påskedag 29 March → sent by Wed 24 March', () => {
    const office = officeDeadline(osloInstant('2027-03-01', 9, 15), weeks(4));
    expect(osloDateOf(new Date(office.runsOutAt.getTime() - 1))).toBe('2027-03-29');
    expect(office.runsOutAt.toISOString()).toBe('2027-03-29T22:00:00.000Z');
    expect(office.dueAt.toISOString()).toBe('2027-03-24T23:00:00.000Z');
    expect(office.dispatchAt.toISOString()).toBe('2027-03-23T23:00:00.000Z');
    expect(osloDateOf(office.dispatchAt)).toBe('2027-03-24');
  });

  it('scenario 17: the statutory limit of one month (fvl § 11 a) is Thursday 1 April, a working day', () => {
    const office = officeDeadline(osloInstant('2027-03-01', 9, 15), months(1));
    expect(office.runsOutAt.toISOString()).toBe('2027-04-01T22:00:00.000Z');
    expect(office.dueAt.toISOString()).toBe(office.runsOutAt.toISOString());
    expect(office.dispatchAt.toISOString()).toBe('2027-03-31T22:00:00.000Z');
  });

  it('contact within 1 week of Saturday 2026-12-19 runs out on 2. juledag and is due on julaften', () => {
    const office = officeDeadline(receivedOn('2026-12-19'), weeks(1)); // → Sat 26 Dec
    expect(office.runsOutAt.toISOString()).toBe('2026-12-26T23:00:00.000Z');
    expect(office.dueAt.toISOString()).toBe('2026-12-24T23:00:00.000Z'); // julaften is a working day
  });
});

describe('countBack keeps the Oslo clock time', () => {
  it('10:00 Thursday minus 1 day is 10:00 Wednesday', () => {
    expect(countBack(osloInstant('2027-03-04', 10, 0), days(1)).toISOString()).toBe(osloInstant('2027-03-03', 10, 0).toISOString());
    expect(countBack(new Date('2027-03-04T09:00:00.000Z'), days(1)).toISOString()).toBe('2027-03-03T09:00:00.000Z');
  });

  it('across the March change: 10:00 CEST back to 10:00 CET', () => {
    expect(countBack(osloInstant('2027-04-01', 10, 0), weeks(1)).toISOString()).toBe('2027-03-25T09:00:00.000Z');
    expect(countBack(new Date('2027-03-29T08:00:00.000Z'), days(1)).toISOString()).toBe('2027-03-28T08:00:00.000Z'); // Sun 10:00 CEST
    expect(countBack(new Date('2027-03-29T08:00:00.000Z'), days(2)).toISOString()).toBe('2027-03-27T09:00:00.000Z'); // Sat 10:00 CET
  });

  it('across the October change: 10:00 CET back to 10:00 CEST', () => {
    expect(countBack(new Date('2026-10-26T09:00:00.000Z'), days(1)).toISOString()).toBe('2026-10-25T09:00:00.000Z'); // Sun 10:00 CET
    expect(countBack(new Date('2026-10-26T09:00:00.000Z'), days(2)).toISOString()).toBe('2026-10-24T08:00:00.000Z'); // Sat 10:00 CEST
    const local = osloLocalTimeOf(countBack(osloInstant('2026-11-02', 14, 45, 30, 250), weeks(2)));
    expect(local).toEqual({ date: '2026-10-19', hour: 14, minute: 45, second: 30, ms: 250 });
  });

  it('a clock time the March change skips moves on by the hour', () => {
    expect(countBack(osloInstant('2027-03-29', 2, 30), days(1)).toISOString()).toBe('2027-03-28T01:30:00.000Z'); // 03:30 CEST
  });

  it('months go back to the same date or the month’s last day', () => {
    expect(osloLocalTimeOf(countBack(osloInstant('2027-03-31', 12, 0), months(1)))).toEqual({
      date: '2027-02-28',
      hour: 12,
      minute: 0,
      second: 0,
      ms: 0,
    });
  });
});

describe('lastWorkingDayStartOnOrBefore', () => {
  it('is the start of the day itself on a working day', () => {
    expect(lastWorkingDayStartOnOrBefore(osloInstant('2027-03-24', 15, 0)).toISOString()).toBe('2027-03-23T23:00:00.000Z');
  });

  it('goes back past Easter 2027 from 2. påskedag to Wednesday 24 March', () => {
    expect(lastWorkingDayStartOnOrBefore(osloInstant('2027-03-29', 12, 0)).toISOString()).toBe('2027-03-23T23:00:00.000Z');
    expect(lastWorkingDayOnOrBefore('2027-03-29')).toBe('2027-03-24');
  });

  it('uses the Oslo date: 00:30 Saturday in Oslo is still Friday in UTC, and goes back to Friday', () => {
    expect(lastWorkingDayStartOnOrBefore(new Date('2027-03-05T23:30:00.000Z')).toISOString()).toBe('2027-03-04T23:00:00.000Z');
  });
});

describe('oneYearAfter (fvl § 31 tredje ledd)', () => {
  it('scenario 15: decided 2027-03-01, the cut-off is the end of 2028-03-01; an appeal on 2028-03-06 is past it', () => {
    const cutOff = oneYearAfter(osloInstant('2027-03-01', 13, 0));
    expect(cutOff.toISOString()).toBe('2028-03-01T23:00:00.000Z');
    expect(osloInstant('2028-03-06', 9, 0).getTime()).toBeGreaterThan(cutOff.getTime());
    expect(osloInstant('2028-03-01', 23, 59).getTime()).toBeLessThan(cutOff.getTime());
  });

  it('29 February → 28 February the next year; not rolled for weekends', () => {
    expect(oneYearAfter(osloInstant('2028-02-29', 10, 0)).toISOString()).toBe('2029-02-28T23:00:00.000Z');
    // 2028-05-17 is a holiday; the cut-off stays there.
    expect(oneYearAfter(osloInstant('2027-05-17', 10, 0)).toISOString()).toBe('2028-05-17T22:00:00.000Z');
  });
});
