// Decisions that reduce or end a service (issue 24) over HTTP, against the real stack (API, Temporal
// dev server, a real Worker, PostgreSQL): the advance notice with its deadline for comments, 409
// advance_notice_required before it, effectiveFrom before the step refused naming the field, a
// reduction from 10 to 2 hours whose letter says so, an urgent termination, and the OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osloDateOf } from '../../domain/calendar/osloTime';
import { eventually } from '../support/eventually';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import type { Call } from './support/http';

let stack: ApiStack;
let call: Call;

beforeAll(async () => {
  stack = await startApiStack();
  call = stack.call;
});

afterAll(async () => {
  await stack?.stop();
});

async function step(id: string, name: string, body: unknown, status = 200): Promise<any> {
  const res = await call('POST', `/api/cases/${id}/${name}`, body);
  expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

async function eventTypes(id: string): Promise<string[]> {
  return (await call('GET', `/api/cases/${id}/events`)).body.items.map((e: { type: string }) => e.type);
}

/** The `count`th letter of a kind, once it is there. */
async function letter(id: string, kind: string, count = 1): Promise<{ subject: string; body: string }> {
  return eventually(`${count} ${kind} letter(s)`, async () => {
    const items: { kind: string; subject: string; body: string }[] = (await call('GET', `/api/cases/${id}/letters`)).body.items;
    const found = items.filter((l) => l.kind === kind);
    return found.length >= count && found[count - 1];
  });
}

const fields = (body: any): string[] => (body.error.details ?? []).map((d: { field: string }) => d.field);
const dayIn = (days: number) => osloDateOf(new Date(Date.now() + days * 86_400_000));
const reducedTo2 = { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 2 }], justification: 'Du klarer nå morgenstellet selv.' };

/** Home nursing, 10 hours a week, running: granted by the appeal body, so final at once. */
async function runningCase(): Promise<any> {
  const created = await call('POST', '/api/cases', application({ services: ['home_nursing'] }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id;
  await step(id, 'decision', { outcome: 'refused', services: [{ code: 'home_nursing' }], justification: 'Vilkårene er ikke oppfylt.' });
  await step(id, 'appeal', { text: 'Jeg trenger hjelp.' });
  await step(id, 'reconsideration', { outcome: 'upheld', justification: 'Vedtaket står.' });
  const active = await step(id, 'appeal-body-decision', {
    outcome: 'reversed',
    justification: 'Klageren har rett til hjemmesykepleie.',
    decision: { outcome: 'granted', services: [{ code: 'home_nursing', hoursPerWeek: 10 }], justification: 'Behovet er dokumentert.' },
  });
  expect(active.status).toBe('active');
  return active;
}

describe('decisions that reduce or end a service, over HTTP', () => {
  it('refuses a reduction without an advance notice (409 advance_notice_required), sends the notice, waits for its deadline, and then reduces 10 → 2 hours with a letter that says so', { timeout: 120_000 }, async () => {
    const { id } = await runningCase();
    const before = await eventTypes(id);

    const early = await step(id, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: dayIn(7) }, 409);
    expect(early.error.code).toBe('advance_notice_required');
    expect(await eventTypes(id)).toEqual(before);

    const wrong = await step(id, 'advance-notice', { services: [{ code: 'safety_alarm', proposal: 'terminate' }], reason: 'Alarmen brukes ikke.' }, 400);
    expect(wrong.error.code).toBe('validation_failed');
    expect(fields(wrong)).toEqual(['services[0].code']);
    expect(await eventTypes(id)).toEqual(before);

    const commentsBy = new Date(Date.now() + 4_000).toISOString();
    const noticed = await step(id, 'advance-notice', { services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2 }], reason: 'Du klarer mer selv etter opptreningen.', commentsBy });
    expect(noticed.status).toBe('active');
    expect(noticed.advanceNotice).toMatchObject({ commentsBy, services: [{ code: 'home_nursing', proposal: 'reduce', hoursPerWeek: 2, currentHoursPerWeek: 10 }] });
    const notice = await letter(id, 'advance_notice');
    expect(notice.subject).toBe('Forhåndsvarsel: vi vurderer å redusere hjemmesykepleie');
    expect(notice.body).toContain('redusere fra 10 timer per uke til 2 timer per uke');

    const waiting = await step(id, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: dayIn(7) }, 409);
    expect(waiting.error.code).toBe('advance_notice_required');
    expect(waiting.error.message).toContain(commentsBy);

    const past = await step(id, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: dayIn(-2) }, 400);
    expect(fields(past)).toEqual(['effectiveFrom']);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(commentsBy) - Date.now() + 500)));
    const reduced = await step(id, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: dayIn(7) });
    expect(reduced.status).toBe('decided');
    expect(reduced.decision).toMatchObject({ effectiveFrom: dayIn(7), reduces: ['home_nursing'], replaces: { services: [{ code: 'home_nursing', hoursPerWeek: 10 }] } });
    // The first decision letter was the refusal the appeal body reversed.
    const decided = await letter(id, 'decision', 2);
    expect(decided.subject).toBe('Vedtak om endring av hjemmesykepleie – redusert');
    expect(decided.body).toContain('reduseres fra 10 timer per uke til 2 timer per uke');
    expect(decided.body).not.toContain('innvilget');
    expect(decided.body).toContain('forvaltningsloven § 42');
  });

  it('terminates at once when urgent, with the end date and the urgency in the letter', { timeout: 120_000 }, async () => {
    const { id } = await runningCase();
    const missing = await step(id, 're-evaluation', { outcome: 'terminated', justification: 'Du har fått sykehjemsplass.', urgent: { reason: 'Du flytter til sykehjem i dag.' } }, 400);
    expect(fields(missing)).toEqual(['effectiveFrom']);
    const ended = await step(id, 're-evaluation', { outcome: 'terminated', justification: 'Du har fått sykehjemsplass.', effectiveFrom: dayIn(0), urgent: { reason: 'Du flytter til sykehjem i dag.' } });
    expect(ended).toMatchObject({ status: 'closed', closedReason: 'terminated', decision: { terminates: true, urgent: { reason: 'Du flytter til sykehjem i dag.' } } });
    const closing = await letter(id, 'closing');
    expect(closing.subject).toBe('Vedtak om avslutning av hjemmesykepleie');
    expect(closing.body).toContain('skal avsluttes fra og med');
    expect(closing.body).toContain('fordi saken ikke kunne vente: Du flytter til sykehjem i dag.');
    expect(closing.body).toContain('helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a');
  });

  it('answers a request for deferred implementation (fvl § 42): the view says the services go on, and a letter says so', { timeout: 120_000 }, async () => {
    const { id } = await runningCase();
    const none = await step(id, 'deferral', { granted: true, justification: 'Ingenting å utsette.' }, 409);
    expect(none.error.code).toBe('invalid_transition');
    await step(id, 're-evaluation', { outcome: 'changed', decision: reducedTo2, effectiveFrom: dayIn(7), urgent: { reason: 'Søker er innlagt.' } });
    await step(id, 'appeal', { text: 'Jeg trenger fortsatt hjelpen.' });
    const bad = await step(id, 'deferral', { granted: 'ja', justification: 'x' }, 400);
    expect(fields(bad)).toEqual(['granted']);
    const deferred = await step(id, 'deferral', { granted: true, justification: 'Klagen bør avgjøres før hjelpen reduseres.' });
    expect(deferred).toMatchObject({ status: 'under_reconsideration', deferredUntilAppealDecided: true, deferral: { granted: true, endedAt: null } });
    const answer = await letter(id, 'deferral_answer');
    expect(answer.subject).toBe('Svar om utsatt iverksetting: vedtaket venter til klagen er avgjort');
    expect(answer.body).toContain('• Hjemmesykepleie: 10 timer per uke');
  });

  it('documents the advance-notice step, effectiveFrom, urgent and advance_notice_required in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/cases/{id}/advance-notice']?.post?.operationId).toBe('sendAdvanceNotice');
    expect(doc.paths['/api/cases/{id}/deferral']?.post?.operationId).toBe('answerDeferral');
    const reEvaluation = JSON.stringify(doc.paths['/api/cases/{id}/re-evaluation'].post);
    expect(reEvaluation).toContain('advance_notice_required');
    expect(JSON.stringify(doc.components.schemas.ReEvaluationStep)).toContain('effectiveFrom');
    expect(JSON.stringify(doc.components.schemas.ReEvaluationStep)).toContain('urgent');
  });
});
