// The waiting-list decision's letter (pasient- og brukerrettighetsloven § 2-1 e, issue 24), read as
// the applicant reads it: that they qualify and are on the waiting list (never "innvilget" nor
// "avslått"), that the case stays open until a place is offered, the appeal route and the office's
// postal address; and the grant that place-offered issues. Moved by the pure decider.
import { describe, expect, it } from 'vitest';
import { renderLetter } from '../../letters/render';
import { renderLetterPdf, toWinAnsi } from '../../letters/pdf';
import { caseFacts, LawCase } from '../domain/law/caseDriver';
import { APPLICANT, municipality } from './fixtures';

const m = municipality('namsos');
const POSTAL = 'Brukerkontoret, Namsos kommune, Stavarvegen 2, 7856 Jøa';

function render(c: LawCase) {
  return renderLetter({ kind: 'decision', view: c.view, municipality: m, applicant: { name: APPLICANT.name, address: APPLICANT.address }, details: {} });
}

function onWaitingList(): LawCase {
  const c = new LawCase(caseFacts({ services: ['long_term_stay'], receivedAt: '2027-02-01T09:00:00.000Z', reductions: true }));
  c.step('2027-03-03T09:00:00.000Z', 'decision', {
    outcome: 'granted',
    services: [{ code: 'long_term_stay', outcome: 'waiting_list' }],
    justification: 'Du trenger tilsyn og pleie hele døgnet, men det er ingen ledig plass nå.',
  });
  return c;
}

describe('the waiting-list decision letter', () => {
  it('says the applicant qualifies and is on the waiting list, that the case stays open, with the appeal route and postal address', () => {
    const { subject, body } = render(onWaitingList());
    expect(subject).toBe('Vedtak om langtidsopphold i sykehjem – venteliste');
    expect(body).toContain('Du fyller vilkårene for langtidsopphold i sykehjem. Det er ikke ledig plass som passer for deg nå, og du er derfor satt på venteliste.');
    expect(body).toContain('Du står på venteliste for:\n• Langtidsopphold i sykehjem');
    expect(body).toContain('pasient- og brukerrettighetsloven § 2-1 e');
    expect(body).toContain('Saken din er ikke avsluttet. Så snart vi kan tilby deg en plass, får du et nytt vedtak');
    expect(body).not.toMatch(/innvilget|avslått|Du får ikke/);
    expect(body).toContain('Du har rett til å klage på vedtaket.');
    expect(body).toContain('Klageinstans er Statsforvalteren i Trøndelag');
    expect(body).toContain(POSTAL);
    expect(body).toMatch(/^Hei, /);
    expect(body).toContain('Med vennlig hilsen\nBrukerkontoret\nNamsos kommune');
  });

  it('renders to PDF like the others, every character printable', async () => {
    const letter = render(onWaitingList());
    expect(toWinAnsi(letter.body)).toBe(letter.body.replace(/\t/g, '    '));
    const pdf = await renderLetterPdf({ ...letter, createdAt: '2027-03-03T09:00:00.000Z', municipalityName: m.name, office: m.office, recipient: { name: APPLICANT.name } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the place offered is a grant from the day given, with a new appeal period', () => {
    const c = onWaitingList();
    c.fire(c.view.deadlines.appealBy!, 'appealDeadline');
    c.step('2027-05-10T09:00:00.000Z', 'place-offered', { from: '2027-05-20' });
    const { subject, body } = render(c);
    expect(subject).toBe('Vedtak om langtidsopphold i sykehjem – innvilget');
    expect(body).toContain('Du får:\n• Langtidsopphold i sykehjem');
    expect(body).toContain('20. mai 2027');
    expect(body).toContain('det er nå ledig plass til deg');
    expect(body).not.toContain('venteliste for:');
    expect(body).toContain(POSTAL);
  });
});
