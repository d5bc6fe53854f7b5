// Health text never in clear in Temporal: a case driven through every step with text of its own, then
// every history on the task queue (cases and letter deliveries) read with the Temporal CLI and no
// codec: no text, no name, no national id, every payload `binary/encrypted`. Through the API's codec
// endpoint the same CLI shows the text again.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import { executionsOn, showHistory, type Execution } from './support/temporalCli';
import { isPatchMarker } from '../support/workflowPatches';
import { eventually } from '../support/eventually';

const UI_ORIGIN = 'http://127.0.0.1:8233';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ codec: { corsOrigins: [UI_ORIGIN] } });
});

afterAll(async () => {
  await stack?.stop();
});

/** Text no workflow could make up: each step's free text with a marker of this run. */
const marker = randomUUID().slice(0, 8);
const TEXT = {
  contact: `Kontaktnotat ${marker}: søker har falt to ganger`,
  cancel: `Avlyst ${marker}: søker innlagt på sykehus`,
  visit: `Hjemmebesøk ${marker}: trenger hjelp med insulin`,
  provisional: `Foreløpig ${marker}: venter på legeerklæring om demens`,
  decision: `Begrunnelse ${marker}: diagnosen gir ikke rett`,
  appeal: `Klage ${marker}: jeg har hjertesvikt`,
  reconsideration: `Omgjøring ${marker}: vedtaket står`,
  appealBody: `Statsforvalteren ${marker}: behovet er dokumentert`,
  withdraw: `Trukket ${marker}: pårørende overtar omsorgen`,
  termination: `Opphør ${marker}: søker har flyttet på sykehjem`,
  urgent: `Haster ${marker}: søker er flyttet i dag`,
};
const applicant = { nationalId: '', name: `Ragnhild Testesen ${marker}` };

const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function step(id: string, name: string, body: unknown, status: string) {
  const res = await stack.call('POST', `/api/cases/${id}/${name}`, body);
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
  expect(res.body.status).toBe(status);
}

async function register(): Promise<{ id: string; description: string; nationalId: string }> {
  const body = application();
  (body.applicant as { name: string }).name = applicant.name;
  const res = await stack.call('POST', '/api/cases', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, description: body.description as string, nationalId: (body.applicant as { nationalId: string }).nationalId };
}

interface FoundPayload {
  path: string;
  metadata: Record<string, string>;
  data: string;
}

/**
 * Every payload in a raw CLI history, with where it sits; search attributes and patch markers apart:
 * clear by design (the SDK writes a patched() marker itself, holding the patch id only).
 */
function payloadsIn(value: unknown, path = '', found: FoundPayload[] = [], searchAttributes: FoundPayload[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => payloadsIn(v, `${path}[${i}]`, found, searchAttributes));
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj.metadata && typeof obj.metadata === 'object' && 'encoding' in (obj.metadata as object)) {
      const payload = { path, metadata: obj.metadata as Record<string, string>, data: String(obj.data ?? '') };
      (/searchAttributes|markerRecordedEventAttributes\.details\.patch-data/.test(path) ? searchAttributes : found).push(payload);
      return { found, searchAttributes };
    }
    for (const [k, v] of Object.entries(obj)) payloadsIn(v, `${path}.${k}`, found, searchAttributes);
  }
  return { found, searchAttributes };
}

const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

describe('payloads in Temporal', () => {
  let executions: Execution[] = [];
  let secrets: string[] = [];

  it('keeps every step\'s text, the name and the national id out of every history on the task queue', { timeout: 180_000 }, async () => {
    const a = await register();
    await step(a.id, 'contact', { note: TEXT.contact }, 'contacted');
    await step(a.id, 'home-visit', { scheduledAt: soon(3) }, 'visit_scheduled');
    await step(a.id, 'home-visit/cancel', { reason: TEXT.cancel }, 'contacted');
    await step(a.id, 'home-visit', { scheduledAt: soon(4) }, 'visit_scheduled');
    await step(a.id, 'home-visit/complete', { notes: TEXT.visit }, 'under_assessment');
    await step(a.id, 'provisional-reply', { reason: TEXT.provisional, expectedDecisionBy: soon(30).slice(0, 10) }, 'under_assessment');
    await step(a.id, 'decision', { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: TEXT.decision }, 'decided');
    await step(a.id, 'appeal', { text: TEXT.appeal }, 'under_reconsideration');
    await step(a.id, 'reconsideration', { outcome: 'upheld', justification: TEXT.reconsideration }, 'with_appeal_body');
    await step(a.id, 'appeal-body-decision', { outcome: 'reversed', justification: TEXT.appealBody }, 'active');
    // Issue 24: no advance notice, so the urgency is stated (fvl § 16 tredje ledd); its text stays out of the history too.
    await step(a.id, 're-evaluation', { outcome: 'terminated', justification: TEXT.termination, effectiveFrom: soon(1).slice(0, 10), urgent: { reason: TEXT.urgent } }, 'closed');
    const b = await register();
    await step(b.id, 'withdraw', { reason: TEXT.withdraw }, 'closed');
    secrets = [...Object.values(TEXT), applicant.name, a.nationalId, a.description, b.description];

    // Letters go out as workflows of their own: wait until each case's letters have been handed over.
    executions = await eventually('the letter deliveries of both cases', async () => {
      const all = await executionsOn(stack.taskQueue);
      return all.filter((e) => e.type === 'LetterDelivery').length >= 8 && all;
    }, 60_000);
    expect(executions.filter((e) => e.type === 'CaseWorkflow').length).toBeGreaterThanOrEqual(2);

    for (const execution of executions) {
      const raw = await showHistory(execution, { raw: true });
      const shorthand = JSON.stringify(await showHistory(execution));
      const { found, searchAttributes } = payloadsIn(raw);
      expect(found.length, `${execution.type} ${execution.workflowId} has payloads`).toBeGreaterThan(0);
      for (const payload of found) {
        expect(b64(payload.metadata.encoding!), `${execution.workflowId} ${payload.path}`).toBe('binary/encrypted');
        expect(b64(payload.metadata['encryption-key-id']!)).toBe('test-1');
        // Each names its case and municipality (authenticated with the ciphertext): the codec endpoint
        // decodes it only for a caller of that municipality, and logs that case.
        expect(Object.keys(payload.metadata).sort()).toEqual(['case-id', 'case-municipality', 'encoding', 'encryption-key-id']);
        expect(b64(payload.metadata['case-municipality']!), `${execution.workflowId} ${payload.path}`).toBe('namsos');
        expect([a.id, b.id], `${execution.workflowId} ${payload.path}`).toContain(b64(payload.metadata['case-id']!));
      }
      // Search attributes stay readable for the Web UI's filters, and say nothing about the person;
      // a patch marker holds the patch's id and nothing else.
      for (const payload of searchAttributes) {
        expect(b64(payload.metadata.encoding!)).toBe('json/plain');
        if (payload.path.includes('patch-data')) expect(isPatchMarker(JSON.parse(b64(payload.data))), b64(payload.data)).toBe(true);
      }
      const everything = [JSON.stringify(raw), shorthand, ...found.map((p) => b64(p.data)), ...searchAttributes.map((p) => b64(p.data))].join('\n');
      for (const secret of secrets) expect(everything.includes(secret), `${execution.workflowId} shows "${secret}"`).toBe(false);
    }
  });

  it('shows the text through the codec endpoint, to the same CLI', { timeout: 120_000 }, async () => {
    expect(executions.length, 'the first test ran').toBeGreaterThan(0);
    const decoded: string[] = [];
    for (const execution of executions.filter((e) => e.type === 'CaseWorkflow')) {
      const history = await showHistory(execution, { codecEndpoint: `${stack.url}/api/codec`, codecAuth: `Bearer ${await stack.issuer.tokenFor(['manager'])}`, raw: true });
      const { found } = payloadsIn(history);
      for (const payload of found) {
        expect(b64(payload.metadata.encoding!)).not.toBe('binary/encrypted');
        decoded.push(b64(payload.data));
      }
    }
    const all = decoded.join('\n');
    for (const text of Object.values(TEXT)) expect(all.includes(text), `decoded histories show "${text}"`).toBe(true);
    // Personal data never went to Temporal at all, encrypted or not.
    expect(all.includes(applicant.name)).toBe(false);
  });
});
