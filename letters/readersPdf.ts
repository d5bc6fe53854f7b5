// "Hvem har lest saken": the access log of one case as a PDF in bokmål, for an applicant who asks who
// has seen their case (innsyn). The same look as the letters (letters/pdf.ts): Helvetica, A4, the
// municipality at the top, "Side 1 av 2" at the foot.
import PDFDocument from 'pdfkit';
import type { Office } from '../domain/policy/policyTypes';
import { formatNorwegianDate } from '../domain/calendar/norwegianDate';
import { toWinAnsi } from './pdf';

export interface AccessRow {
  at: Date;
  actor: string;
  role: string;
  action: string;
}

export interface ReadersReport {
  municipalityName: string;
  office: Office;
  caseId: string;
  caseNumber: string | null;
  /** Who made the report (the auditor's sub), and when. */
  madeBy: string;
  madeAt: Date;
  rows: AccessRow[];
  /** More rows than the report lists: it says so. */
  truncated: boolean;
}

const ROLES: Record<string, string> = { caseworker: 'Saksbehandler', manager: 'Leder', auditor: 'Revisor' };

/** The access log's fixed action names, in bokmål. */
const ACTIONS: Record<string, string> = {
  'case.view': 'Åpnet saken',
  'case.events': 'Leste historikken',
  'case.letters': 'Leste brevene',
  'case.letter_pdf': 'Åpnet et brev (PDF)',
  'case.register': 'Registrerte saken',
  'case.assignee': 'Så eller endret saksbehandler',
  'case.hold': 'Satte saken på vent eller tok den av',
  'case.decision.proposal': 'Foreslo et vedtak til godkjenning',
  'case.decision.proposal.read': 'Leste vedtak til godkjenning',
  'case.decision.proposal.return': 'Sendte tilbake et foreslått vedtak',
  'case.decision.preview': 'Forhåndsviste vedtaksbrev',
  'case.steps': 'Så hvilke steg saken tillater',
  'case.readers.pdf': 'Laget denne oversikten',
};

function actionText(action: string): string {
  if (ACTIONS[action]) return ACTIONS[action];
  if (action.startsWith('case.step.')) return `Behandlet saken (${action.slice('case.step.'.length)})`;
  return action;
}

const TIME = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Oslo' });

export interface Reader {
  actor: string;
  role: string;
  count: number;
  first: Date;
  last: Date;
}

/** One line per person (and role), in the order they first read the case. */
export function readersOf(rows: readonly AccessRow[]): Reader[] {
  const byKey = new Map<string, Reader>();
  for (const row of rows) {
    const key = `${row.actor}\u0000${row.role}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { actor: row.actor, role: row.role, count: 1, first: row.at, last: row.at });
    else {
      seen.count++;
      if (row.at < seen.first) seen.first = row.at;
      if (row.at > seen.last) seen.last = row.at;
    }
  }
  return [...byKey.values()].sort((a, b) => a.first.getTime() - b.first.getTime());
}

const MARGIN = 56;
const FOOTER_HEIGHT = 28;

export async function renderReadersPdf(report: ReadersReport): Promise<Buffer> {
  const title = `Hvem har lest saken ${report.caseNumber ?? report.caseId}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_HEIGHT },
    bufferPages: true,
    lang: 'nb-NO',
    displayTitle: true,
    info: { Title: toWinAnsi(title), Author: toWinAnsi(`${report.office.name}, ${report.municipalityName}`), CreationDate: report.madeAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN * 2;

  doc.font('Helvetica-Bold').fontSize(16).text(toWinAnsi(report.municipalityName), { width });
  doc.font('Helvetica').fontSize(10).text(toWinAnsi(report.office.name), { width });
  doc.moveDown(0.5);
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(0.5).strokeColor('#888888').stroke();
  doc.moveDown(1);

  doc.font('Helvetica-Bold').fontSize(13).text(toWinAnsi('Hvem har lest saken'), { width });
  doc.moveDown(0.4);
  const meta = [
    `Saksnummer: ${report.caseNumber ?? '–'}`,
    `Saks-id: ${report.caseId}`,
    `Laget: ${formatNorwegianDate(report.madeAt)} (${TIME.format(report.madeAt)}) av ${report.madeBy}`,
  ];
  doc.font('Helvetica').fontSize(10).text(toWinAnsi(meta.join('\n')), { width, lineGap: 1 });
  doc.moveDown(0.8);
  doc
    .fontSize(10)
    .text(
      toWinAnsi(
        'Oversikten er hentet fra tilgangsloggen og viser hvem i kommunen som har sett opplysninger i saken i fagsystemet, ' +
          'i hvilken rolle og når. Den er laget for å svare på en forespørsel om innsyn (personvernforordningen artikkel 15). ' +
          'At denne oversikten ble laget, står selv i tilgangsloggen.',
      ),
      { width, lineGap: 2 },
    );
  doc.moveDown(1);

  const bottom = () => doc.page.height - doc.page.margins.bottom;
  /** One row of a table at fixed column positions; a new page (with the header again) when it would not fit. */
  const table = (columns: Array<{ title: string; width: number; align?: 'left' | 'right' }>, rows: string[][]) => {
    const line = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      const height = Math.max(...cells.map((cell, i) => doc.heightOfString(toWinAnsi(cell), { width: columns[i]!.width - 6 }))) + 4;
      if (doc.y + height > bottom()) {
        doc.addPage();
        if (!bold) line(columns.map((c) => c.title), true);
        doc.font('Helvetica').fontSize(9);
      }
      const top = doc.y;
      let x = MARGIN;
      cells.forEach((cell, i) => {
        doc.text(toWinAnsi(cell), x, top, { width: columns[i]!.width - 6, align: columns[i]!.align ?? 'left' });
        x += columns[i]!.width;
      });
      doc.x = MARGIN;
      doc.y = top + height;
      if (bold) doc.moveTo(MARGIN, doc.y - 1).lineTo(MARGIN + width, doc.y - 1).lineWidth(0.5).strokeColor('#888888').stroke();
    };
    line(columns.map((c) => c.title), true);
    for (const row of rows) line(row, false);
  };

  const readers = readersOf(report.rows);
  doc.font('Helvetica-Bold').fontSize(11).text(toWinAnsi(`Personer som har lest saken (${readers.length})`), MARGIN, doc.y, { width });
  doc.moveDown(0.4);
  if (readers.length === 0) doc.font('Helvetica').fontSize(10).text(toWinAnsi('Ingen har lest saken.'), { width });
  else
    table(
      [
        { title: 'Person', width: width * 0.3 },
        { title: 'Rolle', width: width * 0.16 },
        { title: 'Oppslag', width: width * 0.12, align: 'right' },
        { title: 'Første gang', width: width * 0.21 },
        { title: 'Siste gang', width: width * 0.21 },
      ],
      readers.map((r) => [r.actor, ROLES[r.role] ?? r.role, String(r.count), TIME.format(r.first), TIME.format(r.last)]),
    );
  doc.moveDown(1.2);

  doc.font('Helvetica-Bold').fontSize(11).text(toWinAnsi(`Hvert oppslag (${report.rows.length})`), MARGIN, doc.y, { width });
  doc.moveDown(0.4);
  table(
    [
      { title: 'Tidspunkt', width: width * 0.2 },
      { title: 'Person', width: width * 0.3 },
      { title: 'Rolle', width: width * 0.16 },
      { title: 'Hva', width: width * 0.34 },
    ],
    report.rows.map((r) => [TIME.format(r.at), r.actor, ROLES[r.role] ?? r.role, actionText(r.action)]),
  );
  if (report.truncated) {
    doc.moveDown(0.8);
    doc.font('Helvetica-Oblique').fontSize(9).text(toWinAnsi('Loggen har flere oppslag enn oversikten viser: de eldste er tatt med. Søk i tilgangsloggen for resten.'), MARGIN, doc.y, { width });
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#666666')
      .text(toWinAnsi(`${report.municipalityName} · Tilgangslogg for sak ${report.caseNumber ?? report.caseId} · Side ${i - range.start + 1} av ${range.count}`), MARGIN, doc.page.height - MARGIN, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.fillColor('black');
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return finished;
}
