// Letters when someone acts for the applicant (issue 24): the letter to a guardian or authorised
// representative is addressed to them and says on whose behalf; the applicant's copy says who got
// the letter; and neither the letter, its copy nor their PDFs ever carry a national id.
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../../letters/pdf';
import { renderLetter } from '../../letters/render';
import { APPLICANT, decidedView, municipality, NATIONAL_ID } from './fixtures';

const m = municipality('namsos');
const view = decidedView(m, 'granted');
// The applicant as stored, national id included: the templates are handed the name and address only.
const applicant = { name: APPLICANT.name, address: APPLICANT.address };
const GUARDIAN = { name: 'Ola Verge', address: 'Kirkegata 5, 7800 Namsos' };
// A guardian's own national id, typed by mistake into the caseworker's note: it is taken out.
const GUARDIAN_ID = '01010150019';

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('a letter to the representative, and the copy to the applicant', () => {
  const toGuardian = renderLetter({
    kind: 'decision',
    view,
    municipality: m,
    applicant,
    details: { note: `Vergen har fødselsnummer ${GUARDIAN_ID}.` },
    addressee: { to: 'representative', role: 'guardian', ...GUARDIAN },
  });
  const copy = renderLetter({ kind: 'decision', view, municipality: m, applicant, details: {}, addressee: { to: 'applicant', copyTo: { role: 'guardian', name: GUARDIAN.name } } });

  it('greets the guardian and says whose case it is and who "du" means', () => {
    expect(toGuardian.body.startsWith('Hei, Ola Verge\n\n')).toBe(true);
    expect(toGuardian.body).toContain(
      'Vi sender dette brevet til deg fordi du er verge for Kari Nordmann. Brevet gjelder saken til Kari Nordmann. Når vi skriver «du» og «din» i brevet, mener vi Kari Nordmann.',
    );
    expect(toGuardian.subject).toMatch(/^Vedtak om .+ – gjelder Kari Nordmann$/);
  });

  it('names a fullmektig as such', () => {
    const letter = renderLetter({ kind: 'acknowledgement', view, municipality: m, applicant, details: {}, addressee: { to: 'representative', role: 'authorised', name: 'Advokat Per Hansen' } });
    expect(letter.body).toContain('fordi du er fullmektig for Kari Nordmann');
    expect(letter.subject).toBe('Vi har mottatt søknaden din – gjelder Kari Nordmann');
  });

  it("tells the applicant that the letter is a copy, and who got it", () => {
    expect(copy.subject).toMatch(/^Kopi: Vedtak om /);
    expect(copy.body.startsWith('Hei, Kari Nordmann\n\n')).toBe(true);
    expect(copy.body).toContain('Dette er en kopi til deg. Brevet er sendt til Ola Verge, som er vergen din. Brev i saken din går til vergen, og du får en kopi av dem.');
  });

  it('keeps the letter itself as it is for the applicant alone', () => {
    const alone = renderLetter({ kind: 'decision', view, municipality: m, applicant, details: {} });
    expect(alone.body.startsWith('Hei, Kari Nordmann\n\n')).toBe(true);
    expect(alone.body).not.toContain('verge');
    expect(copy.body).toContain(alone.body.slice('Hei, Kari Nordmann\n\n'.length, 200));
  });

  it('never carries a national id, in the text or in the PDF', async () => {
    for (const letter of [toGuardian, copy]) {
      expect(letter.body.replace(/\s/g, '')).not.toContain(NATIONAL_ID);
      expect(letter.body.replace(/\s/g, '')).not.toContain(GUARDIAN_ID);
      const pdf = await renderLetterPdf({ subject: letter.subject, body: letter.body, createdAt: new Date('2027-03-05T10:00:00.000Z'), municipalityName: m.name, office: m.office, recipient: GUARDIAN, reference: view.id });
      const text = (await pdfText(pdf)).replace(/\s/g, '');
      expect(text).not.toContain(NATIONAL_ID);
      expect(text).not.toContain(GUARDIAN_ID);
      expect(text).toContain('OlaVerge');
    }
    expect(toGuardian.body).toContain('[fødselsnummer fjernet]');
  });
});
