// The letters of decisions that reduce or end a service (issue 24), read as the applicant reads them:
// the advance notice (fvl § 16) with what is proposed, why, the deadline and how to comment; a
// reduction from 10 to 2 hours that says so (never "innvilget"), names the decision it replaces and
// from when (fvl §§ 24–25); a termination with its end date and legal basis; and in each, the right
// to ask for deferred implementation (fvl § 42), the appeal route and the office's postal address.
// The cases are moved by the pure decider, as the workflow moves them.
import { describe, expect, it } from 'vitest';
import { renderLetter } from '../../letters/render';
import { renderLetterPdf, toWinAnsi } from '../../letters/pdf';
import type { LetterKind } from '../../domain/case/caseTypes';
import { caseFacts, LawCase } from '../domain/law/caseDriver';
import { APPLICANT, municipality } from './fixtures';

const m = municipality('namsos');
const POSTAL = 'Brukerkontoret, Namsos kommune, Stavarvegen 2, 7856 Jøa';

function render(c: LawCase, kind: LetterKind) {
  return renderLetter({ kind, view: c.view, municipality: m, applicant: { name: APPLICANT.name, address: APPLICANT.address }, details: {} });
}

/** Home nursing, 10 hours a week, granted 4 January 2027 and running. */
function running(): LawCase {
  const c = new LawCase(caseFacts({ services: ['home_nursing'], receivedAt: '2026-12-14T09:00:00.000Z', reductions: true }));
  c.step('2027-01-04T09:00:00.000Z', 'decision', { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 10 }], justification: 'Du trenger hjelp morgen og kveld.' });
  c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
  return c;
}

const notice = { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2 }], reason: 'Etter opptreningen klarer du morgenstellet selv, og hjemmesykepleien har sett at du trenger mindre hjelp.' };

describe('the advance notice (forhåndsvarsel)', () => {
  it('says what is proposed (10 to 2 hours), why, the deadline for comments, how to comment, that it is no decision, and where an appeal would go', () => {
    const c = running();
    c.step('2027-05-03T08:00:00.000Z', 'advance-notice', notice);
    const { subject, body } = render(c, 'advance_notice');
    expect(subject).toBe('Forhåndsvarsel: vi vurderer å redusere hjemmesykepleie');
    expect(body).toContain('Vi vurderer å endre vedtaket ditt av 4. januar 2027 om hjemmesykepleie.');
    expect(body).toContain('forhåndsvarsel etter forvaltningsloven § 16');
    expect(body).toContain('• Hjemmesykepleie: redusere fra 10 timer per uke til 2 timer per uke');
    expect(body).toContain(`Hvorfor\n${notice.reason}`);
    // Two weeks from Monday 3 May: 17 May is a holiday (and 2. pinsedag), so Tuesday 18 May.
    expect(body).toContain('senest 18. mai 2027');
    expect(body).toContain(POSTAL);
    expect(body).toContain('telefon 95 98 81 35');
    expect(body).toContain('Dette brevet er et varsel, ikke et vedtak, og det kan ikke påklages.');
    expect(body).toContain('Fram til et eventuelt nytt vedtak får du tjenestene som før.');
    expect(body).toContain('forvaltningsloven § 42');
    expect(body).toContain('Hjemmesykepleie: klagefristen blir 4 uker, og klageinstans er Statsforvalteren i Trøndelag');
    expect(body).toMatch(/^Hei, /);
    expect(body).toContain('Med vennlig hilsen\nBrukerkontoret\nNamsos kommune');
  });
});

describe('a decision that reduces a service', () => {
  it('is called a change and a reduction, never a grant; names the decision it replaces, 10 → 2 hours and from when', () => {
    const c = running();
    c.step('2027-05-03T08:00:00.000Z', 'advance-notice', notice);
    c.step('2027-05-19T08:00:00.000Z', 're-evaluation', {
      outcome: 'changed',
      decision: { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Du klarer nå morgenstellet selv. Du trenger fortsatt hjelp med medisiner om kvelden.' },
      effectiveFrom: '2027-06-01',
    });
    const { subject, body } = render(c, 'decision');
    expect(subject).toBe('Vedtak om endring av hjemmesykepleie – redusert');
    expect(subject).not.toContain('innvilget');
    expect(body).not.toContain('innvilget');
    expect(body).not.toContain('Saken gjelder søknaden vi mottok');
    expect(body).toContain('Dette vedtaket endrer vedtaket vårt av 4. januar 2027 og erstatter det fra og med 1. juni 2027.');
    expect(body).toContain('• Hjemmesykepleie: reduseres fra 10 timer per uke til 2 timer per uke');
    expect(body).toContain('Endringen gjelder fra og med 1. juni 2027. Fram til da får du tjenestene som før.');
    expect(body).toContain('Begrunnelse\nDu klarer nå morgenstellet selv.');
    expect(body).toContain('Vi sendte deg forhåndsvarsel 3. mai 2027, med frist for å uttale deg til 18. mai 2027');
    expect(body).toContain('helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a');
    expect(body).toContain('Klageinstans er Statsforvalteren i Trøndelag');
    expect(body).toContain(POSTAL);
    expect(body).toContain('utsatt iverksetting, forvaltningsloven § 42');
  });

  it('states the urgency that left out the advance notice (§ 16 tredje ledd)', () => {
    const c = running();
    c.step('2027-05-03T08:00:00.000Z', 're-evaluation', {
      outcome: 'changed',
      decision: { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Behovet er mindre.' },
      effectiveFrom: '2027-05-10',
      urgent: { reason: 'Du er innlagt på sykehus på ubestemt tid.' },
    });
    const { body } = render(c, 'decision');
    expect(body).toContain('Vi har ikke sendt deg forhåndsvarsel før dette vedtaket, fordi saken ikke kunne vente: Du er innlagt på sykehus på ubestemt tid.');
    expect(body).toContain('forvaltningsloven § 16 tredje ledd');
  });
});

describe('a termination', () => {
  it('gives the date the service ends, the decision it ends, the legal basis, the appeal route and the right to ask for deferral', () => {
    const c = running();
    c.step('2027-05-03T08:00:00.000Z', 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'terminate' }], reason: 'Du klarer deg nå selv.' });
    const notified = render(c, 'advance_notice');
    expect(notified.subject).toBe('Forhåndsvarsel: vi vurderer å avslutte hjemmesykepleie');
    expect(notified.body).toContain('• Hjemmesykepleie: avslutte tjenesten (du har i dag 10 timer per uke)');
    c.step('2027-05-19T08:00:00.000Z', 're-evaluation', { outcome: 'terminated', justification: 'Du klarer nå både stell og medisiner selv.', effectiveFrom: '2027-06-01' });
    const { subject, body } = render(c, 'closing');
    expect(subject).toBe('Vedtak om avslutning av hjemmesykepleie');
    expect(body).toContain('hjemmesykepleie skal avsluttes fra og med 1. juni 2027');
    expect(body).toContain('Det endrer vedtaket vårt av 4. januar 2027');
    expect(body).toContain('• Hjemmesykepleie: avsluttes (du har i dag 10 timer per uke)');
    expect(body).toContain('Begrunnelse\nDu klarer nå både stell og medisiner selv.');
    expect(body).toContain('Vedtaket er gjort etter disse reglene:\n• Hjemmesykepleie: helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a');
    expect(body).toContain('pasient- og brukerrettighetsloven § 2-1 a andre ledd');
    expect(body).toContain('Klageinstans er Statsforvalteren i Trøndelag');
    expect(body).toMatch(/klagen må være postlagt eller levert til oss senest \d+\. juni 2027/);
    expect(body).toContain(POSTAL);
    expect(body).toContain('utsatt iverksetting, forvaltningsloven § 42');
  });
});

describe('the new letters as PDF', () => {
  it('render to PDF like the others, every character printable', async () => {
    const c = running();
    c.step('2027-05-03T08:00:00.000Z', 'advance-notice', notice);
    const letter = render(c, 'advance_notice');
    expect(toWinAnsi(letter.body)).toBe(letter.body.replace(/\t/g, '    '));
    const pdf = await renderLetterPdf({ ...letter, createdAt: '2027-05-03T08:00:00.000Z', municipalityName: m.name, office: m.office, recipient: { name: APPLICANT.name } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the answer on deferred implementation (fvl § 42)', () => {
  function appealed(): LawCase {
    const c = running();
    c.step('2027-05-03T08:00:00.000Z', 're-evaluation', {
      outcome: 'changed',
      decision: { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Behovet er mindre.' },
      effectiveFrom: '2027-06-01',
      urgent: { reason: 'Du er innlagt på sykehus på ubestemt tid.' },
    });
    c.step('2027-05-05T08:00:00.000Z', 'appeal', { text: 'Jeg trenger hjelpen.' });
    return c;
  }

  it('yes: the decision waits, and the services go on as before (10 hours)', () => {
    const c = appealed();
    c.step('2027-05-06T08:00:00.000Z', 'deferral', { granted: true, justification: 'Klagen bør avgjøres før hjelpen reduseres.' });
    const { subject, body } = render(c, 'deferral_answer');
    expect(subject).toBe('Svar om utsatt iverksetting: vedtaket venter til klagen er avgjort');
    expect(body).toContain('Du har bedt om at vedtaket vårt av 3. mai 2027 om hjemmesykepleie ikke settes i verk før klagen din er avgjort.');
    expect(body).toContain('forvaltningsloven § 42');
    expect(body).toContain('Fram til klagen er avgjort, får du tjenestene som før:\n• Hjemmesykepleie: 10 timer per uke');
    expect(body).toContain('Begrunnelse\nKlagen bør avgjøres før hjelpen reduseres.');
  });

  it('no: implemented from the date decided, why, not appealable, and that the appeal body may be asked', () => {
    const c = appealed();
    c.step('2027-05-06T08:00:00.000Z', 'deferral', { granted: false, justification: 'Behovet er godt dokumentert.' });
    const { subject, body } = render(c, 'deferral_answer');
    expect(subject).toBe('Svar om utsatt iverksetting: vedtaket settes i verk');
    expect(body).toContain('vedtaket settes i verk som bestemt, fra og med 1. juni 2027');
    expect(body).toContain('kan ikke påklages');
    expect(body).toContain('Du kan likevel be klageinstansen (Statsforvalteren i Trøndelag) om utsatt iverksetting');
    expect(body).toContain(POSTAL);
  });
});
