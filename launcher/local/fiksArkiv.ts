// A Fiks Arkiv of the project's own, reached through a Fiks IO of the project's own: the subset the
// project uses. Fiks IO's send (POST /fiks-io/api/v1/send: multipart "metadata" + "data", 202 with
// the message as sent) behind a Maskinporten token (ks:fiks) and the integration's id and password;
// the archive behind it takes no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett, answers
// ...opprett.mottatt and then ...opprett.kvittering with the ids it gave (saksmappe: systemID,
// saksaar, sakssekvensnummer; journalpost: systemID, journalaar, journalsekvensnummer,
// journalpostnummer), and knows each saksmappe and journalpost by its external key
// (referanseEksternNoekkel): a key it has is answered "Eksisterende" with the same ids, never made twice.
// An arkivmelding that does not parse, lacks a required part, or names a file the payload lacks is
// answered no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel.
// The answers wait in the project's account until acknowledged. Like the real Fiks IO, this one
// delivers them over AMQP 0-9-1 on the queue fiksio.konto.<kontoId> (./fiksIoAmqp.ts, the `amqpUrl`);
// it also offers the same queue over HTTP (GET …/kontoer/<id>/meldinger, DELETE …/<meldingId>), the
// substitute the client reads when FIKS_IO_AMQP_URL is not set (activities/archive/fiksIo.ts).
// Faults: Fiks IO answering any status (503) for a while or the next n requests; the archive down
// (messages wait in its queue, unanswered, until it is up again, as with the real one); serverfeil
// for the next n messages. The first two can also be switched over HTTP (POST /fiks-io/local/faults)
// for a stack started by the launcher, whose archive the fault suite cannot reach otherwise.
// Not reproduced: encryption and signing of the payload (ASiC-E), the Fiks IO catalogue, TTL expiry,
// dokumentlager, AMQP over TLS, the archive's own rules (arkivdel, klassering, journalenhet), updates
// (oppdater), search (innsyn), and validation against the XSD beyond the required elements.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { MESSAGE_TYPES, NAMESPACES, ARKIVMELDING_FILE, RECEIPT_FILE } from '../../activities/archive/arkivmelding';
import { FIKS_SCOPE, type SendtMelding } from '../../activities/archive/fiksIo';
import { child, childText, parseXml, writeXml, type XmlElement, type XmlNode } from '../../activities/archive/xml';
import { unzip, zip, type ZipFile } from '../../activities/archive/zip';
import { jwtVerify, createRemoteJWKSet } from 'jose';
import { ACCOUNT_QUEUE_PREFIX, startLocalAmqpBroker, type LocalAmqpBroker } from './fiksIoAmqp';
import { listen, type LocalServer } from './listen';
import { maskinportenGuard } from './maskinporten';

export interface ArchivedCaseFile {
  key: string;
  systemId: string;
  caseYear: number;
  caseSequence: number;
  title: string;
  journalposts: number;
}

export interface ArchivedJournalpost {
  key: string;
  caseKey: string;
  systemId: string;
  journalYear: number;
  journalSequence: number;
  journalpostNumber: number;
  journalposttype: string;
  title: string;
  documents: ZipFile[];
  xml: string;
}

export interface LocalFiksArkiv extends LocalServer {
  /** The project's Fiks IO account, the archive's, and the integration's id and password. */
  accountId: string;
  archiveAccountId: string;
  integrationId: string;
  integrationPassword: string;
  /** The HTTP stand-in for the account's AMQP queue. */
  inboxUrl: string;
  /** The AMQP 0-9-1 broker offering the account's queue fiksio.konto.<accountId> (no credentials in it). */
  amqpUrl: string;
  readonly amqp: LocalAmqpBroker;
  readonly caseFiles: ReadonlyMap<string, ArchivedCaseFile>;
  /** Every journalpost made, in order: one per external key. */
  readonly journalposts: readonly ArchivedJournalpost[];
  /** Every arkivmelding message sent to the archive, in order (a message sent again is here twice). */
  readonly sent: readonly SendtMelding[];
  /** Messages received again for a key the archive had ("Eksisterende"). */
  readonly existingAnswers: number;
  /** Answer every Fiks IO request with this HTTP status until cleared (null). */
  failAll(status: number | null): void;
  failNext(count: number, status: number): void;
  /** The archive down: messages wait in its queue unanswered; up again, it takes them all in order. */
  setArchiveDown(down: boolean): void;
  /** The next n messages are answered serverfeil and not archived. */
  serverErrorNext(count: number): void;
  /** Messages waiting in the archive's queue. */
  queued(): number;
}

interface Queued extends SendtMelding {
  data: Buffer;
  redelivered?: boolean;
}

export async function startLocalFiksArkiv(opts: {
  maskinporten: { issuer: string; jwksUrl: string };
  accountId?: string;
  archiveAccountId?: string;
  integrationId?: string;
  integrationPassword?: string;
  host?: string;
  port?: number;
}): Promise<LocalFiksArkiv> {
  const accountId = opts.accountId ?? randomUUID();
  const archiveAccountId = opts.archiveAccountId ?? randomUUID();
  const integrationId = opts.integrationId ?? randomUUID();
  const integrationPassword = opts.integrationPassword ?? randomUUID();
  const caseFiles = new Map<string, ArchivedCaseFile>();
  const journalposts: ArchivedJournalpost[] = [];
  const sent: SendtMelding[] = [];
  const archiveQueue: Queued[] = [];
  const inbox = new Map<string, Queued[]>();
  const year = new Date().getUTCFullYear();
  let caseSequence = 0;
  let journalSequence = 0;
  let existingAnswers = 0;
  let failAllWith: number | null = null;
  const failQueue: number[] = [];
  let archiveDown = false;
  let serverErrors = 0;

  const app = express();
  app.disable('x-powered-by');
  const problem = (res: express.Response, status: number, message: string) => res.status(status).json({ status, error: status === 503 ? 'Service Unavailable' : 'Error', message, errorId: randomUUID() });

  // The operator's (and the fault suite's) switches, from this machine only, never behind the faults:
  // POST {"fiksIo": 503 | null, "archiveDown": true | false}; GET what the archive holds (keys and ids, no document).
  app.post('/fiks-io/local/faults', express.json(), (req, res) => {
    const body = (req.body ?? {}) as { fiksIo?: unknown; archiveDown?: unknown };
    if (body.fiksIo !== undefined) failAllWith = typeof body.fiksIo === 'number' ? body.fiksIo : null;
    if (typeof body.archiveDown === 'boolean') {
      archiveDown = body.archiveDown;
      drain();
    }
    res.json({ fiksIo: failAllWith, archiveDown, queued: archiveQueue.length });
  });
  app.get('/fiks-io/local/journalposter', (_req, res) => {
    res.json({ journalposter: journalposts.map((j) => ({ key: j.key, caseKey: j.caseKey, systemId: j.systemId, journalpostNumber: j.journalpostNumber })), existingAnswers });
  });

  app.use((req, res, next) => {
    const fault = failQueue.shift() ?? failAllWith;
    if (fault !== null && fault !== undefined) {
      problem(res, fault, `Local Fiks IO set to answer ${fault}`);
      return;
    }
    next();
  });
  const guard = maskinportenGuard(opts.maskinporten)([FIKS_SCOPE]);
  const integration: express.RequestHandler = (req, res, next) => {
    if (req.header('IntegrasjonId') !== integrationId || req.header('IntegrasjonPassord') !== integrationPassword) {
      problem(res, 401, 'Ugyldig integrasjon eller passord');
      return;
    }
    next();
  };

  function deliver(to: string, message: Omit<Queued, 'meldingId' | 'mottakerKontoId' | 'avsenderKontoId' | 'ttl'>) {
    const queue = inbox.get(to) ?? [];
    queue.push({ ...message, meldingId: randomUUID(), avsenderKontoId: archiveAccountId, mottakerKontoId: to, ttl: 7 * 24 * 3600 * 1000 });
    inbox.set(to, queue);
    amqp.notify();
  }

  const feilmelding = (root: string, text: string) =>
    zip([{ name: `${root}.xml`, data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${writeXml([root, [['feilId', randomUUID()], ['feilmelding', text]]])}\n`) }]);

  function archive(m: Queued) {
    const answer = (meldingType: string, data: Buffer = Buffer.alloc(0)) => deliver(m.avsenderKontoId, { meldingType, svarPaMelding: m.meldingId, headere: {}, data });
    if (m.meldingType !== MESSAGE_TYPES.create) {
      answer(MESSAGE_TYPES.invalidRequest, feilmelding('ugyldigforespoersel', `Meldingstypen ${m.meldingType} støttes ikke`));
      return;
    }
    answer(MESSAGE_TYPES.received);
    if (serverErrors > 0) {
      serverErrors -= 1;
      answer(MESSAGE_TYPES.serverError, feilmelding('serverfeil', 'Arkivet kunne ikke lagre meldingen nå'));
      return;
    }
    let parsed;
    try {
      parsed = readArkivmelding(m.data);
    } catch (error) {
      answer(MESSAGE_TYPES.invalidRequest, feilmelding('ugyldigforespoersel', (error as Error).message));
      return;
    }
    const { mappe, registrering, files, xml } = parsed;
    const caseKey = childText(mappe, 'referanseEksternNoekkel', 'noekkel')!;
    let caseFile = caseFiles.get(caseKey);
    const caseExisting = Boolean(caseFile);
    if (!caseFile) {
      caseFile = { key: caseKey, systemId: randomUUID(), caseYear: year, caseSequence: ++caseSequence, title: childText(mappe, 'tittel')!, journalposts: 0 };
      caseFiles.set(caseKey, caseFile);
    }
    const key = childText(registrering, 'referanseEksternNoekkel', 'noekkel')!;
    let jp = journalposts.find((j) => j.key === key);
    const existing = Boolean(jp);
    if (jp) existingAnswers += 1;
    else {
      caseFile.journalposts += 1;
      jp = {
        key,
        caseKey,
        systemId: randomUUID(),
        journalYear: year,
        journalSequence: ++journalSequence,
        journalpostNumber: caseFile.journalposts,
        journalposttype: childText(registrering, 'journalposttype', 'kode')!,
        title: childText(registrering, 'tittel')!,
        documents: files,
        xml,
      };
      journalposts.push(jp);
    }
    const receipt = writeXml([
      'arkivmeldingKvittering',
      [
        [
          'mappeKvittering',
          [
            ['systemID', caseFile.systemId],
            ['referanseEksternNoekkel', [['fagsystem', childText(mappe, 'referanseEksternNoekkel', 'fagsystem')!], ['noekkel', caseKey]]],
            ['opprettetEllerEksisterende', caseExisting ? 'Eksisterende' : 'Opprettet'],
            ['saksaar', caseFile.caseYear],
            ['sakssekvensnummer', caseFile.caseSequence],
          ],
          { 'xsi:type': 'saksmappeKvittering' },
        ],
        [
          'registreringKvittering',
          [
            ['systemID', jp.systemId],
            ['referanseEksternNoekkel', [['fagsystem', childText(registrering, 'referanseEksternNoekkel', 'fagsystem')!], ['noekkel', key]]],
            ['opprettetEllerEksisterende', existing ? 'Eksisterende' : 'Opprettet'],
            ['journalaar', jp.journalYear],
            ['journalsekvensnummer', jp.journalSequence],
            ['journalpostnummer', jp.journalpostNumber],
          ],
          { 'xsi:type': 'journalpostKvittering' },
        ],
      ] as XmlNode[],
      { xmlns: NAMESPACES.receipt, 'xmlns:xsi': NAMESPACES.xsi },
    ]);
    answer(MESSAGE_TYPES.receipt, zip([{ name: RECEIPT_FILE, data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${receipt}\n`) }]));
  }

  function drain() {
    while (!archiveDown && archiveQueue.length) archive(archiveQueue.shift()!);
  }

  app.post('/fiks-io/api/v1/send', guard, integration, express.raw({ type: 'multipart/form-data', limit: '50mb' }), async (req, res) => {
    let form: FormData;
    try {
      form = await new Response(req.body as Buffer, { headers: { 'content-type': req.header('content-type') ?? '' } }).formData();
    } catch {
      problem(res, 400, 'Forventet multipart/form-data med delene "metadata" og "data"');
      return;
    }
    const meta = form.get('metadata');
    let metadata: Partial<SendtMelding>;
    try {
      metadata = JSON.parse(typeof meta === 'string' ? meta : meta ? await meta.text() : '') as Partial<SendtMelding>;
    } catch {
      problem(res, 400, 'Delen "metadata" er ikke gyldig JSON');
      return;
    }
    if (metadata.avsenderKontoId !== accountId) {
      problem(res, 403, 'Integrasjonen har ikke tilgang til avsenderkontoen');
      return;
    }
    if (metadata.mottakerKontoId !== archiveAccountId) {
      problem(res, 404, 'Fant ikke mottakerkontoen');
      return;
    }
    if (typeof metadata.meldingType !== 'string' || !metadata.meldingType) {
      problem(res, 400, 'meldingType mangler');
      return;
    }
    const data = form.get('data');
    const melding: Queued = {
      meldingId: randomUUID(),
      meldingType: metadata.meldingType,
      avsenderKontoId: accountId,
      mottakerKontoId: archiveAccountId,
      ttl: typeof metadata.ttl === 'number' ? metadata.ttl : 0,
      svarPaMelding: metadata.svarPaMelding ?? null,
      headere: metadata.headere ?? {},
      data: data && typeof data !== 'string' ? Buffer.from(await data.arrayBuffer()) : Buffer.alloc(0),
    };
    const { data: _payload, ...asSent } = melding;
    sent.push(asSent);
    archiveQueue.push(melding);
    drain();
    res.status(202).json(asSent);
  });

  const inboxPath = '/fiks-io/local/kontoer/:kontoId/meldinger';
  app.get(inboxPath, guard, integration, (req, res) => {
    if (req.params.kontoId !== accountId) {
      problem(res, 403, 'Integrasjonen har ikke tilgang til kontoen');
      return;
    }
    const max = Math.max(1, Math.min(Number(req.query.maks) || 100, 1000));
    res.json({ meldinger: (inbox.get(accountId) ?? []).slice(0, max).map((m) => ({ ...m, data: m.data.toString('base64') })) });
  });
  app.delete(`${inboxPath}/:meldingId`, guard, integration, (req, res) => {
    const queue = inbox.get(String(req.params.kontoId)) ?? [];
    const at = queue.findIndex((m) => m.meldingId === req.params.meldingId);
    if (at < 0) {
      problem(res, 404, 'Meldingen finnes ikke eller er allerede kvittert');
      return;
    }
    queue.splice(at, 1);
    res.status(204).end();
  });

  // AMQP: user name the integration's id, password "<integration password> <Maskinporten token>", as KS's clients log in.
  const jwks = createRemoteJWKSet(new URL(opts.maskinporten.jwksUrl));
  const queueName = `${ACCOUNT_QUEUE_PREFIX}${accountId}`;
  const amqp: LocalAmqpBroker = await startLocalAmqpBroker({
    ...(opts.host ? { host: opts.host } : {}),
    async authenticate(username, password) {
      const space = password.indexOf(' ');
      if (username !== integrationId || space < 0 || password.slice(0, space) !== integrationPassword) return null;
      try {
        const { payload } = await jwtVerify(password.slice(space + 1), jwks, { issuer: opts.maskinporten.issuer });
        return typeof payload.scope === 'string' && payload.scope.split(' ').includes(FIKS_SCOPE) ? queueName : null;
      } catch {
        return null;
      }
    },
    queue(name) {
      if (name !== queueName) return undefined;
      if (!inbox.has(accountId)) inbox.set(accountId, []);
      return inbox.get(accountId);
    },
  });

  let server: LocalServer;
  try {
    server = await listen(app, opts);
  } catch (error) {
    await amqp.close();
    throw error;
  }
  return {
    ...server,
    accountId,
    archiveAccountId,
    integrationId,
    integrationPassword,
    inboxUrl: `${server.url}/fiks-io/local`,
    amqpUrl: amqp.url,
    amqp,
    close: async () => {
      await amqp.close();
      await server.close();
    },
    caseFiles,
    journalposts,
    sent,
    get existingAnswers() {
      return existingAnswers;
    },
    failAll(status) {
      failAllWith = status;
    },
    failNext(count, status) {
      for (let i = 0; i < count; i++) failQueue.push(status);
    },
    setArchiveDown(down) {
      archiveDown = down;
      drain();
    },
    serverErrorNext(count) {
      serverErrors += count;
    },
    queued: () => archiveQueue.length,
  };
}

/** The arkivmelding and its files; throws with what is wrong, as ugyldigforespoersel would say. */
function readArkivmelding(data: Buffer): { mappe: XmlElement; registrering: XmlElement; files: ZipFile[]; xml: string } {
  const files = unzip(data);
  const file = files.find((f) => f.name === ARKIVMELDING_FILE);
  if (!file) throw new Error(`Meldingen mangler ${ARKIVMELDING_FILE}`);
  const xml = file.data.toString('utf8');
  const root = parseXml(xml);
  if (root.name !== 'arkivmelding' || root.attributes.xmlns !== NAMESPACES.create) throw new Error(`Rotelementet må være arkivmelding i ${NAMESPACES.create}`);
  if (!childText(root, 'system')) throw new Error('system mangler');
  const mappe = child(root, 'mappe');
  const registrering = child(root, 'registrering');
  if (!mappe || mappe.attributes.type !== 'saksmappe') throw new Error('mappe av typen saksmappe mangler');
  if (!registrering || registrering.attributes.type !== 'journalpost') throw new Error('registrering av typen journalpost mangler');
  if (!childText(mappe, 'tittel') || !childText(registrering, 'tittel')) throw new Error('tittel mangler');
  const caseKey = childText(mappe, 'referanseEksternNoekkel', 'noekkel');
  if (!caseKey || !childText(registrering, 'referanseEksternNoekkel', 'noekkel')) throw new Error('referanseEksternNoekkel mangler');
  if (childText(registrering, 'referanseForelderMappe', 'referanseEksternNoekkel', 'noekkel') !== caseKey) throw new Error('referanseForelderMappe peker ikke på mappen i meldingen');
  const type = childText(registrering, 'journalposttype', 'kode');
  if (type !== 'I' && type !== 'U' && type !== 'N' && type !== 'X' && type !== 'S') throw new Error(`journalposttype ${type ?? '(mangler)'} er ikke i kodelisten`);
  const documents = registrering.children.filter((c) => c.name === 'dokumentbeskrivelse');
  const referenced = documents.flatMap((d) => d.children.filter((c) => c.name === 'dokumentobjekt').map((o) => childText(o, 'referanseDokumentfil')));
  const count = Number(childText(root, 'antallFiler'));
  if (count !== files.length - 1) throw new Error(`antallFiler er ${count}, men meldingen har ${files.length - 1} filer`);
  for (const name of referenced) if (!name || !files.some((f) => f.name === name)) throw new Error(`Filen ${name ?? '(uten navn)'} finnes ikke i meldingen`);
  return { mappe, registrering, files: files.filter((f) => f !== file), xml };
}
