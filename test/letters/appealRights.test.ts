// What the letters say about the right to appeal, per service decided: a refused service gets its
// own deadline and appeal body (fvl § 27 tredje ledd), a termination is a decision with its reasons
// and where to appeal, a provisional reply on an appeal says so, and every letter quotes the
// readable case number, never the UUID.
import { describe, expect, it } from 'vitest';
import { renderLetter } from '../../letters/render';
import type { LetterDetails } from '../../letters/types';
import { appealDeadlines, latestAppealDeadline } from '../../domain/case/caseDeadlines';
import type { CaseView, LetterKind } from '../../domain/case/caseTypes';
import { APPLICANT, baseView, DELIVERED_AT, KLAGENEMND_LAST_DAY, municipality, STATSFORVALTEREN_LAST_DAY } from './fixtures';

const m = municipality('namsos');

function render(kind: LetterKind, view: CaseView, details: LetterDetails = {}) {
  return renderLetter({ kind, view, municipality: m, applicant: { name: APPLICANT.name, address: APPLICANT.address }, details });
}

function nursingGrantedAlarmRefused(): CaseView {
  const deadlines = appealDeadlines(new Date(DELIVERED_AT), ['home_nursing', 'safety_alarm'], m.timers);
  const view = baseView(m, {
    services: ['home_nursing', 'safety_alarm'],
    status: 'decided',
    decision: {
      outcome: 'partially_granted',
      services: [
        { code: 'home_nursing', outcome: 'granted', hoursPerWeek: 3 },
        { code: 'safety_alarm', outcome: 'refused' },
      ],
      justification: 'Du trenger hjelp med medisiner, men har familie i nærheten som kan komme raskt.',
      deliveredAt: DELIVERED_AT,
      decidedAt: DELIVERED_AT,
      appealDeadlines: deadlines,
      decidedBy: 'office',
      terminates: false,
    },
  });
  view.deadlines.appealBy = latestAppealDeadline(deadlines);
  return view;
}

describe('appeal rights in the letters', () => {
  it('gives the refused safety alarm its own deadline and the municipal appeals board, and the granted nursing Statsforvalteren', () => {
    const { body } = render('decision', nursingGrantedAlarmRefused());
    expect(body).toContain('Du får:\n• Hjemmesykepleie: 3 timer per uke');
    expect(body).toContain('Du får ikke:\n• Trygghetsalarm');
    const alarm = body.slice(body.indexOf('Klage på vedtaket om trygghetsalarm:'));
    expect(alarm).toContain(`senest ${KLAGENEMND_LAST_DAY}`);
    expect(alarm).toContain('Klageinstans er klageutvalget i Namsos kommune');
    const nursing = body.slice(body.indexOf('Klage på vedtaket om hjemmesykepleie:'));
    expect(nursing).toContain(`senest ${STATSFORVALTEREN_LAST_DAY}`);
    expect(nursing).toContain('Klageinstans er Statsforvalteren i Trøndelag');
  });

  it('writes a termination as a decision: the reasons, each deadline and where to appeal', () => {
    const decided = nursingGrantedAlarmRefused();
    const deadlines = appealDeadlines(new Date(DELIVERED_AT), ['home_nursing'], m.timers);
    const view: CaseView = {
      ...decided,
      status: 'closed',
      closedReason: 'terminated',
      decision: {
        outcome: 'refused',
        services: [{ code: 'home_nursing', outcome: 'refused', hoursPerWeek: 3 }],
        justification: 'Du klarer nå medisinene selv etter opptreningen.',
        deliveredAt: DELIVERED_AT,
        decidedAt: DELIVERED_AT,
        appealDeadlines: deadlines,
        decidedBy: 'office',
        terminates: true,
      },
    };
    const { subject, body } = render('closing', view);
    expect(subject).toBe('Tjenestene dine avsluttes');
    expect(body).toContain('hjemmesykepleie skal avsluttes. Dette brevet er vedtaket om det');
    expect(body).toContain('Begrunnelse\nDu klarer nå medisinene selv etter opptreningen.');
    expect(body).toContain(`klagen må være postlagt eller levert til oss senest ${STATSFORVALTEREN_LAST_DAY}`);
    expect(body).toContain('Klageinstans er Statsforvalteren i Trøndelag (pasient- og brukerrettighetsloven § 7-2)');
    // Only the service terminated: the alarm was never granted.
    expect(body).not.toContain('rygghetsalarm');
  });

  it('answers an appeal that waits with a provisional reply about the appeal', () => {
    const view: CaseView = {
      ...nursingGrantedAlarmRefused(),
      status: 'under_reconsideration',
      appeal: { receivedAt: '2027-03-20T10:00:00.000Z', sentAt: null, services: ['safety_alarm'], text: null, late: false, reconsideration: null, appealBodyDecision: null },
    };
    const { subject, body } = render('provisional_reply', view, { regarding: 'appeal', reason: 'Vi trenger mer tid.', expectedDecisionBy: '2027-05-14' });
    expect(subject).toBe('Foreløpig svar på klagen din');
    expect(body).toContain('Vi mottok klagen din 20. mars 2027 på vedtaket om trygghetsalarm.');
    expect(body).toContain('senest 14. mai 2027');
  });

  it('quotes the readable case number, never the UUID', () => {
    const view = nursingGrantedAlarmRefused();
    for (const kind of ['acknowledgement', 'decision', 'appeal_acknowledgement'] as const) {
      const { body } = render(kind, view);
      expect(body).toContain('saksnummer 2027/0042');
      expect(body).not.toContain(view.id);
    }
  });
});
