// Fiks Arkiv, protocol v1 (ks-no/fiks-arkiv-specification): the subset this project speaks.
// A registry entry (journalpost) is created by the message no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett,
// whose payload holds arkivmelding.xml and the files it names. Each message carries the case's case
// file (saksmappe) too, both by their external keys (referanseEksternNoekkel: our system and our id):
// the archive creates the saksmappe the first time and answers "Eksisterende" after, and likewise
// answers "Eksisterende" to a journalpost whose key it already has. That is what makes a message
// sent again (after a crash, or while the archive did not answer) safe: it never makes a second entry.
// The archive answers with ...opprett.mottatt (received), then ...opprett.kvittering (the ids it
// gave), or a feilmelding (serverfeil: try again; ugyldigforespoersel, ikkefunnet: the message is wrong).
import { child, childText, parseXml, writeXml, type XmlElement, type XmlNode } from './xml';

export const MESSAGE_TYPES = {
  create: 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett',
  received: 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.mottatt',
  receipt: 'no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering',
  serverError: 'no.ks.fiks.arkiv.v1.feilmelding.serverfeil',
  invalidRequest: 'no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel',
  notFound: 'no.ks.fiks.arkiv.v1.feilmelding.ikkefunnet',
} as const;

export const NAMESPACES = {
  create: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1',
  receipt: 'https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v1',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

export const ARKIVMELDING_FILE = 'arkivmelding.xml';
export const RECEIPT_FILE = 'arkivmelding-kvittering.xml';

/** A journalpost to create: a letter out (U, utgående) or an appeal in (I, inngående). */
export interface JournalpostRequest {
  /** `system` in the arkivmelding, and the fagsystem of every external key. */
  system: string;
  caseFile: { key: string; title: string; caseNumber: string | null; caseDate: string };
  entry: {
    key: string;
    direction: 'out' | 'in';
    title: string;
    /** When the letter was written, or the appeal came in. */
    date: string;
    /** The applicant, the letter's recipient or the appeal's sender. No address: it may be protected. */
    party: { name: string; nationalId?: string };
    document: { title: string; fileName: string; mimeType: string; format: string; documentType: string };
  };
}

const kode = (name: string, value: string, description?: string): XmlNode => [name, [['kode', value], description ? ['beskrivelse', description] : undefined]];
const externalKey = (name: string, system: string, key: string): XmlNode => [name, [['fagsystem', system], ['noekkel', key]]];
// Health and care cases are exempt from public access (offentleglova § 13, forvaltningsloven § 13 første ledd nr. 1).
const screening: XmlNode = ['skjerming', [kode('tilgangsrestriksjon', '13', 'Taushetsplikt'), ['skjermingshjemmel', 'Offl. § 13 jf. fvl. § 13 (1) nr. 1']]];

export function buildArkivmelding(r: JournalpostRequest): string {
  const day = r.entry.date.slice(0, 10);
  const { party } = r.entry;
  const xml = writeXml([
    'arkivmelding',
    [
      ['system', r.system],
      ['antallFiler', 1],
      [
        'mappe',
        [
          ['tittel', r.caseFile.title],
          ['offentligTittel', 'Søknad om helse- og omsorgstjenester'],
          r.caseFile.caseNumber ? ['noekkelord', r.caseFile.caseNumber] : undefined,
          ['part', [['partNavn', party.name], kode('partRolle', 'PART', 'Part'), party.nationalId ? ['personID', [['landkode', 'NO'], ['identifikator', party.nationalId]]] : undefined]],
          screening,
          externalKey('referanseEksternNoekkel', r.system, r.caseFile.key),
          ['saksdato', r.caseFile.caseDate.slice(0, 10)],
        ],
        { 'xsi:type': 'saksmappe' },
      ],
      [
        'registrering',
        [
          ['referanseForelderMappe', [externalKey('referanseEksternNoekkel', r.system, r.caseFile.key)]],
          screening,
          [
            'dokumentbeskrivelse',
            [
              kode('dokumenttype', r.entry.document.documentType),
              kode('dokumentstatus', 'F', 'Dokumentet er ferdigstilt'),
              ['tittel', r.entry.document.title],
              kode('tilknyttetRegistreringSom', 'H', 'Hoveddokument'),
              ['dokumentnummer', 1],
              [
                'dokumentobjekt',
                [
                  ['versjonsnummer', 1],
                  kode('variantformat', 'A', 'Arkivformat'),
                  kode('format', r.entry.document.format),
                  ['mimeType', r.entry.document.mimeType],
                  ['filnavn', r.entry.document.fileName],
                  ['referanseDokumentfil', r.entry.document.fileName],
                ],
              ],
            ],
          ],
          ['tittel', r.entry.title],
          ['offentligTittel', r.entry.direction === 'out' ? 'Brev til søker' : 'Klage fra søker'],
          [
            'korrespondansepart',
            [
              kode('korrespondanseparttype', r.entry.direction === 'out' ? 'EM' : 'EA', r.entry.direction === 'out' ? 'Mottaker' : 'Avsender'),
              ['korrespondansepartNavn', party.name],
              party.nationalId ? ['personid', party.nationalId] : undefined,
              ['erSkjermet', 'true'],
            ],
          ],
          externalKey('referanseEksternNoekkel', r.system, r.entry.key),
          kode('journalposttype', r.entry.direction === 'out' ? 'U' : 'I', r.entry.direction === 'out' ? 'Utgående dokument' : 'Inngående dokument'),
          kode('journalstatus', 'J', 'Journalført'),
          ['dokumentetsDato', day],
          r.entry.direction === 'out' ? ['sendtDato', day] : ['mottattDato', day],
        ],
        { 'xsi:type': 'journalpost' },
      ],
    ],
    { xmlns: NAMESPACES.create, 'xmlns:xsi': NAMESPACES.xsi },
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

/** What the archive gave back for one arkivmelding. */
export interface ArchiveReceipt {
  caseFile: { systemId: string; key: string | null; caseYear: number | null; caseSequence: number | null; existing: boolean } | null;
  entry: { systemId: string; key: string | null; journalYear: number | null; journalSequence: number | null; journalpostNumber: number | null; existing: boolean } | null;
  /** feilmelding of a part that failed (mappeFeilet, registreringFeilet). */
  failed: string | null;
}

const int = (value: string | undefined) => (value && /^-?\d+$/.test(value) ? Number(value) : null);
const keyOf = (e: XmlElement | undefined) => childText(e, 'referanseEksternNoekkel', 'noekkel') ?? null;

/** Reads arkivmelding-kvittering.xml; throws when it does not parse or names no id. */
export function parseReceipt(xml: string): ArchiveReceipt {
  const root = parseXml(xml);
  if (root.name !== 'arkivmeldingKvittering') throw new Error(`the receipt's root is <${root.name}>, not <arkivmeldingKvittering>`);
  const mappe = child(root, 'mappeKvittering');
  const registrering = child(root, 'registreringKvittering');
  const failedPart = child(root, 'mappeFeilet') ?? child(root, 'registreringFeilet');
  const caseFileId = childText(mappe, 'systemID');
  const entryId = childText(registrering, 'systemID');
  if (mappe && !caseFileId) throw new Error('mappeKvittering has no systemID');
  if (registrering && !entryId) throw new Error('registreringKvittering has no systemID');
  return {
    caseFile: mappe
      ? { systemId: caseFileId!, key: keyOf(mappe), caseYear: int(childText(mappe, 'saksaar')), caseSequence: int(childText(mappe, 'sakssekvensnummer')), existing: childText(mappe, 'opprettetEllerEksisterende') === 'Eksisterende' }
      : null,
    entry: registrering
      ? {
          systemId: entryId!,
          key: keyOf(registrering),
          journalYear: int(childText(registrering, 'journalaar')),
          journalSequence: int(childText(registrering, 'journalsekvensnummer')),
          journalpostNumber: int(childText(registrering, 'journalpostnummer')),
          existing: childText(registrering, 'opprettetEllerEksisterende') === 'Eksisterende',
        }
      : null,
    failed: failedPart ? `${childText(failedPart, 'feilmelding') ?? 'feilet'} (feilId ${childText(failedPart, 'feilId') ?? '?'})` : null,
  };
}

/** A feilmelding's text (serverfeil, ugyldigforespoersel, ikkefunnet); the raw start when it does not parse. */
export function parseFeilmelding(xml: string): string {
  try {
    const root = parseXml(xml);
    return `${childText(root, 'feilmelding') ?? root.name} (feilId ${childText(root, 'feilId') ?? '?'})`;
  } catch {
    return xml.slice(0, 200);
  }
}

/**
 * The archive's reference shown to the office: saksnummer and the journalpost's number in the case
 * (2026/17-3), else the journal's year and sequence number (journalnummer 2026/1234), else its systemID.
 */
export function archiveReference(receipt: ArchiveReceipt): string | null {
  const e = receipt.entry;
  if (!e) return null;
  const c = receipt.caseFile;
  if (c?.caseYear && c.caseSequence && e.journalpostNumber) return `${c.caseYear}/${c.caseSequence}-${e.journalpostNumber}`;
  if (e.journalYear && e.journalSequence) return `${e.journalYear}/${e.journalSequence}`;
  return e.systemId;
}
