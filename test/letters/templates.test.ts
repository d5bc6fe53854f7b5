// Every letter kind rendered for a granted, a partly granted and a refused decision, in Namsos and
// Nordre Land: the office and how to reach it, the kind's own content, and never the national id.
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../activities/letters/notice';
import { LETTER_TEMPLATES, redactNationalIds, renderLetter } from '../../letters/render';
import { formatDeadline } from '../../letters/templates/common';
import type { LetterDetails } from '../../letters/types';
import { SERVICE_CATALOGUE } from '../../domain/policy/catalogue';
import { LETTER_KINDS, type CaseView, type DecisionOutcome, type LetterKind } from '../../domain/case/caseTypes';
import type { MunicipalityPolicy } from '../../domain/policy/policyTypes';
import {
  APPLICANT,
  decidedView,
  KLAGENEMND_LAST_DAY,
  municipality,
  NATIONAL_ID,
  STATSFORVALTEREN_LAST_DAY,
} from './fixtures';

const MUNICIPALITIES = [municipality('namsos'), municipality('nordre-land')];
const OUTCOMES: DecisionOutcome[] = ['granted', 'partially_granted', 'refused'];

// The applicant as stored, national id included: whatever a caller hands a template, no letter may print the id.
function render(kind: LetterKind, view: CaseView, m: MunicipalityPolicy, details: LetterDetails = {}) {
  return renderLetter({ kind, view, municipality: m, applicant: APPLICANT, details });
}

/** The case as it stands when each kind of letter goes out, around a decision with this outcome. */
function viewFor(kind: LetterKind, m: MunicipalityPolicy, outcome: DecisionOutcome): CaseView {
  const decided = decidedView(m, outcome);
  switch (kind) {
    case 'acknowledgement':
    case 'provisional_reply':
      return { ...decided, status: 'received', decision: null, deadlines: { ...decided.deadlines, appealBy: null, expiresAt: null } };
    case 'home_visit_confirmation':
    case 'home_visit_reminder':
      return {
        ...decided,
        status: 'visit_scheduled',
        decision: null,
        homeVisit: { scheduledAt: '2027-02-10T09:30:00.000Z', reminderAt: '2027-02-09T09:30:00.000Z', reminderSent: false, completedAt: null, notes: null },
      };
    case 'decision':
      return decided;
    case 'appeal_acknowledgement':
      return {
        ...decided,
        status: 'under_reconsideration',
        appeal: { receivedAt: '2027-03-20T10:00:00.000Z', sentAt: null, services: ['home_nursing'], text: 'Jeg trenger mer hjelp.', late: false, reconsideration: null, appealBodyDecision: null },
      };
    case 'appeal_forwarded':
      return {
        ...decided,
        status: 'with_appeal_body',
        appealBody: 'statsforvalteren',
        appeal: {
          receivedAt: '2027-03-20T10:00:00.000Z',
          sentAt: null,
          services: ['home_nursing'],
          text: null,
          late: false,
          reconsideration: { outcome: 'upheld', justification: 'Klagen gir ingen nye opplysninger om behovet.', at: '2027-03-25T10:00:00.000Z' },
          appealBodyDecision: null,
        },
      };
    case 'appeal_outcome':
      return {
        ...decided,
        status: outcome === 'refused' ? 'closed' : 'active',
        appealBody: 'statsforvalteren',
        appeal: {
          receivedAt: '2027-03-20T10:00:00.000Z',
          sentAt: null,
          services: ['home_nursing'],
          text: null,
          late: false,
          reconsideration: { outcome: 'upheld', justification: 'Ingen nye opplysninger.', at: '2027-03-25T10:00:00.000Z' },
          appealBodyDecision: { outcome: 'upheld', justification: 'Kommunens vurdering er forsvarlig.', at: '2027-05-03T10:00:00.000Z' },
        },
      };
    case 're_evaluation_notice':
      return { ...decided, status: 'active', flags: { ...decided.flags, reEvaluationDue: true }, deadlines: { ...decided.deadlines, nextReEvaluationAt: '2027-09-30T22:00:00.000Z' } };
    case 'expiry_notice':
      return { ...decided, status: 'active', deadlines: { ...decided.deadlines, expiresAt: '2027-08-31T22:00:00.000Z' } };
    case 'appeal_withdrawn':
      return {
        ...decided,
        status: 'decided',
        appeal: {
          receivedAt: '2027-03-20T10:00:00.000Z',
          sentAt: null,
          services: ['home_nursing'],
          text: null,
          late: false,
          reconsideration: null,
          appealBodyDecision: null,
          withdrawn: { reason: 'Søker trekker klagen.', at: '2027-03-22T10:00:00.000Z' },
        },
      };
    case 'advance_notice':
      return {
        ...decided,
        status: 'active',
        advanceNotice: {
          services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2, currentHoursPerWeek: 5 }],
          reason: 'Du klarer mer av stellet selv etter opptreningen.',
          commentsBy: '2027-04-14T22:00:00.000Z',
          sentAt: '2027-03-31T08:00:00.000Z',
        },
      };
    case 'deferral_answer':
      return {
        ...decided,
        status: 'under_reconsideration',
        decision: { ...decided.decision!, reduces: ['home_nursing'], replaces: { decidedAt: '2026-09-01T08:00:00.000Z', services: [{ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 10 }] } },
        deferredUntilAppealDecided: true,
        deferral: { granted: true, justification: 'Klagen bør avgjøres før hjelpen endres.', at: '2027-03-22T10:00:00.000Z', decisionAt: decided.decision!.decidedAt, endedAt: null },
      };
    case 'closing':
      return outcome === 'refused'
        ? { ...decided, status: 'closed', closedReason: 'refused' }
        : { ...decided, status: 'closed', closedReason: 'expired', deadlines: { ...decided.deadlines, expiresAt: '2027-08-31T22:00:00.000Z' } };
  }
}

const DETAILS: Partial<Record<LetterKind, LetterDetails>> = {
  provisional_reply: { reason: 'Vi venter på opplysninger fra fastlegen din.', expectedDecisionBy: '2027-04-15' },
};

describe('every letter kind', () => {
  it('has a template', () => {
    expect(Object.keys(LETTER_TEMPLATES).sort()).toEqual([...LETTER_KINDS].sort());
  });

  for (const m of MUNICIPALITIES) {
    for (const outcome of OUTCOMES) {
      for (const kind of LETTER_KINDS) {
        it(`${kind} (${m.id}, ${outcome}) names the office and how to reach it, and not the national id`, () => {
          // Given the id twice: in the applicant, and in a note the caseworker typed.
          const note = `Søker oppga fødselsnummer ${NATIONAL_ID} på telefonen.`;
          const letter = render(kind, viewFor(kind, m, outcome), m, { ...DETAILS[kind], note });
          expect(letter.subject.length).toBeGreaterThan(5);
          expect(letter.body).toContain(`Hei, ${APPLICANT.name}`);
          expect(letter.body).toContain(m.office.name);
          expect(letter.body).toContain(m.name);
          expect(letter.body).toContain(`Telefon: ${m.office.phone}`);
          expect(letter.body).toContain(`Åpningstid: ${m.office.hours}`);
          // One address where the office has one; the visiting and the postal address where they differ.
          const postal = m.office.postalAddress ?? m.office.address;
          if (postal === m.office.address) expect(letter.body).toContain(`Adresse: ${m.office.address}`);
          else expect(letter.body).toContain(`Besøksadresse: ${m.office.address}\nPostadresse: ${postal}`);
          expect(letter.body).toContain(`Med vennlig hilsen\n${m.office.name}\n${m.name}`);
          for (const text of [letter.subject, letter.body]) {
            expect(text).not.toContain(NATIONAL_ID);
            expect(text.replace(/\s/g, '')).not.toContain(NATIONAL_ID);
            expect(text).not.toMatch(/undefined|null|NaN|\[object/);
          }
          expect(letter.body).toContain('Søker oppga fødselsnummer [fødselsnummer fjernet] på telefonen.');
        });
      }
    }
  }
});

describe('the decision letter (fvl §§ 24, 25, 27)', () => {
  for (const m of MUNICIPALITIES) {
    for (const outcome of OUTCOMES) {
      const view = decidedView(m, outcome);
      const { subject, body } = render('decision', view, m);

      it(`${m.id}, ${outcome}: gives the appeal deadline as a date for each appeal body`, () => {
        expect(body).toMatch(
          new RegExp(
            `Klage på vedtaket om hjemmesykepleie[^\\n]*:\\nKlagefristen er 4 uker \\(pasient- og brukerrettighetsloven § 7-5\\)\\. ` +
              `Klagen må være postlagt eller levert til oss senest ${STATSFORVALTEREN_LAST_DAY}\\.\\nKlageinstans er Statsforvalteren`,
          ),
        );
        expect(body).toMatch(
          new RegExp(
            `Klage på vedtaket om trygghetsalarm:\\nKlagefristen er 3 uker \\(forvaltningsloven § 29\\)\\. ` +
              `Klagen må være postlagt eller levert til oss senest ${KLAGENEMND_LAST_DAY}\\.\\n` +
              `Klageinstans er ${m.appealBodies.klagenemnd.name} i ${m.name} \\(forvaltningsloven § 28 andre ledd\\)`,
          ),
        );
        expect(body).toContain('Fristen regnes fra 5. mars 2027, da du fikk vedtaket.');
      });

      it(`${m.id}, ${outcome}: says how and where to appeal, offers help, and the right to see the documents`, () => {
        expect(body).toContain('Klagen må være skriftlig og underskrevet');
        expect(body).toContain('hva du ønsker endret');
        // The readable case number, never the UUID: it can be read over the phone.
        expect(body).toContain('oppgi saksnummer 2027/0042');
        expect(body).not.toContain(view.id);
        expect(body).toContain(`Send klagen til oss: ${m.office.name}, `);
        expect(body).toContain(m.office.address);
        expect(body).toContain('Vi vurderer først saken på nytt');
        expect(body).toContain('Trenger du hjelp til å skrive klagen');
        expect(body).toContain('forvaltningsloven § 18');
        expect(body).toContain('forvaltningsloven § 31');
      });

      it(`${m.id}, ${outcome}: gives the reasons and the rules (fvl §§ 24, 25)`, () => {
        expect(body).toContain(`Begrunnelse\n${view.decision?.justification}`);
        expect(body).toContain('Hjemmesykepleie: helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a');
        expect(body).toContain('Praktisk bistand: helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav b');
        expect(body).toContain('pasient- og brukerrettighetsloven § 2-1 a');
      });

      it(`${m.id}, ${outcome}: states the outcome per service with its scope`, () => {
        if (outcome === 'granted') {
          expect(subject).toBe('Vedtak om hjemmesykepleie, praktisk bistand og trygghetsalarm – innvilget');
          expect(body).toContain('Søknaden din er innvilget.');
          expect(body).toContain('• Hjemmesykepleie: 5 timer per uke, fra og med 8. mars 2027');
          expect(body).toContain('• Praktisk bistand: 2 timer per uke, fra og med 8. mars 2027');
          expect(body).toContain('• Trygghetsalarm: fra og med 8. mars 2027');
          expect(body).not.toContain('Du får ikke');
          expect(body).toContain('Vedtaket gjelder inntil videre');
        } else if (outcome === 'partially_granted') {
          expect(subject).toContain('– delvis innvilget');
          expect(body).toContain('Søknaden din er delvis innvilget.');
          expect(body).toContain('Du får:\n• Hjemmesykepleie: 3,5 timer per uke, fra og med 8. mars 2027 til og med 31. august 2027\n• Trygghetsalarm: fra og med 8. mars 2027');
          expect(body).toContain('Du får ikke:\n• Praktisk bistand');
          expect(body).toContain('Vedtaket er tidsbegrenset og gjelder til og med 31. august 2027.');
        } else {
          expect(subject).toContain('– avslag');
          expect(body).toContain('Søknaden din er avslått.');
          expect(body).toContain('Du får ikke innvilget:\n• Hjemmesykepleie\n• Praktisk bistand\n• Trygghetsalarm');
          expect(body).not.toContain('Du får:');
          expect(body).not.toContain('Hvor lenge vedtaket gjelder');
        }
      });
    }
  }

  it('with one appeal body names only that one, and sends the appeal to it', () => {
    const m = municipality('namsos');
    const view = decidedView(m, 'refused');
    view.services = ['home_nursing'];
    view.decision = { ...view.decision!, services: [{ code: 'home_nursing' }], appealDeadlines: { statsforvalteren: view.decision!.appealDeadlines.statsforvalteren! } };
    const { body } = render('decision', view, m);
    expect(body).toContain(`senest ${STATSFORVALTEREN_LAST_DAY}`);
    expect(body).not.toContain('klagenemnda');
    expect(body).toContain('sender vi klagen videre til Statsforvalteren i Trøndelag, som avgjør den');
  });

  it('made by the appeal body says it is final and cannot be appealed', () => {
    const m = municipality('nordre-land');
    const view = decidedView(m, 'granted');
    view.decision = { ...view.decision!, appealDeadlines: {}, decidedBy: 'statsforvalteren' };
    const { body } = render('decision', view, m);
    expect(body).toContain('Vedtaket er gjort av Statsforvalteren i Innlandet som klageinstans, og kan ikke påklages');
    expect(body).not.toContain('Klagefristen er');
  });
});

describe('the provisional reply (fvl § 11 a)', () => {
  for (const m of MUNICIPALITIES) {
    it(`${m.id}: gives the reason and the expected date`, () => {
      const view = viewFor('provisional_reply', m, 'granted');
      const { subject, body } = render('provisional_reply', view, m, DETAILS.provisional_reply);
      expect(subject).toBe('Foreløpig svar på søknaden din');
      expect(body).toContain('Hvorfor det tar tid\nVi venter på opplysninger fra fastlegen din.');
      expect(body).toContain('Vi regner med å kunne gi deg svar senest 15. april 2027.');
      expect(body).toContain('forvaltningsloven § 11 a');
      expect(body).toContain('1. februar 2027');
    });
  }

  it('reads an expected date given as the instant a period runs out (an Oslo midnight) as the day before', () => {
    const m = municipality('namsos');
    const { body } = render('provisional_reply', viewFor('provisional_reply', m, 'granted'), m, {
      reason: 'Vi trenger mer tid.',
      expectedDecisionBy: '2027-04-26T22:00:00.000Z',
    });
    expect(body).toContain('senest 26. april 2027.');
  });
});

describe('the other letters say what they are for', () => {
  const m = municipality('namsos');
  const letter = (kind: LetterKind, outcome: DecisionOutcome = 'granted', details: LetterDetails = DETAILS[kind] ?? {}) =>
    render(kind, viewFor(kind, m, outcome), m, details);

  it('acknowledgement: the services, the date received, when we make contact, where letters go', () => {
    const { subject, body } = letter('acknowledgement');
    expect(subject).toBe('Vi har mottatt søknaden din');
    expect(body).toContain('Takk for søknaden din om hjemmesykepleie, praktisk bistand og trygghetsalarm. Vi mottok den 1. februar 2027.');
    expect(body).toContain('Vi tar kontakt med deg senest 8. februar 2027');
    expect(body).toContain('digitale postkassen');
  });

  it('home visit confirmation and reminder: the time in Oslo, the place, how to move it', () => {
    const confirmation = letter('home_visit_confirmation');
    expect(confirmation.subject).toBe('Bekreftelse på hjemmebesøk');
    expect(confirmation.body).toContain('10. februar 2027 kl. 10.30');
    expect(confirmation.body).toContain(`Vi kommer til ${APPLICANT.address}.`);
    expect(confirmation.body).toContain(`ring oss på ${m.office.phone}`);
    const reminder = letter('home_visit_reminder');
    expect(reminder.subject).toBe('Påminnelse om hjemmebesøk');
    expect(reminder.body).toContain('Vi minner om at vi kommer på hjemmebesøk til deg 10. februar 2027 kl. 10.30.');
  });

  it('appeal acknowledgement: received, reconsidered first, then the appeal body', () => {
    const { subject, body } = letter('appeal_acknowledgement');
    expect(subject).toBe('Vi har mottatt klagen din');
    expect(body).toContain('Vi mottok 20. mars 2027 klagen din på vedtaket av 5. mars 2027');
    expect(body).toContain('Først vurderer vi saken på nytt (forvaltningsloven § 33)');
    expect(body).toContain('Statsforvalteren i Trøndelag eller klageutvalget i Namsos kommune');
  });

  it('appeal acknowledgement of a late appeal says it may still be considered (fvl § 31)', () => {
    const view = viewFor('appeal_acknowledgement', m, 'refused');
    view.appeal = { ...view.appeal!, late: true, receivedAt: '2027-04-06T10:00:00.000Z' };
    view.flags.lateAppeal = true;
    const { body } = render('appeal_acknowledgement', view, m);
    expect(body).toContain(`Klagen kom etter at klagefristen gikk ut (${STATSFORVALTEREN_LAST_DAY})`);
    expect(body).toContain('forvaltningsloven § 31');
  });

  it('appeal forwarded: to whom, and the office’s reasons', () => {
    const { subject, body } = letter('appeal_forwarded');
    expect(subject).toBe('Klagen din er sendt til Statsforvalteren i Trøndelag');
    expect(body).toContain('Vår vurdering\nKlagen gir ingen nye opplysninger om behovet.');
    expect(body).toContain('sendt klagen og dokumentene i saken til Statsforvalteren i Trøndelag');
  });

  it('appeal outcome: upheld, reversed, quashed, and dismissed by the office', () => {
    const upheld = letter('appeal_outcome');
    expect(upheld.body).toContain('Statsforvalteren i Trøndelag har behandlet klagen din og kommet fram til at vedtaket ikke skal endres.');
    expect(upheld.body).toContain('Begrunnelsen fra Statsforvalteren i Trøndelag\nKommunens vurdering er forsvarlig.');
    expect(upheld.body).toContain('kan ikke påklages');

    const view = viewFor('appeal_outcome', m, 'granted');
    const reversed = render('appeal_outcome', { ...view, appeal: { ...view.appeal!, appealBodyDecision: { outcome: 'reversed', justification: null, at: view.appeal!.appealBodyDecision!.at } } }, m);
    expect(reversed.subject).toBe('Klagen din er avgjort – du har fått medhold');
    expect(reversed.body).toContain('• Hjemmesykepleie: 5 timer per uke');

    const quashed = render('appeal_outcome', { ...view, status: 'under_assessment', appeal: { ...view.appeal!, appealBodyDecision: { outcome: 'quashed', justification: 'Saken er ikke godt nok opplyst.', at: view.appeal!.appealBodyDecision!.at } } }, m);
    expect(quashed.body).toContain('opphevet vedtaket');
    expect(quashed.body).toContain('Du får et nytt vedtak fra oss. Det nye vedtaket kan du klage på.');

    const dismissed = render('appeal_outcome', { ...view, status: 'decided', appeal: { ...view.appeal!, reconsideration: { outcome: 'dismissed', justification: 'Klagen er ikke underskrevet.', at: view.appeal!.reconsideration!.at }, appealBodyDecision: null } }, m);
    expect(dismissed.subject).toBe('Klagen din er avvist');
    expect(dismissed.body).toContain('Begrunnelse\nKlagen er ikke underskrevet.');
  });

  it('re-evaluation notice: the services running, and that they go on until a new decision', () => {
    const { subject, body } = letter('re_evaluation_notice');
    expect(subject).toBe('Vi skal vurdere tjenestene dine på nytt');
    expect(body).toContain('Du har i dag hjemmesykepleie, praktisk bistand og trygghetsalarm etter vedtaket av 5. mars 2027.');
    expect(body).toContain('Du får tjenestene som før');
  });

  it('expiry notice: the last day and what to do', () => {
    const { subject, body } = letter('expiry_notice', 'partially_granted');
    expect(subject).toBe('Vedtaket ditt går snart ut');
    expect(body).toContain('Vedtaket ditt om hjemmesykepleie og trygghetsalarm gjelder til og med 31. august 2027.');
    expect(body).toContain('må du søke på nytt');
  });

  it('closing: withdrawn, refused and final, terminated (with how to appeal), expired', () => {
    const view = viewFor('closing', m, 'granted');
    const withdrawn = render('closing', { ...view, closedReason: 'withdrawn' }, m, { reason: 'Søkeren ringte og trakk søknaden.' });
    expect(withdrawn.body).toContain('er trukket tilbake, og har avsluttet saken');
    expect(withdrawn.body).toContain('Søkeren ringte og trakk søknaden.');

    const refused = letter('closing', 'refused');
    expect(refused.body).toContain('Klagefristen har gått ut uten at vi har fått noen klage, og vedtaket er nå endelig.');

    const terminated = render('closing', { ...view, closedReason: 'terminated' }, m);
    expect(terminated.subject).toBe('Tjenestene dine avsluttes');
    expect(terminated.body).toContain('• Hjemmesykepleie og praktisk bistand: klagefristen er 4 uker');
    expect(terminated.body).toContain('• Trygghetsalarm: klagefristen er 3 uker');

    const expired = letter('closing', 'partially_granted');
    expect(expired.body).toContain('gjaldt til og med 31. august 2027');
  });
});

describe('a letter never carries a national id', () => {
  it('removes one a caseworker typed into the justification', () => {
    const m = municipality('namsos');
    const view = decidedView(m, 'refused');
    view.decision!.justification = `Søker (fnr ${NATIONAL_ID}, også skrevet 311299 56715) klarer seg selv.`;
    const { body } = render('decision', view, m);
    expect(body).not.toContain(NATIONAL_ID);
    expect(body).not.toContain('311299 56715');
    expect(body).toContain('[fødselsnummer fjernet]');
  });

  it('leaves case ids, phone numbers and dates alone', () => {
    const text = 'Saksnummer 5d8f0f5e-1c1b-4c55-9a43-123456789012, telefon 95 98 81 35, 2. april 2027';
    expect(redactNationalIds(text)).toBe(text);
  });
});

describe('deadline dates', () => {
  it('a period that runs out at an Oslo midnight is printed as the day before; a plain duration with its time', () => {
    expect(formatDeadline('2027-04-02T22:00:00.000Z')).toBe('2. april 2027');
    expect(formatDeadline('2027-03-30T22:00:00.000Z')).toBe('30. mars 2027');
    expect(formatDeadline('2027-01-31T23:00:00.000Z')).toBe('31. januar 2027');
    expect(formatDeadline('2027-04-02T08:30:00.000Z')).toBe('2. april 2027 kl. 10.30');
  });
});

describe('the notice by SMS or e-mail', () => {
  const healthWords = [
    ...SERVICE_CATALOGUE.map((s) => s.name.toLowerCase()),
    'sykepleie',
    'helse',
    'omsorg',
    'pleie',
    'demens',
    'sykehjem',
    'vedtak',
    'avslag',
    'innvilget',
    'klage',
    'søknad',
    'medisin',
  ];
  for (const m of MUNICIPALITIES) {
    for (const channel of ['sms', 'email'] as const) {
      it(`${m.id} by ${channel}: says only who wrote and where to read it`, () => {
        const notice = renderNotice(m, channel);
        expect(notice.text).toContain(`Du har fått et nytt brev fra ${m.office.name} i ${m.name}. Les det i din digitale postkasse. Spørsmål: ${m.office.phone}.`);
        for (const text of [notice.subject.toLowerCase(), notice.text.toLowerCase()]) {
          for (const word of healthWords) expect(text).not.toContain(word);
          expect(text).not.toContain(APPLICANT.name.toLowerCase());
          expect(text).not.toContain('kari');
          expect(text).not.toContain(NATIONAL_ID);
        }
      });
    }
  }

  it('matches the example in the issue for Namsos', () => {
    expect(renderNotice(municipality('namsos'), 'sms').text).toBe(
      'Du har fått et nytt brev fra Brukerkontoret i Namsos kommune. Les det i din digitale postkasse. Spørsmål: 95 98 81 35.',
    );
  });
});
