// A KS Fiks SvarUt of the project's own: the REST API v2 subset the project uses. A forsendelse is
// received as SvarUt receives it (multipart: "forsendelse" metadata, then the documents in the
// order the metadata names them), behind a Maskinporten token (ks:fiks) and the integration's id
// and password, for the configured account only; it is found again by eksternReferanse, and its
// status moves one step each time it is asked for (status-sok), along the route SvarUt would take:
// with a digitalId MOTTATT → AKSEPTERT → SENDT_DIGITALT → LEST, without one MOTTATT → AKSEPTERT →
// SENDT_PRINT → PRINTET. A scenario set per eksternReferanse or digitalId changes that (never read,
// never final, rejected, not delivered), and faults can be switched on (503 for a while, 401).
// Like SvarUt it does not refuse a second forsendelse with the same eksternReferanse: it keeps
// them all and reports duplicates(), which a test expects to be empty.
// Not reproduced: SvarUt's own KRR look-up and print fallback, encryption (kryptert), signing,
// Altinn and NHN delivery, hendelser/historikk, the 350 MB limit, the sender's cover page.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { SVARUT_SCOPE, type ForsendelseStatus, type SvarUtForsendelse, type SvarUtStatus } from '../../activities/delivery/svarut/client';
import { listen, type LocalServer } from './listen';
import { maskinportenGuard } from './maskinporten';

export type SvarUtScenario = 'read' | 'unread' | 'stuck' | 'rejected' | 'not_delivered';

export interface ReceivedForsendelse {
  id: string;
  forsendelse: SvarUtForsendelse;
  documents: { filnavn: string; data: Buffer }[];
  statuses: { status: SvarUtStatus; at: string }[];
  script: SvarUtStatus[];
}

export interface LocalSvarUt extends LocalServer {
  accountId: string;
  integrationId: string;
  integrationPassword: string;
  /** Every forsendelse received, in order. */
  readonly received: readonly ReceivedForsendelse[];
  /** eksternReferanse values sent more than once. */
  duplicates(): string[];
  /** How forsendelser with this eksternReferanse or this digitalId go from now on. */
  setScenario(key: string, scenario: SvarUtScenario): void;
  /** Answer every request with this HTTP status until cleared (null), e.g. 503 for an outage. */
  failAll(status: number | null): void;
  /** Answer the next `count` requests with this status. */
  failNext(count: number, status: number): void;
  /** Requests answered so far, by path kind. */
  readonly calls: { send: number; lookup: number; status: number };
}

const DIGITAL: SvarUtStatus[] = ['MOTTATT', 'AKSEPTERT', 'SENDT_DIGITALT', 'LEST'];
const PRINT: SvarUtStatus[] = ['MOTTATT', 'AKSEPTERT', 'SENDT_PRINT', 'PRINTET'];

function scriptFor(scenario: SvarUtScenario | undefined, digital: boolean): SvarUtStatus[] {
  switch (scenario) {
    case 'unread':
      return digital ? ['MOTTATT', 'AKSEPTERT', 'SENDT_DIGITALT'] : PRINT;
    case 'stuck':
      return ['MOTTATT', 'AKSEPTERT'];
    case 'rejected':
      return ['MOTTATT', 'AVVIST'];
    case 'not_delivered':
      return ['MOTTATT', 'AKSEPTERT', 'IKKE_LEVERT'];
    default:
      return digital ? DIGITAL : PRINT;
  }
}

export async function startLocalSvarUt(opts: {
  maskinporten: { issuer: string; jwksUrl: string };
  accountId?: string;
  integrationId?: string;
  integrationPassword?: string;
  host?: string;
  port?: number;
}): Promise<LocalSvarUt> {
  const accountId = opts.accountId ?? randomUUID();
  const integrationId = opts.integrationId ?? randomUUID();
  const integrationPassword = opts.integrationPassword ?? randomUUID();
  const received: ReceivedForsendelse[] = [];
  const scenarios = new Map<string, SvarUtScenario>();
  const calls = { send: 0, lookup: 0, status: 0 };
  let failAllWith: number | null = null;
  const failQueue: number[] = [];

  const app = express();
  app.disable('x-powered-by');

  // SvarUt's ErrorMessage (timestamp, status, error, errorId, path, message, errorCode).
  const problem = (req: express.Request, res: express.Response, status: number, errorCode: string, message: string) => {
    res.status(status).json({ timestamp: Date.now(), status, error: errorCode, errorId: randomUUID(), path: req.path, originalPath: req.originalUrl, message, errorCode });
  };

  app.use((req, res, next) => {
    const fault = failQueue.shift() ?? failAllWith;
    if (fault !== null && fault !== undefined) {
      problem(req, res, fault, fault === 401 ? 'UNAUTHORIZED' : fault === 503 ? 'SERVICE_UNAVAILABLE' : 'FAULT', `Local SvarUt set to answer ${fault}`);
      return;
    }
    next();
  });

  const guard = maskinportenGuard(opts.maskinporten)([SVARUT_SCOPE]);
  const account: express.RequestHandler = (req, res, next) => {
    if (req.header('IntegrasjonId') !== integrationId || req.header('IntegrasjonPassord') !== integrationPassword) {
      problem(req, res, 401, 'UNAUTHORIZED', 'Ugyldig integrasjon eller passord');
      return;
    }
    if (req.params.kontoId !== accountId) {
      problem(req, res, 403, 'FORBIDDEN', 'Integrasjonen har ikke tilgang til kontoen');
      return;
    }
    next();
  };
  const base = '/api/v2/kontoer/:kontoId/forsendelser';

  app.get([base, `${base}/`], guard, account, (req, res) => {
    calls.lookup += 1;
    const ref = typeof req.query.eksternRef === 'string' ? req.query.eksternRef : '';
    if (!ref) {
      problem(req, res, 400, 'BAD_REQUEST', 'eksternRef mangler');
      return;
    }
    res.json({ forsendelseIds: received.filter((f) => f.forsendelse.eksternReferanse === ref).map((f) => f.id) });
  });

  app.post([base, `${base}/`], guard, account, express.raw({ type: 'multipart/form-data', limit: '50mb' }), async (req, res) => {
    calls.send += 1;
    let form: FormData;
    try {
      form = await new Response(req.body as Buffer, { headers: { 'content-type': req.header('content-type') ?? '' } }).formData();
    } catch {
      problem(req, res, 400, 'BAD_REQUEST', 'Forventet multipart/form-data med delen "forsendelse"');
      return;
    }
    const meta = form.get('forsendelse');
    let forsendelse: SvarUtForsendelse;
    try {
      forsendelse = JSON.parse(typeof meta === 'string' ? meta : meta ? await meta.text() : '') as SvarUtForsendelse;
    } catch {
      problem(req, res, 400, 'BAD_REQUEST', 'Delen "forsendelse" er ikke gyldig JSON');
      return;
    }
    const invalid = validate(forsendelse);
    if (invalid) {
      problem(req, res, 400, 'VALIDATION_ERROR', invalid);
      return;
    }
    const files = form.getAll('filer').filter((f) => typeof f !== 'string') as { name: string; arrayBuffer(): Promise<ArrayBuffer> }[];
    const names = forsendelse.dokumenter.map((d) => d.filnavn);
    if (files.length !== names.length || files.some((f, i) => f.name !== names[i])) {
      problem(req, res, 400, 'VALIDATION_ERROR', `Filene må komme i samme rekkefølge og med samme navn som dokumentene (${names.join(', ')})`);
      return;
    }
    const documents = await Promise.all(files.map(async (f) => ({ filnavn: f.name, data: Buffer.from(await f.arrayBuffer()) })));
    const notPdf = documents.find((d, i) => forsendelse.dokumenter[i]?.mimeType === 'application/pdf' && !d.data.subarray(0, 5).equals(Buffer.from('%PDF-')));
    if (notPdf) {
      problem(req, res, 400, 'VALIDATION_ERROR', `${notPdf.filnavn} er ikke en PDF`);
      return;
    }
    const digital = Boolean(forsendelse.mottaker.digitalId);
    const scenario = scenarios.get(forsendelse.eksternReferanse) ?? (forsendelse.mottaker.digitalId ? scenarios.get(forsendelse.mottaker.digitalId) : undefined);
    const id = randomUUID();
    received.push({ id, forsendelse, documents, statuses: [{ status: 'MOTTATT', at: new Date().toISOString() }], script: scriptFor(scenario, digital) });
    res.json({ id });
  });

  app.post(`${base}/status-sok`, guard, account, express.json(), (req, res) => {
    calls.status += 1;
    const ids = (req.body as { forsendelseIds?: unknown } | undefined)?.forsendelseIds;
    if (!Array.isArray(ids)) {
      problem(req, res, 400, 'BAD_REQUEST', 'forsendelseIds mangler');
      return;
    }
    const statuser: ForsendelseStatus[] = [];
    for (const id of ids) {
      const f = received.find((r) => r.id === id);
      if (!f) continue;
      // One step along its route per question, so a test sees each status in turn.
      const next = f.script[f.statuses.length];
      if (next) f.statuses.push({ status: next, at: new Date().toISOString() });
      const last = f.statuses[f.statuses.length - 1]!;
      statuser.push({ id: f.id, status: last.status, sisteStatusEndring: last.at });
    }
    res.json({ statuser });
  });

  const server = await listen(app, opts);
  return {
    ...server,
    accountId,
    integrationId,
    integrationPassword,
    received,
    calls,
    duplicates() {
      const counts = new Map<string, number>();
      for (const f of received) counts.set(f.forsendelse.eksternReferanse, (counts.get(f.forsendelse.eksternReferanse) ?? 0) + 1);
      return [...counts].filter(([, n]) => n > 1).map(([ref]) => ref);
    },
    setScenario(key, scenario) {
      scenarios.set(key, scenario);
    },
    failAll(status) {
      failAllWith = status;
    },
    failNext(count, status) {
      for (let i = 0; i < count; i++) failQueue.push(status);
    },
  };
}

function validate(f: SvarUtForsendelse): string | null {
  if (!f || typeof f !== 'object') return 'forsendelse mangler';
  if (typeof f.tittel !== 'string' || f.tittel.trim() === '') return 'tittel må være utfylt';
  if (!f.mottaker || typeof f.mottaker.navn !== 'string' || f.mottaker.navn.trim() === '') return 'mottaker.navn må være utfylt';
  if (f.mottaker.digitalId !== undefined && !/^\d{11}$/.test(f.mottaker.digitalId)) return 'mottaker.digitalId må være et fødselsnummer (11 siffer)';
  if (!f.kunDigitalLevering && (!f.mottaker.postnummer || !f.mottaker.poststed)) return 'mottaker.postnummer og mottaker.poststed må være utfylt når forsendelsen kan gå til print';
  if (f.kunDigitalLevering && !f.mottaker.digitalId) return 'mottaker.digitalId er påkrevd ved kun digital levering';
  if (typeof f.eksternReferanse === 'string' && f.eksternReferanse.length > 100) return 'eksternReferanse kan være høyst 100 tegn';
  if (!Array.isArray(f.dokumenter) || f.dokumenter.length === 0) return 'dokumenter må ha minst ett dokument';
  return null;
}
