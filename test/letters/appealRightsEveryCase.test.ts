// Appeal rights in every case (the contract's section): the letters name each municipality's own
// Statsforvalteren and appeals board, send appeals to the office's postal address, and give the
// office's details as the municipalities' own pages give them (domain brief § 12).
import { describe, expect, it } from 'vitest';
import { renderLetter } from '../../activities/letters/render';
import type { LetterDetails } from '../../activities/letters/types';
import type { CaseView, LetterKind } from '../../domain/caseTypes';
import type { MunicipalityPolicy } from '../../domain/policyTypes';
import { APPLICANT, decidedView, municipality } from './fixtures';

function render(kind: LetterKind, view: CaseView, m: MunicipalityPolicy, details: LetterDetails = {}) {
  return renderLetter({ kind, view, municipality: m, applicant: { name: APPLICANT.name, address: APPLICANT.address }, details });
}

describe('the built-in offices and appeal bodies in the letters', () => {
  it('Namsos: appeals go to the postal address at Jøa, to Statsforvalteren i Trøndelag or the klageutvalget', () => {
    const m = municipality('namsos');
    const { body } = render('decision', decidedView(m, 'refused'), m);
    expect(body).toContain('Send klagen til oss: Brukerkontoret, Namsos kommune, Stavarvegen 2, 7856 Jøa.');
    expect(body).toContain('Klageinstans er Statsforvalteren i Trøndelag (pasient- og brukerrettighetsloven § 7-2).');
    expect(body).toContain('Klageinstans er klageutvalget i Namsos kommune (forvaltningsloven § 28 andre ledd).');
    expect(body).toContain('Besøksadresse: Abel Meyers gate 10, Namsos (inngang mot Namsos kirke)\nPostadresse: Namsos kommune, Stavarvegen 2, 7856 Jøa');
    expect(body).not.toContain('klagenemnda');
  });

  it('Nordre Land: its phone, its phone hours and Postboks 173, 2882 Dokka; Statsforvalteren i Innlandet', () => {
    const m = municipality('nordre-land');
    const { body } = render('decision', decidedView(m, 'refused'), m);
    expect(body).toContain('Telefon: 468 78 779');
    expect(body).toContain('Åpningstid: Mandag–onsdag og fredag 10.00–14.00');
    expect(body).toContain('Send klagen til oss: Tildeling og koordinering, Nordre Land kommune, Postboks 173, 2882 Dokka.');
    expect(body).toContain('Klageinstans er Statsforvalteren i Innlandet');
  });

  it('Lurøy: Rådhuset, Onøyveien 14, 8766 Lurøy, open 09–15; Statsforvalteren i Nordland', () => {
    const m = municipality('luroy');
    const { body } = render('decision', decidedView(m, 'refused'), m);
    expect(body).toContain('Åpningstid: Mandag–fredag 09.00–15.00');
    expect(body).toContain('Send klagen til oss: Tildelingskontoret, Lurøy kommune, Rådhuset, Onøyveien 14, 8766 Lurøy.');
    expect(body).toContain('Klageinstans er Statsforvalteren i Nordland');
  });

  it('every letter that names an appeal body names the municipality’s own', () => {
    for (const id of ['namsos', 'luroy', 'nordre-land'] as const) {
      const m = municipality(id);
      const decided = decidedView(m, 'refused');
      const forwarded: CaseView = {
        ...decided,
        status: 'with_appeal_body',
        appealBody: 'statsforvalteren',
        appeal: {
          receivedAt: '2027-03-20T10:00:00.000Z',
          sentAt: null,
          services: ['home_nursing'],
          text: null,
          late: false,
          reconsideration: { outcome: 'upheld', justification: 'Ingen nye opplysninger.', at: '2027-03-25T10:00:00.000Z' },
          appealBodyDecision: null,
        },
      };
      const ruled: CaseView = {
        ...forwarded,
        status: 'closed',
        closedReason: 'refused',
        appeal: { ...forwarded.appeal!, appealBodyDecision: { outcome: 'upheld', justification: null, at: '2027-05-03T10:00:00.000Z' } },
      };
      const acknowledged: CaseView = { ...forwarded, status: 'under_reconsideration', appealBody: null, appeal: { ...forwarded.appeal!, reconsideration: null } };
      const letters = [
        render('decision', decided, m),
        render('appeal_acknowledgement', acknowledged, m),
        render('appeal_forwarded', forwarded, m),
        render('appeal_outcome', ruled, m),
      ];
      const name = m.appealBodies.statsforvalteren.name;
      expect(name, id).toMatch(/^Statsforvalteren i \S+/);
      for (const { subject, body } of letters) {
        const text = `${subject}\n${body}`;
        expect(text, id).toContain(name);
        // Never the bare "Statsforvalteren" where the municipality has its own.
        expect(text.match(/Statsforvalteren(?! i )/g), `${id}: ${subject}`).toBeNull();
      }
    }
  });
});
