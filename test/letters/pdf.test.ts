// The letter as a PDF, read back: the text, the Norwegian letters, the office, the date, the pages.
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { renderLetterPdf, toWinAnsi } from '../../letters/pdf';
import { renderLetter } from '../../letters/render';
import { APPLICANT, decidedView, municipality, NATIONAL_ID } from './fixtures';

async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

/** Text extraction breaks lines where the PDF does: compare with whitespace collapsed. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A long word (a case id) may be broken after a hyphen: compare without any whitespace. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

describe('renderLetterPdf', () => {
  const m = municipality('namsos');
  const view = decidedView(m, 'partially_granted');
  // The applicant as stored, national id included: neither the letter nor its PDF may print it.
  const letter = renderLetter({ kind: 'decision', view, municipality: m, applicant: APPLICANT, details: {} });

  it('writes the whole letter, with æøå, §, – and the office, readable back', async () => {
    const pdf = await renderLetterPdf({
      subject: letter.subject,
      body: letter.body,
      createdAt: new Date('2027-03-05T10:00:00.000Z'),
      municipalityName: m.name,
      office: m.office,
      recipient: APPLICANT,
      reference: view.id,
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);
    const all = flat(text);
    expect(squash(all)).not.toContain(NATIONAL_ID);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(all).toContain(flat(letter.subject));
    expect(all).toContain('Namsos kommune');
    expect(all).toContain('Brukerkontoret');
    expect(all).toContain('Telefon 95 98 81 35');
    expect(all).toContain('Mandag–fredag 10.00–14.00');
    expect(all).toContain('Dato: 5. mars 2027');
    expect(squash(all)).toContain(squash(`Saksnummer: ${view.id}`));
    expect(all).toContain('Kari Nordmann Storgata 1 7800 Namsos');
    expect(all).toContain('Klagen må være postlagt eller levert til oss senest 2. april 2027.');
    expect(all).toContain('Klageinstans er klageutvalget i Namsos kommune (forvaltningsloven § 28 andre ledd).');
    expect(all).toContain('Søknaden din er delvis innvilget.');
    expect(all).toContain('• Hjemmesykepleie: 3,5 timer per uke, fra og med 8. mars 2027 til og med 31. august 2027');
    expect(all).toContain('Åpningstid: Mandag–fredag 10.00–14.00');
    expect(all).toContain(`Side 1 av ${pages}`);
    expect(all).not.toContain(NATIONAL_ID);
    // Every paragraph of the letter is there, word for word.
    for (const paragraph of letter.body.split(/\n{2,}/)) expect(squash(all)).toContain(squash(paragraph));
  });

  it('works without a recipient block (a download from the API) and with the date as a string', async () => {
    const pdf = await renderLetterPdf({
      subject: 'Vi har mottatt søknaden din',
      body: 'Hei, Kari Nordmann\n\nTakk for søknaden din om hjemmesykepleie.\n',
      createdAt: '2027-02-01T09:00:00.000Z',
      municipalityName: 'Nordre Land kommune',
      office: municipality('nordre-land').office,
    });
    const all = flat((await pdfText(pdf)).text);
    expect(all).toContain('Dato: 1. februar 2027');
    expect(all).toContain('Takk for søknaden din om hjemmesykepleie.');
    expect(all).toContain('Tildeling og koordinering');
  });

  it('keeps what Helvetica can write and replaces only what it cannot', () => {
    expect(toWinAnsi('Blåbærsyltetøy ÆØÅ § «sitat» “sitat” – … €')).toBe('Blåbærsyltetøy ÆØÅ § «sitat» “sitat” – … €');
    expect(toWinAnsi('Ŧest ✓')).toBe('?est ?');
  });
});
