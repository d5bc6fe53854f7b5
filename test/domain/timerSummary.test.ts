// The Web UI's words for a deadline timer and a case: the deadline's Norwegian name and its Oslo date.
import { describe, expect, it } from 'vitest';
import { caseSummary, timerSummary } from '../../domain/case/timerSummary';

describe('timerSummary', () => {
  it('names the appeal deadline (klagefrist) with its date in Oslo, not in UTC', () => {
    expect(timerSummary({ name: 'appealDeadline', at: Date.parse('2026-12-31T22:59:00Z') })).toBe('Klagefrist 31.12.2026');
    // 23:00 UTC on New Year's Eve is already 1 January in Oslo.
    expect(timerSummary({ name: 'appealDeadline', at: Date.parse('2026-12-31T23:00:00Z') })).toBe('Klagefrist 01.01.2027');
    // Summer time: UTC+2.
    expect(timerSummary({ name: 'provisionalReplyDue', at: Date.parse('2027-06-30T22:30:00Z') })).toBe('Frist for foreløpig svar 01.07.2027');
  });
});

describe('caseSummary', () => {
  it('is the case number and the municipality', () => {
    expect(caseSummary({ caseNumber: '2026/0042', municipality: 'namsos' })).toBe('Sak 2026/0042 (namsos)');
    expect(caseSummary({ municipality: 'luroy' })).toBe('Sak uten saksnummer (luroy)');
  });
});
