// KS Fiks SvarUt, REST API v2: a letter goes out as a forsendelse (multipart: the metadata part
// "forsendelse", then the documents), its status is asked for by id (status-sok), and a forsendelse
// is found again by the sender's reference (eksternReferanse). Every call carries a Maskinporten
// token (scope ks:fiks) and the Fiks integration's id and password.
// SvarUt does not refuse a second forsendelse with the same eksternReferanse; sendOnce() looks the
// reference up first, so a retried activity finds what an earlier attempt sent instead of sending again.
import type { MaskinportenClient } from '../maskinporten/client';

export const SVARUT_SCOPE = 'ks:fiks';

export interface SvarUtAdresse {
  navn: string;
  /** The national id (fødselsnummer): SvarUt delivers digitally only with it. Left out for the print route. */
  digitalId?: string;
  adresselinje1?: string;
  adresselinje2?: string;
  adresselinje3?: string;
  postnummer?: string;
  poststed?: string;
  land?: string;
}

export interface SvarUtForsendelse {
  tittel: string;
  mottaker: SvarUtAdresse;
  avgivendeSystem?: string;
  eksternReferanse: string;
  forsendelsestype?: string;
  kunDigitalLevering?: boolean;
  utskriftskonfigurasjon?: { utskriftMedFarger: boolean; tosidig: boolean };
  dokumenter: { filnavn: string; mimeType: string; inneholderPersonsensitivInformasjon?: boolean }[];
}

export const SVARUT_STATUSES = [
  'MOTTATT',
  'AKSEPTERT',
  'AVVIST',
  'VARSLET',
  'LEST',
  'SENDT_PRINT',
  'PRINTET',
  'MANUELT_HANDTERT',
  'SENDT_DIGITALT',
  'SENDT_SDP',
  'LEVERT_SDP',
  'KLAR_FOR_MOTTAK',
  'IKKE_LEVERT',
] as const;
export type SvarUtStatus = (typeof SVARUT_STATUSES)[number];

export interface ForsendelseStatus {
  id: string;
  status: SvarUtStatus;
  sisteStatusEndring: string;
}

/** A call SvarUt refused or did not answer. `retryable` says whether trying again later can help. */
export class SvarUtError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
    readonly retryable: boolean,
    readonly errorCode: string | null = null,
  ) {
    super(message);
    this.name = 'SvarUtError';
  }
}

export interface SvarUtOptions {
  /** e.g. https://svarut.ks.no or https://test.svarut.ks.no (the /api/v2 paths are added). */
  url: string;
  accountId: string;
  integrationId: string;
  integrationPassword: string;
  maskinporten: MaskinportenClient;
}

export interface SvarUtClient {
  /** The forsendelse ids sent from the account with this sender's reference. */
  findByEksternReferanse(eksternReferanse: string): Promise<string[]>;
  send(forsendelse: SvarUtForsendelse, documents: { filnavn: string; data: Buffer }[]): Promise<string>;
  /** Sends unless a forsendelse with this eksternReferanse is already there; then that one's id. */
  sendOnce(forsendelse: SvarUtForsendelse, documents: { filnavn: string; data: Buffer }[]): Promise<{ id: string; alreadySent: boolean }>;
  statuses(ids: readonly string[]): Promise<ForsendelseStatus[]>;
}

// 400 and 404 say the request itself is wrong; 401 and 403 an account or password an operator can put right.
function retryableStatus(status: number): boolean {
  return status !== 400 && status !== 404 && status !== 413 && status !== 415 && status !== 422;
}

export function createSvarUtClient(opts: SvarUtOptions): SvarUtClient {
  const base = `${opts.url.replace(/\/+$/, '')}/api/v2/kontoer/${encodeURIComponent(opts.accountId)}/forsendelser`;

  async function call(what: string, url: string, init: RequestInit): Promise<unknown> {
    let token: string;
    try {
      token = await opts.maskinporten.token([SVARUT_SCOPE]);
    } catch (error) {
      throw new SvarUtError(`SvarUt ${what}: no Maskinporten token: ${(error as Error).message}`, null, true);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string> | undefined),
          authorization: `Bearer ${token}`,
          IntegrasjonId: opts.integrationId,
          IntegrasjonPassord: opts.integrationPassword,
          accept: 'application/json',
        },
        // Token (8 s), KRR (8 s), look-up and send together stay below the delivery activity's
        // 1-minute start-to-close timeout, so an attempt never outlives its activity and races the
        // retry (KS advises 16 minutes for large files; a letter is small).
        signal: AbortSignal.timeout(what === 'send' ? 30_000 : 10_000),
      });
    } catch (error) {
      throw new SvarUtError(`SvarUt ${what}: no answer from ${opts.url}: ${(error as Error).message}`, null, true);
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = '';
      let code: string | null = null;
      try {
        const body = JSON.parse(text) as { message?: unknown; errorCode?: unknown; errorId?: unknown };
        if (typeof body.errorCode === 'string') code = body.errorCode;
        detail = [code, typeof body.message === 'string' ? body.message : null, typeof body.errorId === 'string' ? `errorId ${body.errorId}` : null].filter(Boolean).join(': ');
      } catch {
        // Not SvarUt's ErrorMessage: the status says enough.
      }
      const hint = response.status === 401 ? ' (check SVARUT_INTEGRATION_ID and SVARUT_INTEGRATION_PASSWORD)' : response.status === 403 ? ' (check that the integration has access to SVARUT_ACCOUNT_ID)' : '';
      throw new SvarUtError(`SvarUt ${what}: HTTP ${response.status}${detail ? ` (${detail.slice(0, 300)})` : ''}${hint}`, response.status, retryableStatus(response.status), code);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SvarUtError(`SvarUt ${what}: the answer is not JSON (HTTP ${response.status})`, response.status, true);
    }
  }

  const client: SvarUtClient = {
    async findByEksternReferanse(eksternReferanse) {
      const body = (await call('look-up', `${base}/?eksternRef=${encodeURIComponent(eksternReferanse)}`, { method: 'GET' })) as { forsendelseIds?: unknown };
      if (!Array.isArray(body.forsendelseIds) || !body.forsendelseIds.every((id) => typeof id === 'string')) {
        throw new SvarUtError('SvarUt look-up: the answer has no forsendelseIds', 200, true);
      }
      return body.forsendelseIds as string[];
    },
    async send(forsendelse, documents) {
      const form = new FormData();
      form.append('forsendelse', new Blob([JSON.stringify(forsendelse)], { type: 'application/json' }));
      for (const meta of forsendelse.dokumenter) {
        const document = documents.find((d) => d.filnavn === meta.filnavn);
        if (!document) throw new SvarUtError(`SvarUt send: no data for document ${meta.filnavn}`, null, false);
        form.append('filer', new Blob([new Uint8Array(document.data)], { type: meta.mimeType }), meta.filnavn);
      }
      const body = (await call('send', `${base}/`, { method: 'POST', body: form })) as { id?: unknown };
      if (typeof body.id !== 'string') throw new SvarUtError('SvarUt send: the answer has no forsendelse id', 200, true);
      return body.id;
    },
    async sendOnce(forsendelse, documents) {
      const [existing] = await client.findByEksternReferanse(forsendelse.eksternReferanse);
      if (existing) return { id: existing, alreadySent: true };
      return { id: await client.send(forsendelse, documents), alreadySent: false };
    },
    async statuses(ids) {
      if (ids.length === 0) return [];
      const body = (await call('status', `${base}/status-sok`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ forsendelseIds: ids }),
      })) as { statuser?: unknown };
      if (!Array.isArray(body.statuser)) throw new SvarUtError('SvarUt status: the answer has no statuser', 200, true);
      return body.statuser.map((s: unknown) => {
        const item = s as Partial<ForsendelseStatus>;
        if (typeof item.id !== 'string' || !SVARUT_STATUSES.includes(item.status as SvarUtStatus) || typeof item.sisteStatusEndring !== 'string') {
          throw new SvarUtError(`SvarUt status: an entry does not parse (${JSON.stringify(s).slice(0, 200)})`, 200, true);
        }
        return item as ForsendelseStatus;
      });
    },
  };
  return client;
}

/** The letter's delivery as the letters list shows it (contract: sent, delivered, read, printed, failed). */
export type LetterDeliveryStatus = 'sent' | 'delivered' | 'read' | 'printed' | 'failed';

export interface MappedStatus {
  status: LetterDeliveryStatus;
  /** Nothing more will change: the status is no longer followed. */
  final: boolean;
  /** The time the letter reached the applicant: made available digitally, or handed to print. */
  deliveredAt?: string;
  failedReason?: string;
}

export function mapSvarUtStatus(s: ForsendelseStatus): MappedStatus {
  switch (s.status) {
    case 'MOTTATT':
    case 'AKSEPTERT':
      return { status: 'sent', final: false };
    case 'VARSLET':
    case 'SENDT_DIGITALT':
    case 'SENDT_SDP':
    case 'LEVERT_SDP':
    case 'KLAR_FOR_MOTTAK':
    case 'SENDT_PRINT':
      return { status: 'delivered', final: false, deliveredAt: s.sisteStatusEndring };
    case 'LEST':
      return { status: 'read', final: true, deliveredAt: s.sisteStatusEndring };
    case 'PRINTET':
      return { status: 'printed', final: true, deliveredAt: s.sisteStatusEndring };
    case 'AVVIST':
      return { status: 'failed', final: true, failedReason: 'SvarUt: AVVIST (forsendelsen ble avvist)' };
    case 'IKKE_LEVERT':
      return { status: 'failed', final: true, failedReason: 'SvarUt: IKKE_LEVERT (kunne ikke leveres)' };
    case 'MANUELT_HANDTERT':
      return { status: 'failed', final: true, failedReason: 'SvarUt: MANUELT_HANDTERT (håndtert manuelt utenfor SvarUt)' };
  }
}
