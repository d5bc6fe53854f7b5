import { describe, expect, it } from 'vitest';
import { formatNorwegianDate, formatNorwegianDateTime } from '../../domain/calendar/norwegianDate';
import { osloInstant } from '../../domain/calendar/osloTime';

describe('formatNorwegianDate', () => {
  it('writes a calendar date as it is', () => {
    expect(formatNorwegianDate('2027-04-02')).toBe('2. april 2027');
    expect(formatNorwegianDate('2026-12-24')).toBe('24. desember 2026');
  });

  it('names every month in Norwegian', () => {
    const names = Array.from({ length: 12 }, (_, i) => formatNorwegianDate(`2027-${String(i + 1).padStart(2, '0')}-01`));
    expect(names).toEqual([
      '1. januar 2027',
      '1. februar 2027',
      '1. mars 2027',
      '1. april 2027',
      '1. mai 2027',
      '1. juni 2027',
      '1. juli 2027',
      '1. august 2027',
      '1. september 2027',
      '1. oktober 2027',
      '1. november 2027',
      '1. desember 2027',
    ]);
  });

  it('gives an instant its Oslo date: a deadline at midnight names the next day, so callers pass the last day', () => {
    expect(formatNorwegianDate(new Date('2027-04-01T22:30:00.000Z'))).toBe('2. april 2027');
    expect(formatNorwegianDate(new Date('2027-03-30T21:59:59.999Z'))).toBe('30. mars 2027');
    expect(formatNorwegianDate(new Date('2026-12-31T23:00:00.000Z'))).toBe('1. januar 2027');
  });

  it('reads an ISO instant string as an instant', () => {
    expect(formatNorwegianDate('2027-04-01T22:30:00.000Z')).toBe('2. april 2027');
  });

  it('refuses what is neither', () => {
    expect(() => formatNorwegianDate('2027-02-30')).toThrow(RangeError);
    expect(() => formatNorwegianDate('soon')).toThrow(RangeError);
    expect(() => formatNorwegianDate('2027-02-30T10:00:00Z')).toThrow(RangeError);
    expect(() => formatNorwegianDate(new Date(NaN))).toThrow(RangeError);
  });
});

describe('formatNorwegianDateTime', () => {
  it('writes Oslo time as "kl. hh.mm"', () => {
    expect(formatNorwegianDateTime(osloInstant('2027-04-02', 10, 30))).toBe('2. april 2027 kl. 10.30');
    expect(formatNorwegianDateTime(new Date('2027-04-02T08:30:00.000Z'))).toBe('2. april 2027 kl. 10.30'); // CEST
    expect(formatNorwegianDateTime(new Date('2027-01-05T07:05:00.000Z'))).toBe('5. januar 2027 kl. 08.05'); // CET
    expect(formatNorwegianDateTime(new Date('2027-01-05T23:00:00.000Z'))).toBe('6. januar 2027 kl. 00.00');
  });
});
