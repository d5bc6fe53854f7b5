// The case number a person reads over the phone (saksnummer: year and a four-digit sequence), the
// view a case has the moment it is received, and the words for a closed case.
import { describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../../domain/case/caseNumber';
import { initialCaseView } from '../../../domain/case/initialCaseView';
import { caseClosedMessage } from '../../../domain/case/refusals';
import { namsosTimers } from './caseDriver';

describe('the case number', () => {
  it('is the year and the sequence, padded to four digits', () => {
    expect(formatCaseNumber(2026, 42)).toBe('2026/0042');
    expect(formatCaseNumber(2027, 1)).toBe('2027/0001');
  });

  it('a sequence past 9999 keeps all its digits', () => {
    expect(formatCaseNumber(2027, 12345)).toBe('2027/12345');
  });
});

describe('the view of a case just received', () => {
  const facts = { caseId: '00000000-0000-4000-8000-0000000000cc', municipality: 'namsos', services: ['home_nursing'], channel: 'digital' as const, receivedAt: '2027-03-01T09:00:00.000Z', timers: namsosTimers };

  it('has no case number until the API gives it one', () => {
    expect(initialCaseView(facts)).toMatchObject({ caseNumber: null, status: 'received' });
  });

  it('shows the number it was registered with', () => {
    expect(initialCaseView({ ...facts, caseNumber: '2027/0007' }).caseNumber).toBe('2027/0007');
  });
});

describe('a closed case refuses every step, saying why it closed', () => {
  it.each([
    ['withdrawn', 'The case is closed (withdrawn); no step can be taken on it.'],
    [null, 'The case is closed (closed); no step can be taken on it.'],
    [undefined, 'The case is closed (closed); no step can be taken on it.'],
  ] as const)('%s', (reason, message) => {
    expect(caseClosedMessage(reason)).toBe(message);
  });
});
