// Appeal rights in every case (the contract's section): the letters name each municipality's own
// Statsforvalteren and appeals board, send appeals to the office's postal address, and give the
// office's details as the municipalities' own pages give them (domain brief § 12).
import { describe, expect, it } from 'vitest';
import { renderLetter } from '../../letters/render';
import type { LetterDetails } from '../../letters/types';
import type { CaseView, LetterKind } from '../../domain/case/caseTypes';
import type { MunicipalityPolicy } from '../../domain/policy/policyTypes';
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

const namsos = municipality('namsos');

function appealOn(view: CaseView, over: Partial<NonNullable<CaseView['appeal']>> = {}): NonNullable<CaseView['appeal']> {
  return {
    receivedAt: '2027-03-20T10:00:00.000Z',
    sentAt: null,
    services: view.services,
    text: null,
    late: false,
    reconsideration: null,
    appealBodyDecision: null,
    ...over,
  };
}

describe('a dismissal letter (avvisning) gives its own appeal deadline and body (fvl § 2 tredje ledd, § 27)', () => {
  it('3 weeks, the date, the body and where to send it', () => {
    const decided = decidedView(namsos, 'refused');
    const view: CaseView = {
      ...decided,
      status: 'closed',
      closedReason: 'refused',
      appeal: appealOn(decided, {
        late: true,
        reconsideration: {
          outcome: 'dismissed',
          justification: 'Klagen kom mer enn ett år etter vedtaket.',
          at: '2027-03-05T10:00:00.000Z',
          appealBy: '2027-03-30T22:00:00.000Z',
          appealBody: 'statsforvalteren',
        },
      }),
    };
    const { subject, body } = render('appeal_outcome', view, namsos);
    expect(subject).toBe('Klagen din er avvist');
    expect(body).toContain('Du kan klage på avvisningen\nAvvisningen er et eget vedtak, og du kan klage på det (forvaltningsloven § 2 tredje ledd og § 28).');
    expect(body).toContain('Klagefristen er 3 uker (forvaltningsloven § 29). Klagen må være postlagt eller levert til oss senest 30. mars 2027.');
    expect(body).toContain('Klageinstans er Statsforvalteren i Trøndelag.');
    expect(body).toContain('Send klagen til oss: Brukerkontoret, Namsos kommune, Stavarvegen 2, 7856 Jøa.');
  });
});

describe('a reversal in the applicant’s favour tells of the right to claim costs (fvl § 36)', () => {
  const COSTS = 'forvaltningsloven § 36';

  it('the office’s reversal on appeal (omgjøring)', () => {
    const decided = decidedView(namsos, 'granted', { decision: { ...decidedView(namsos, 'granted').decision!, decidedAt: '2027-03-25T10:00:00.000Z' } });
    const view: CaseView = {
      ...decided,
      appeal: appealOn(decided, { reconsideration: { outcome: 'reversed', justification: 'Nye opplysninger viser behovet.', at: '2027-03-25T10:00:00.000Z' } }),
    };
    const { body } = render('decision', view, namsos);
    expect(body).toContain('Du får medhold, og vi endrer vedtaket.');
    expect(body).toContain('Dekning av sakskostnader\nNår et vedtak blir endret til gunst for deg');
    expect(body).toContain(COSTS);
    expect(body).toContain('senest 3 uker etter at du fikk dette brevet');
  });

  it('the appeal body’s reversal', () => {
    const decided = decidedView(namsos, 'granted');
    const view: CaseView = {
      ...decided,
      status: 'active',
      appealBody: 'statsforvalteren',
      appeal: appealOn(decided, {
        reconsideration: { outcome: 'upheld', justification: 'Vedtaket står.', at: '2027-03-25T10:00:00.000Z' },
        appealBodyDecision: { outcome: 'reversed', justification: 'Behovet er dokumentert.', at: '2027-05-03T10:00:00.000Z' },
      }),
    };
    expect(render('appeal_outcome', view, namsos).body).toContain(COSTS);
  });

  it('not an ordinary decision, nor an upheld one', () => {
    expect(render('decision', decidedView(namsos, 'granted'), namsos).body).not.toContain(COSTS);
  });
});

describe('a new provisional reply when the date the last one gave has passed', () => {
  it('says which date was missed, apologises, and gives a new date', () => {
    const view = { ...decidedView(namsos, 'granted'), status: 'under_assessment' as const, decision: null };
    const { body } = render('provisional_reply', view, namsos, {
      reason: 'Vi har dessverre ikke klart å gjøre vedtak innen datoen vi ga deg sist.',
      expectedDecisionBy: '2027-03-15T23:00:00.000Z',
      previousExpectedBy: '2027-02-15T23:00:00.000Z',
      regarding: 'application',
    });
    expect(body).toContain('I det forrige brevet skrev vi at du kunne vente svar senest 15. februar 2027. Det har vi dessverre ikke klart, og vi beklager det.');
    expect(body).toContain('Vi regner med å kunne gi deg svar senest 15. mars 2027.');
  });
});

describe('the letter when an appeal is withdrawn (appeal_withdrawn)', () => {
  const decided = decidedView(namsos, 'partially_granted');
  const withdrawn = { reason: 'Klagen er trukket', at: '2027-04-10T10:00:00.000Z' };

  it('forwarded, the case active: the decision stands and nothing granted is taken away; the body is told', () => {
    const view: CaseView = {
      ...decided,
      status: 'active',
      appealBody: 'statsforvalteren',
      appeal: appealOn(decided, { reconsideration: { outcome: 'upheld', justification: 'Vedtaket står.', at: '2027-03-25T10:00:00.000Z' }, withdrawn }),
    };
    const { subject, body } = render('appeal_withdrawn', view, namsos);
    expect(subject).toBe('Klagen din er trukket');
    expect(body).toContain('Vi har fått beskjed om at du trekker klagen din på vedtaket av 5. mars 2027');
    expect(body).toContain('Klagen var sendt til Statsforvalteren i Trøndelag. Vi gir beskjed om at den er trukket');
    expect(body).toContain('At klagen er trukket, endrer ikke noe av det du har fått innvilget.');
    expect(body).not.toMatch(/søknaden (din )?er trukket/i);
  });

  it('withdrawn while the period runs: the deadline to appeal again', () => {
    const view: CaseView = { ...decided, status: 'decided', appeal: appealOn(decided, { withdrawn }) };
    const { body } = render('appeal_withdrawn', view, namsos);
    expect(body).toContain('Klagefristen går ut 2. april 2027. Ombestemmer du deg, kan du klage på nytt innen fristen.');
  });
});

describe('a decision sent by post says from when its period counts', () => {
  it('the day it was posted, the day it counts as received, and the deadlines from then', () => {
    const decided = decidedView(namsos, 'refused');
    const view: CaseView = {
      ...decided,
      channel: 'paper',
      decision: {
        ...decided.decision!,
        decidedAt: '2027-03-01T09:00:00.000Z',
        deliveredAt: '2027-03-07T23:00:00.000Z',
        receipt: 'post',
        appealDeadlines: { statsforvalteren: '2027-04-05T22:00:00.000Z', klagenemnd: '2027-03-30T22:00:00.000Z' },
      },
    };
    const { body } = render('decision', view, namsos);
    expect(body).toContain(
      'Vedtaket er sendt til deg i posten 1. mars 2027. Vi regner med at du fikk det 8. mars 2027, og fristen regnes fra den dagen. Fikk du brevet senere, kan du si fra til oss, så regner vi fristen fra den dagen du fikk det.',
    );
    expect(body).not.toContain('da du fikk vedtaket');
    expect(body).toContain('senest 5. april 2027');
    expect(body).toContain('senest 30. mars 2027');
  });
});

describe('one appeal, two appeal bodies: a forwarding letter per body', () => {
  const m = municipality('luroy');
  const decided = decidedView(m, 'refused', { services: ['home_nursing', 'safety_alarm'] });
  const view: CaseView = {
    ...decided,
    status: 'with_appeal_body',
    appealBody: null,
    appealBodies: [
      { body: 'statsforvalteren', services: ['home_nursing'], outcome: null },
      { body: 'klagenemnd', services: ['safety_alarm'], outcome: null },
    ],
    appeal: appealOn(decided, { reconsideration: { outcome: 'upheld', justification: 'Vedtaket står.', at: '2027-03-25T10:00:00.000Z' } }),
  };

  it('each names its own body and services, and where the other part went', () => {
    const toState = render('appeal_forwarded', view, m, { appealBody: 'statsforvalteren' });
    expect(toState.subject).toBe('Klagen din er sendt til Statsforvalteren i Nordland');
    expect(toState.body).toContain('Den delen som gjelder hjemmesykepleie, er sendt til Statsforvalteren i Nordland.');
    expect(toState.body).toContain('Den delen som gjelder trygghetsalarm, er sendt til den kommunale klagenemnda i Lurøy kommune, og om den får du et eget brev.');
    const toBoard = render('appeal_forwarded', view, m, { appealBody: 'klagenemnd' });
    expect(toBoard.subject).toBe('Klagen din er sendt til klagenemnda');
    expect(toBoard.body).toContain('Vi har derfor sendt klagen om trygghetsalarm og dokumentene i saken til den kommunale klagenemnda i Lurøy kommune');
  });

  it('a ruling on one part says the other is still pending', () => {
    const ruled: CaseView = {
      ...view,
      appealBodies: [
        { body: 'statsforvalteren', services: ['home_nursing'], outcome: 'upheld' },
        { body: 'klagenemnd', services: ['safety_alarm'], outcome: null },
      ],
      appeal: { ...view.appeal!, appealBodyDecision: { outcome: 'upheld', justification: null, at: '2027-04-20T10:00:00.000Z' } },
    };
    const { body } = render('appeal_outcome', ruled, m, { appealBody: 'statsforvalteren' });
    expect(body).toContain('Statsforvalteren i Nordland har behandlet klagen din');
    expect(body).toContain('Den gjelder hjemmesykepleie. Den delen av klagen som gjelder trygghetsalarm, er til behandling hos den kommunale klagenemnda i Lurøy kommune.');
  });
});
