// A letter as a PDF: for the print queue and for download. Helvetica (one of the PDF standard fonts,
// nothing to embed) is written in WinAnsiEncoding, which holds æ, ø, å, §, «», – and “”; a rarer
// character is replaced by "?" rather than printed wrong.
import PDFDocument from 'pdfkit';
import type { Office } from '../domain/policy/policyTypes';
import { formatNorwegianDate } from '../domain/calendar/norwegianDate';

export interface PdfLetter {
  subject: string;
  body: string;
  createdAt: Date | string;
  municipalityName: string;
  office: Office;
  /** The address block of a letter sent by post. */
  recipient?: { name: string; address?: string };
  /** The case id, printed as the reference. */
  reference?: string;
}

// What WinAnsiEncoding has beyond Latin-1.
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\t/g, '    ').replace(/\r\n?/g, '\n')) {
    const code = ch.codePointAt(0) ?? 0;
    const latin1 = ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);
    out += latin1 || WIN_ANSI_EXTRAS.has(ch) ? ch : '?';
  }
  return out;
}

const MARGIN = 64;
const FOOTER_HEIGHT = 28;

/** A paragraph that opens with a short line and no closing punctuation starts with a heading. */
function headingOf(paragraph: string): { heading: string | null; rest: string } {
  const [first = '', ...rest] = paragraph.split('\n');
  const isHeading =
    rest.length > 0 && first.length <= 60 && !/[.:,!?]$/.test(first) && !first.startsWith('•') && first !== 'Med vennlig hilsen';
  return isHeading ? { heading: first, rest: rest.join('\n') } : { heading: null, rest: paragraph };
}

export async function renderLetterPdf(letter: PdfLetter): Promise<Buffer> {
  const createdAt = letter.createdAt instanceof Date ? letter.createdAt : new Date(letter.createdAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_HEIGHT },
    bufferPages: true,
    lang: 'nb-NO',
    displayTitle: true,
    info: {
      Title: toWinAnsi(letter.subject),
      Author: toWinAnsi(`${letter.office.name}, ${letter.municipalityName}`),
      CreationDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN * 2;
  const { office } = letter;

  // Letterhead: the municipality, the office, how to reach it.
  doc.font('Helvetica-Bold').fontSize(16).text(toWinAnsi(letter.municipalityName), { width });
  doc.font('Helvetica').fontSize(10).text(toWinAnsi(office.name), { width });
  doc
    .fontSize(9)
    .fillColor('#444444')
    .text(toWinAnsi(`${office.address}  ·  Telefon ${office.phone}  ·  ${office.hours}${office.email ? `  ·  ${office.email}` : ''}`), { width });
  doc.fillColor('black');
  doc.moveDown(0.5);
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(0.5).strokeColor('#888888').stroke();
  doc.moveDown(1.2);

  // The recipient's address block on the left, date and reference on the right.
  const blockTop = doc.y;
  if (letter.recipient) {
    const lines = [letter.recipient.name, ...(letter.recipient.address ?? '').split(/\s*[,\n]\s*/)].filter((l) => l.trim() !== '');
    doc.font('Helvetica').fontSize(11).text(toWinAnsi(lines.join('\n')), MARGIN, blockTop, { width: width * 0.45 });
  }
  const afterRecipient = doc.y;
  const meta = [`Dato: ${formatNorwegianDate(createdAt)}`];
  if (letter.reference) meta.push(`Saksnummer: ${letter.reference}`);
  doc.font('Helvetica').fontSize(9).text(toWinAnsi(meta.join('\n')), MARGIN + width * 0.45, blockTop, { width: width * 0.55, align: 'right' });
  doc.x = MARGIN;
  doc.y = Math.max(afterRecipient, doc.y);
  doc.moveDown(2);

  doc.font('Helvetica-Bold').fontSize(13).text(toWinAnsi(letter.subject), MARGIN, doc.y, { width });
  doc.moveDown(0.8);

  for (const paragraph of letter.body.trim().split(/\n{2,}/)) {
    const { heading, rest } = headingOf(paragraph);
    if (heading) doc.font('Helvetica-Bold').fontSize(11).text(toWinAnsi(heading), { width, lineGap: 2 });
    doc.font('Helvetica').fontSize(11).text(toWinAnsi(rest), { width, lineGap: 2 });
    doc.moveDown(0.7);
  }

  // "Side 1 av 2" at the foot of every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#666666')
      .text(
        toWinAnsi(`${letter.municipalityName} · ${office.name} · Side ${i - range.start + 1} av ${range.count}`),
        MARGIN,
        doc.page.height - MARGIN,
        { width, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return finished;
}
