// docs/api-examples.md holds a worked request and answer for every operation of the OpenAPI document,
// recorded here over the real stack (the API, the run's Temporal dev server, a real Worker, PostgreSQL):
// one application of Kari Nordmann (the synthetic applicant of docs/api.md) taken through its steps in a
// lawful order, with the reads, lists, stats and the rest on the way. What differs from run to run (ids,
// case numbers, times, keys) is written as a placeholder. The test fails when the page differs from what
// it recorded (`npm run docs:examples` rewrites it), when an operation of the document has no example,
// and when an answer's status is one the document does not list for its operation.
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEW_CASE_EXAMPLE } from '../../api/schemas/newCase';
import { PayloadEncryptionCodec } from '../../codec/encryptionCodec';
import { payloadToJson } from '../../codec/jsonPayloads';
import { osloDateOf } from '../../domain/calendar/osloTime';
import { exampleLine } from '../../scripts/import/exampleDates';
import { openApiDocument, operationsOf as operationsInDocument, startOfflineApp, type OpenApiDocument } from '../../scripts/docs/openApiDocument';
import { startApiStack, type ApiStack } from '../api/support/apiStack';
import { client } from '../api/support/http';
import { eventually } from '../support/eventually';
import { documentedStatuses, EXAMPLES_FILE, operationsOf, Placeholders, Recorder, renderExamples, UPDATE_COMMAND, type Caller } from './support/apiExamples';

const ROOT = path.resolve(__dirname, '..', '..');
const DAY = 86_400_000;

const PREAMBLE = `# Every route, a worked request and answer

Written by \`test/docs/apiExamples.test.ts\` (\`${UPDATE_COMMAND}\`), which sends each request below to the real
stack and records the answer; \`npm test\` fails when this page differs from what the API answers now, or
when a route of the OpenAPI document has no example here. The routes are in the order of the
[routes table](api.md#routes); what each body and answer means is in [api.md](api.md).

One application is taken through its steps in a lawful order: received, contacted, a home visit booked,
cancelled and booked again, held, a decision proposed and approved by a second caseworker, its receipt,
an appeal upheld by the office and reversed by the appeal body, an advance notice, an urgent reduction,
a second appeal with its deferral, the appeal withdrawn, the application withdrawn. A second case
(a long-term care home place) waits for a place. The applicant is the synthetic Kari Nordmann of
[api.md](api.md#a-worked-example-register-an-application-take-a-step-read-what-happened), not a real person.

The tokens, from \`npm run token\` with \`npm start\` running ([auth.md](auth.md)):

\`\`\`sh
TOKEN=$(npm run -s token -- --sub kari.saksbehandler --role caseworker --municipality namsos)
COSIGNER_TOKEN=$(npm run -s token -- --sub ola.saksbehandler --role caseworker --municipality namsos)
MANAGER_TOKEN=$(npm run -s token -- --sub lise.leder --role manager --municipality namsos)
AUDITOR_TOKEN=$(npm run -s token -- --sub revisor-1 --role auditor --municipality namsos)
IMPORTER_TOKEN=$(npm run -s token -- --sub import-run-1 --role importer --municipality namsos)
\`\`\`

\`$CASE_ID\` is the \`id\` of the answer to \`POST /api/cases\` (\`$WAITING_CASE_ID\` the second case's), and
\`$LETTER_ID\`, \`$PROPOSAL_ID\` and \`$NEW_PROPOSAL_ID\` the ids the answers give. What differs from one run to the next is written as
a placeholder: \`<uuid>\` another id, \`<case number>\` a case number (\`2026/0001\`), \`<time>\` an instant
(\`2026-12-03T09:00:00.000Z\`), \`<date>\` a date (\`2026-12-10\`), \`<month>\` a month (\`2026-12\`), \`<dato>\` a
date in a letter (\`10. desember 2026\`), \`<tid>\` a time of day in one, \`<cursor>\` the next page's cursor, \`<key>\` a key's material, \`<ciphertext>\` encrypted bytes.`;

let stack: ApiStack;
let doc: OpenApiDocument;
let recorder: Recorder;
const ph = new Placeholders();
let embedded: { url: string; close(): Promise<void> };

beforeAll(async () => {
  // The embedded default's app beside the test stack (whose issuer is a remote one): the document and
  // the JWKS as `npm start` serves them.
  [stack, doc, embedded] = await Promise.all([startApiStack(), openApiDocument(), startOfflineApp({ error: () => undefined, warn: () => undefined })]);
  recorder = new Recorder(doc);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([stack?.stop(), embedded?.close()]);
});

/** Every letter of the case written, and each delivery settled (this stack has no channel: skipped). */
async function lettersSettled(caseId: string, count: number): Promise<void> {
  await eventually(`${count} letter(s) of the case, delivered`, async () => {
    const letters = (await stack.db('letters').where({ case_id: caseId }).pluck('id')) as string[];
    if (letters.length < count) return false;
    const pending = await stack.db('letter_deliveries').whereIn('letter_id', letters).whereNotIn('status', ['skipped', 'delivered', 'failed']).first('id');
    return !pending;
  });
}

async function pdfText(url: string, token: string): Promise<{ text: string; pages: number; bytes: number }> {
  const res = await fetch(`${stack.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const parser = new PDFParse({ data: bytes });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total, bytes: bytes.length };
  } finally {
    await parser.destroy();
  }
}

/** A PDF's text up to the first line that matches `until` (lines after it wrap where the dates before them end). */
function pdfExcerpt(pdf: { text: string; pages: number }, until: RegExp): string {
  const lines = pdf.text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0 && !/^-- \d+ of \d+ --$/.test(l));
  const end = lines.findIndex((l) => until.test(l));
  if (end < 0) throw new Error(`The PDF has no line like ${until}:\n${pdf.text}`);
  return [`A PDF of ${pdf.pages} page${pdf.pages === 1 ? '' : 's'}; its text begins:`, '', ...lines.slice(0, end + 1), '…'].join('\n');
}

/** Of the metrics, one family whole (the applications registered), and the names of the others. */
function metricsExcerpt(text: string): string {
  const lines = text.split('\n');
  const family = lines.filter((l) => /^(# (HELP|TYPE) )?case_registrations_total\b/.test(l));
  // The app's own; prom-client's process_* and nodejs_* differ with the Node version.
  const names = [...new Set(lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]!))].filter((n) => !/^(process|nodejs)_/.test(n));
  return [...family, '…', `(the app's metrics: ${names.join(', ')}; and prom-client's process_* and nodejs_* metrics)`].join('\n');
}

/** The document's head, and how much it holds. */
function documentExcerpt(body: { openapi: string; info: unknown; paths: Record<string, object>; components?: { schemas?: object } }): string {
  const operations = operationsInDocument(body as unknown as Pick<OpenApiDocument, 'paths'>).length;
  const head = JSON.stringify({ openapi: body.openapi, info: body.info }, null, 2).replace(/\n}$/, ',');
  return `${head}\n  "paths": { … ${Object.keys(body.paths).length} paths, ${operations} operations },\n  "components": { "schemas": { … ${Object.keys(body.components?.schemas ?? {}).length} schemas }, … }\n}`;
}

describe('docs/api-examples.md', () => {
  it('walks every operation of the OpenAPI document once, with a valid request', { timeout: 180_000 }, async () => {
    const as = async (sub: string, role: 'caseworker' | 'manager' | 'auditor' | 'importer', token: `$${string}`): Promise<Caller> => ({
      call: stack.as(await stack.issuer.tokenFor([role], ['namsos'], sub)),
      token,
    });
    const kari = await as('kari.saksbehandler', 'caseworker', '$TOKEN');
    const ola = await as('ola.saksbehandler', 'caseworker', '$COSIGNER_TOKEN');
    const lise = await as('lise.leder', 'manager', '$MANAGER_TOKEN');
    const auditor = await as('revisor-1', 'auditor', '$AUDITOR_TOKEN');
    const importer = await as('import-run-1', 'importer', '$IMPORTER_TOKEN');
    const open: Caller = { call: stack.as(null), token: null };
    const openEmbedded: Caller = { call: client(embedded.url, null), token: null };
    const send = recorder.send.bind(recorder);
    const key = () => ({ 'Idempotency-Key': randomUUID() });
    /** A step the walk takes but does not show (its route has its example elsewhere). */
    const quietly = async (caller: Caller, method: string, p: string, body?: unknown) => {
      const res = await caller.call(method, p, body, body === undefined ? {} : key());
      expect(res.status, `${method} ${p}: ${res.text}`).toBeLessThan(300);
      return res.body;
    };
    const ok = (res: { status: number; text: string }, status = 200) => expect(res.status, res.text).toBe(status);

    // Fixed dates stay as they are: the example's, and the document's (its bounds and examples, in GET …/steps).
    ph.keep(NEW_CASE_EXAMPLE.consent.givenAt);
    for (const [date] of JSON.stringify(doc).matchAll(/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/g)) ph.keep(date);

    // The open routes.
    ok(await send('GET /api/health', open));
    ok(await send('GET /api/services', open));

    // Register the application, as docs/api.md's worked example does.
    const created = await send('POST /api/cases', kari, { body: NEW_CASE_EXAMPLE, headers: key() });
    ok(created, 201);
    const id = ph.set(created.body.id as string, '$CASE_ID');
    ph.set(created.body.caseNumber as string, '<case number>');
    const base = `/api/cases/${id}`;
    await lettersSettled(id, 1);

    ok(await send('GET /api/cases/{id}', kari, { path: base }));
    ok(await send('GET /api/cases', kari, { path: '/api/cases?status=received&municipality=namsos&limit=10' }));
    ok(await send('GET /api/cases/{id}/steps', kari, { path: `${base}/steps` }));

    // Take the case; the manager reads who has it.
    ok(await send('POST /api/cases/{id}/assignee', kari, { path: `${base}/assignee`, body: { sub: 'kari.saksbehandler' } }));
    ok(await send('GET /api/cases/{id}/assignee', lise, { path: `${base}/assignee` }));

    // Saved work-queue filters.
    const filters = { items: [{ name: 'Mine saker', assignee: 'me', municipality: 'namsos' }, { name: 'Nye saker', assignee: 'none', status: 'received' }] };
    ok(await send('POST /api/saved-filters', kari, { body: filters }));
    ok(await send('GET /api/saved-filters', kari));

    // A guardian acts for the applicant for a while.
    const guardian = { role: 'guardian', name: 'Ola Verge', address: 'Kirkegata 5, 7800 Namsos', phone: '+47 934 56 789', email: 'ola.verge@example.no', copyToApplicant: true };
    ok(await send('POST /api/cases/{id}/representative', kari, { path: `${base}/representative`, body: guardian, headers: key() }));
    ok(await send('DELETE /api/cases/{id}/representative', kari, { path: `${base}/representative`, headers: key() }));

    // Contact, a home visit booked, cancelled, booked again and held; a provisional reply.
    ok(await send('POST /api/cases/{id}/contact', kari, { path: `${base}/contact`, body: { note: 'Ringte søker; avtalte hjemmebesøk.' }, headers: key() }));
    const visitAt = (days: number) => new Date(Date.parse(`${osloDateOf(new Date(Date.now() + days * DAY))}T09:00:00.000Z`)).toISOString();
    ok(await send('POST /api/cases/{id}/home-visit', kari, { path: `${base}/home-visit`, body: { scheduledAt: visitAt(7) }, headers: key() }));
    ok(await send('POST /api/cases/{id}/home-visit/cancel', kari, { path: `${base}/home-visit/cancel`, body: { reason: 'Søker er innlagt på sykehus.' }, headers: key() }));
    await quietly(kari, 'POST', `${base}/home-visit`, { scheduledAt: visitAt(10) });
    ok(await send('POST /api/cases/{id}/hold', kari, { path: `${base}/hold`, body: { reason: 'awaiting_health_information' } }));
    await quietly(kari, 'POST', `${base}/hold`, { reason: null });
    ok(await send('GET /api/cases/{id}/hold', kari, { path: `${base}/hold` }));
    ok(await send('POST /api/cases/{id}/home-visit/complete', kari, { path: `${base}/home-visit/complete`, body: { notes: 'Trenger hjelp med medisiner morgen og kveld.' }, headers: key() }));
    const provisional = { reason: 'Vi venter på opplysninger fra fastlegen.', expectedDecisionBy: osloDateOf(new Date(Date.now() + 21 * DAY)) };
    ok(await send('POST /api/cases/{id}/provisional-reply', kari, { path: `${base}/provisional-reply`, body: provisional, headers: key() }));

    // The decision: previewed, proposed, returned by its proposer, proposed again, approved by a second caseworker.
    const granted4 = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 4 }, { code: 'safety_alarm' }], justification: 'Søker har behov for hjelp med medisiner morgen og kveld.' };
    ok(await send('POST /api/cases/{id}/decision/preview', kari, { path: `${base}/decision/preview`, body: granted4 }));
    const proposed = await send('POST /api/cases/{id}/decision/proposal', kari, { path: `${base}/decision/proposal`, body: granted4 });
    ok(proposed, 201);
    const first = ph.set(proposed.body.pending.id as string, '$PROPOSAL_ID');
    ok(await send('POST /api/cases/{id}/decision/proposal/return', kari, { path: `${base}/decision/proposal/return`, body: { proposalId: first } }));
    const again = await kari.call('POST', `${base}/decision/proposal`, granted4);
    ok(again, 201);
    const second = ph.set(again.body.pending.id as string, '$NEW_PROPOSAL_ID');
    ok(await send('GET /api/cases/{id}/decision/proposal', ola, { path: `${base}/decision/proposal` }));
    ok(await send('POST /api/cases/{id}/decision/proposal/approve', ola, { path: `${base}/decision/proposal/approve`, body: { proposalId: second } }));
    ok(await send('POST /api/cases/{id}/decision-received', kari, { path: `${base}/decision-received`, body: { receivedAt: new Date(Date.now()).toISOString() }, headers: key() }));

    // An appeal: upheld by the office, reversed by the appeal body (10 hours a week): the services run.
    ok(await send('POST /api/cases/{id}/appeal', kari, { path: `${base}/appeal`, body: { text: 'Jeg trenger hjelp også midt på dagen.', services: ['home_nursing'] }, headers: key() }));
    ok(await send('POST /api/cases/{id}/reconsideration', kari, { path: `${base}/reconsideration`, body: { outcome: 'upheld', justification: 'Behovet er dekket med fire timer i uka.' }, headers: key() }));
    const reversed = {
      outcome: 'reversed',
      justification: 'Søker har behov for hjelp tre ganger om dagen.',
      decision: { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 10 }, { code: 'safety_alarm' }], justification: 'Behovet er dokumentert av fastlegen.' },
    };
    const running = await send('POST /api/cases/{id}/appeal-body-decision', kari, { path: `${base}/appeal-body-decision`, body: reversed, headers: key() });
    ok(running);
    expect(running.body.status).toBe('active');

    // A reduction: the advance notice, then (the applicant admitted to a care home) at once, as urgent.
    const notice = { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 4 }], reason: 'Du klarer mer selv etter opptreningen.' };
    ok(await send('POST /api/cases/{id}/advance-notice', kari, { path: `${base}/advance-notice`, body: notice, headers: key() }));
    const reduction = {
      outcome: 'changed',
      decision: { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 4 }, { code: 'safety_alarm' }], justification: 'Du klarer nå morgenstellet selv.' },
      effectiveFrom: osloDateOf(new Date(Date.now() + 7 * DAY)),
      urgent: { reason: 'Søker er innlagt på korttidsopphold.' },
    };
    ok(await send('POST /api/cases/{id}/re-evaluation', kari, { path: `${base}/re-evaluation`, body: reduction, headers: key() }));
    // The applicant appeals the reduction and asks that it wait; then withdraws the appeal, then the application.
    await quietly(kari, 'POST', `${base}/appeal`, { text: 'Jeg trenger fortsatt hjelpen.', services: ['home_nursing'] });
    ok(await send('POST /api/cases/{id}/deferral', kari, { path: `${base}/deferral`, body: { granted: true, justification: 'Klagen bør avgjøres før hjelpen reduseres.' }, headers: key() }));
    ok(await send('POST /api/cases/{id}/appeal/withdraw', kari, { path: `${base}/appeal/withdraw`, body: { reason: 'Søker trekker klagen.' }, headers: key() }));
    ok(await send('POST /api/cases/{id}/withdraw', kari, { path: `${base}/withdraw`, body: { reason: 'Søker flytter til en annen kommune.' }, headers: key() }));

    // What the case recorded and sent.
    const letterCount = ((await stack.db('letters').where({ case_id: id }).count({ n: '*' })) as Array<{ n: string }>)[0]!.n;
    await lettersSettled(id, Number(letterCount));
    ok(await send('GET /api/cases/{id}/events', kari, { path: `${base}/events` }));
    const letters = await send('GET /api/cases/{id}/letters', kari, {
      path: `${base}/letters`,
      note: 'The letters after the first are shortened here to their first paragraph (`[…]`).',
      shown: (body: { items: Array<{ body: string }> }) => ({ ...body, items: body.items.map((l, i) => (i === 0 ? l : { ...l, body: `${l.body.split('\n\n').slice(0, 2).join('\n\n')}\n\n[…]` })) }),
    });
    ok(letters);
    const letterId = ph.set(letters.body.items[0].id as string, '$LETTER_ID');
    for (const [i, letter] of (letters.body.items as Array<{ id: string }>).entries()) if (i > 0) ph.set(letter.id, '<letter id>');
    const letterPdf = `${base}/letters/${letterId}.pdf`;
    ok(await send('GET /api/cases/{id}/letters/{letterId}.pdf', kari, { path: letterPdf }));

    // A long-term care home place: on the waiting list, then a place is offered.
    const waitingCase = await kari.call('POST', '/api/cases', { ...NEW_CASE_EXAMPLE, services: ['long_term_stay'], description: 'Trenger heldøgns omsorg.' });
    ok(waitingCase, 201);
    const waitingId = ph.set(waitingCase.body.id as string, '$WAITING_CASE_ID');
    ph.set(waitingCase.body.caseNumber as string, '<case number>');
    const waitingList = { outcome: 'granted', services: [{ code: 'long_term_stay', outcome: 'waiting_list' }], justification: 'Du trenger heldøgns omsorg, men det er ingen ledig plass nå.' };
    ok(await send('POST /api/cases/{id}/decision', kari, { path: `/api/cases/${waitingId}/decision`, body: waitingList, headers: key() }));
    ok(await send('POST /api/cases/{id}/place-offered', kari, { path: `/api/cases/${waitingId}/place-offered`, body: { from: osloDateOf(new Date(Date.now() + 10 * DAY)) }, headers: key() }));

    // An open case brought over from the old system: checked, not imported (a dry run).
    const { applicant: _other, consent: _theirs, ...line } = exampleLine('under-assessment');
    const importLine = { ...line, applicant: NEW_CASE_EXAMPLE.applicant, consent: { givenBy: 'applicant', name: 'Kari Nordmann', givenAt: String(line.receivedAt).slice(0, 10) } };
    ok(await send('POST /api/imports/cases', importer, { path: '/api/imports/cases?dryRun=true', body: importLine }));

    // The codec endpoint decodes a payload the API encrypted for the case (as the Temporal Web UI asks).
    const codec = new PayloadEncryptionCodec(stack.payloadKeys.keys, { owners: async () => ({ caseId: id, municipality: 'namsos' }) });
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload({ note: 'Ringte søker; avtalte hjemmebesøk.' })], { type: 'workflow', namespace: 'default', workflowId: `case-${id}` });
    const payload = payloadToJson(sealed!);
    for (const [name, value] of Object.entries(payload.metadata ?? {})) if (name !== 'encoding') ph.set(value, `<${name}>`);
    ph.set(payload.data ?? '', '<ciphertext>');
    ok(await send('POST /api/codec/decode', kari, { body: { payloads: [payload] } }));

    // The manager's figures.
    ok(await send('GET /api/stats', lise, { path: '/api/stats?municipality=namsos' }));
    ok(await send('GET /api/stats/monthly', lise, { path: '/api/stats/monthly?municipality=namsos&months=1' }));

    // The auditor: who read the case, as a PDF and in the access log.
    const readers = `${base}/readers.pdf`;
    ok(await send('GET /api/cases/{id}/readers.pdf', auditor, { path: readers }));
    const log = await send('GET /api/access-log', auditor, { path: `/api/access-log?caseId=${id}&limit=3` });
    ok(log);
    ph.set(log.body.nextCursor as string, '<cursor>');
    // The PDFs' text, read again (after the access log, whose rows these reads add to).
    recorder.describe('GET /api/cases/{id}/readers.pdf', pdfExcerpt(await pdfText(readers, await stack.issuer.tokenFor(['auditor'], ['namsos'], 'revisor-1')), /^Person Rolle/));
    recorder.describe('GET /api/cases/{id}/letters/{letterId}.pdf', pdfExcerpt(await pdfText(letterPdf, await stack.issuer.tokenFor(['caseworker'], ['namsos'], 'kari.saksbehandler')), /^Hei, /));

    // The operator's routes, and what `npm start` (the embedded issuer) serves besides.
    const metrics = await send('GET /metrics', open);
    ok(metrics);
    recorder.describe('GET /metrics', metricsExcerpt(metrics.text));
    const document = await send('GET /api/openapi.json', openEmbedded);
    ok(document);
    recorder.describe('GET /api/openapi.json', documentExcerpt(document.body));
    const jwks = await send('GET /.well-known/jwks.json', openEmbedded);
    ok(jwks);
    for (const jwk of jwks.body.keys as Array<Record<string, string>>) for (const name of ['kid', 'x', 'y', 'n', 'e']) if (jwk[name]) ph.set(jwk[name], '<key>');
  });

  it('has an example of every operation of the OpenAPI document, and of no other', () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter((op) => !recorder.examples.has(op)), 'operations of the document without an example').toEqual([]);
    expect([...recorder.examples.keys()].filter((op) => !operations.includes(op)), 'examples of operations the document does not have').toEqual([]);
  });

  it('each answer has a status the document lists for its operation', () => {
    for (const [operation, example] of recorder.examples) expect(documentedStatuses(doc, operation), operation).toContain(String(example.answer.status));
  });

  it(`is what the walk recorded (else run ${UPDATE_COMMAND})`, async () => {
    const page = renderExamples(operationsOf(doc), recorder.examples, ph, PREAMBLE);
    const file = path.join(ROOT, EXAMPLES_FILE);
    if (process.env.UPDATE_DOCS) await writeFile(file, page);
    const inFile = await readFile(file, 'utf8').catch(() => '');
    expect(inFile, `${EXAMPLES_FILE} differs from what the API answers now: run ${UPDATE_COMMAND}`).toBe(page);
  });
});
