// The office's own pages (contract: "The office's own pages"), in real Chromium against the real
// stack started as `npm start` starts it: a caseworker's whole path by keyboard alone, a refused
// form, an ended session, a step someone else took first, the manager's board, the auditor's access
// log, and a caseworker of another municipality who sees none of it. axe-core on every page.
import { mkdirSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPages } from '../../scripts/buildPages.mjs';
import { api, runTokenCommand, startStack, type Stack } from '../../scripts/stack/startStack';
import { application } from '../../scripts/stack/secondsPolicy';
import { expectAccessible, launchBrowser, logIn, newContext, poll, press, screenshot, SCREENSHOTS, tabTo, typeInto, UI_TIMEOUT, type Person } from './support';

const ANNE: Person = { sub: 'saksbehandler-anne', role: 'Saksbehandler', municipalities: ['Namsos kommune'] };
const BJORN = { sub: 'saksbehandler-bjorn', roles: ['caseworker'], municipalities: ['namsos', 'luroy'] };
/** Anne in Lurøy too, whose periods are the law's own: a decided case stays decided while she works on it. */
const ANNE_LUROY: Person = { ...ANNE, municipalities: ['Namsos kommune', 'Lurøy kommune'] };
const LISE: Person = { sub: 'leder-lise', role: 'Leder', municipalities: ['Namsos kommune'] };
const ROLF: Person = { sub: 'revisor-rolf', role: 'Revisor (tilgangslogg)', municipalities: ['Namsos kommune'] };
const NORA: Person = { sub: 'saksbehandler-nora', role: 'Saksbehandler', municipalities: ['Nordre Land kommune'] };

interface CaseView {
  id: string;
  caseNumber: string;
  status: string;
  flags: { contactOverdue: boolean };
}

let stack: Stack | undefined;
let baseUrl: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** The registering client (a caseworker and manager everywhere) and another caseworker of Namsos. */
let office: ReturnType<typeof api>;
let bjorn: ReturnType<typeof api>;
const cases: Record<'path' | 'forms' | 'race' | 'overdue' | 'appeal', CaseView> = {} as never;

async function register(body: unknown): Promise<CaseView> {
  const res = await office('POST', '/api/cases', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as CaseView;
}

async function pageAs(person: Person, path = '/'): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await logIn(page, person);
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
  return page;
}

/** Oslo's date `days` from now, as the visit form takes it. */
function osloDate(days: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date(Date.now() + days * 86_400_000));
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // npm test builds the pages in its setup; built again here so this file also runs on its own.
  await buildPages();
  // PAGES_TEST_STACK="<url> <DATA_DIR>": a stack already running (while working on the pages).
  const existing = process.env.PAGES_TEST_STACK?.split(' ');
  let token: string;
  let mint: (flags: { sub: string; roles: string[]; municipalities: string[] }) => Promise<string>;
  if (existing?.[0] && existing[1]) {
    baseUrl = existing[0];
    mint = (flags) => runTokenCommand({ DATA_DIR: existing[1]! }, flags);
    token = await mint({ sub: 'e2e-saksbehandler', roles: ['caseworker', 'manager'], municipalities: ['namsos', 'luroy', 'nordre-land'] });
  } else {
    stack = await startStack();
    baseUrl = stack.apiUrl;
    token = stack.token;
    mint = (flags) => stack!.mintToken(flags);
  }
  office = api(baseUrl, token);
  bjorn = api(baseUrl, await mint(BJORN));
  browser = await launchBrowser();
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
  // A paper form stamped ten days ago: its week for contact has run out at once (overdue).
  cases.overdue = await register({ ...application('namsos'), channel: 'paper', receivedAt: tenDaysAgo });
  cases.path = await register(application('namsos'));
  cases.forms = await register(application('namsos'));
  cases.race = await register(application('namsos', ['practical_assistance']));
  cases.appeal = await register(application('luroy', ['home_nursing', 'practical_assistance']));
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
}, 120_000);

describe('the office pages', () => {
  it('a caseworker, by keyboard alone, logs in, takes a case from the queue, contacts, books and completes the visit, previews and sends a decision, and sees its letter delivered', { timeout: 150_000 }, async () => {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await poll(() => page.getByRole('heading', { name: 'Logg inn' }).isVisible(), { timeout: UI_TIMEOUT }).toBe(true);
    await expectAccessible(page, 'the login page');
    await screenshot(page, 'login');
    await typeInto(page, page.getByLabel('Person (brukernavn)'), ANNE.sub);
    await press(page, page.getByRole('radio', { name: 'Saksbehandler' }), 'Space');
    await press(page, page.getByRole('checkbox', { name: 'Namsos kommune' }), 'Space');
    await press(page, page.getByRole('button', { name: 'Logg inn' }));

    // The queue: unassigned cases, overdue first.
    const take = page.getByRole('button', { name: `Ta sak ${cases.path.caseNumber}` });
    await take.waitFor();
    const rows = page.locator('tbody tr');
    await poll(() => rows.first().getAttribute('data-case')).toBe(cases.overdue.id);
    await expectAccessible(page, 'the work queue');
    await screenshot(page, 'queue');
    await press(page, take);
    await take.waitFor({ state: 'detached' });
    await press(page, page.getByRole('link', { name: 'Mine' }));
    const link = page.getByRole('link', { name: new RegExp(`Sak ${cases.path.caseNumber}`) });
    await press(page, link);
    await page.waitForURL(`**/sak/${cases.path.id}`);

    const status = page.getByTestId('status');
    await poll(() => status.textContent()).toBe('Mottatt');
    await poll(() => page.getByTestId('assignee').textContent()).toBe(`Saken er hos ${ANNE.sub}.`);
    await expectAccessible(page, 'the case page');
    await typeInto(page, page.getByLabel('Notat (valgfritt)'), 'Ringte søker, avtalte besøk.');
    await press(page, page.getByRole('button', { name: 'Registrer kontakt' }));
    await poll(() => status.textContent()).toBe('Kontaktet');

    await typeInto(page, page.getByLabel('Dato', { exact: true }), osloDate(3));
    await typeInto(page, page.getByLabel('Klokkeslett', { exact: true }), '11:30');
    await press(page, page.getByRole('button', { name: 'Avtal besøket' }));
    await poll(() => status.textContent()).toBe('Hjemmebesøk avtalt');

    await typeInto(page, page.getByLabel('Notater fra besøket (valgfritt)'), 'Trenger hjelp morgen og kveld.');
    await press(page, page.getByRole('button', { name: 'Registrer besøket' }));
    await poll(() => status.textContent()).toBe('Under vurdering');

    // The decision's form is made from the step's schema (GET /api/cases/:id/steps): an outcome, and per service its own.
    await press(page, page.getByRole('group', { name: 'Utfall', exact: true }).getByRole('radio', { name: 'Innvilget', exact: true }), 'Space');
    await typeInto(page, page.getByLabel('Timer per uke (valgfritt)'), '5');
    await typeInto(page, page.getByLabel('Begrunnelse'), 'Søker trenger hjemmesykepleie morgen og kveld etter sykehusopphold.');
    await press(page, page.getByRole('button', { name: 'Forhåndsvis vedtaksbrevet' }));
    const preview = page.getByRole('heading', { name: /^Forhåndsvisning: Vedtak om hjemmesykepleie/ });
    await preview.waitFor();
    await poll(() => page.getByLabel('Vedtaksbrevet slik det vil bli sendt').textContent()).toContain('Søker trenger hjemmesykepleie morgen og kveld');
    // The preview applied nothing.
    expect((await office('GET', `/api/cases/${cases.path.id}`)).body.status).toBe('under_assessment');
    await expectAccessible(page, 'the case page with the decision previewed');
    await screenshot(page, 'decision-preview');
    await press(page, page.getByRole('button', { name: 'Fatt vedtak og send brevet' }));
    await poll(() => status.textContent()).toBe('Vedtak fattet');

    // The decision letter and how its delivery went (it is looked at again until it has gone out).
    const decisionRow = page.locator('tr[data-letter="decision"]');
    await decisionRow.waitFor();
    await poll(() => decisionRow.getByTestId('delivery').textContent(), { timeout: 60_000 }).toMatch(/^(Sendt|Levert|Lest|Skrevet ut)/);
    await press(page, decisionRow.getByText(/^Vedtak: Vedtak om/));
    await poll(() => decisionRow.locator('pre').textContent()).toContain('Begrunnelse');
    const pdf = decisionRow.getByRole('link', { name: 'PDF av Vedtak' });
    const pdfAnswer = await page.request.get(new URL((await pdf.getAttribute('href'))!, baseUrl).toString());
    expect(pdfAnswer.status()).toBe(200);
    expect(pdfAnswer.headers()['content-type']).toContain('application/pdf');
    await expectAccessible(page, 'the decided case page');
    await screenshot(page, 'case');
  });

  it('a form filled wrongly shows the API\'s message beside the field and changes nothing; an ended session goes to login and keeps what was typed; a step another caseworker took first shows as such', { timeout: 120_000 }, async () => {
    const page = await pageAs(ANNE, `/sak/${cases.forms.id}`);
    const status = page.getByTestId('status');
    await poll(() => status.textContent()).toBe('Mottatt');
    const eventsBefore = (await office('GET', `/api/cases/${cases.forms.id}/events`)).body.items.length;

    // No justification: the API's own message, beside the field.
    const expected = await office('POST', `/api/cases/${cases.forms.id}/decision/preview`, { outcome: 'granted', services: [{ code: 'home_nursing' }], justification: '' });
    expect(expected.status).toBe(400);
    const message = (expected.body.error.details as Array<{ field: string; message: string }>).find((d) => d.field === 'justification')!.message;
    await page.getByRole('button', { name: 'Forhåndsvis vedtaksbrevet' }).click();
    const justification = page.getByLabel('Begrunnelse');
    await poll(() => justification.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await justification.getAttribute('aria-describedby'))!.split(' ');
    const beside = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(beside.join(' ')).toContain(message);
    await expectAccessible(page, 'the case page with a refused form');
    await screenshot(page, 'form-error');
    expect((await office('GET', `/api/cases/${cases.forms.id}`)).body.status).toBe('received');
    expect((await office('GET', `/api/cases/${cases.forms.id}/events`)).body.items.length).toBe(eventsBefore);

    // The session cookie alone changes nothing: a change needs the page's CSRF token.
    const forged = await page.request.post(`${baseUrl}/api/cases/${cases.forms.id}/contact`, { data: {} });
    expect(forged.status()).toBe(403);
    expect((await office('GET', `/api/cases/${cases.forms.id}`)).body.status).toBe('received');

    // The session ends (its cookie is gone) while a note is being typed: log in again, and it is still there.
    await page.getByLabel('Notat (valgfritt)').fill('Søker ringer tilbake etter klokken 12.');
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Registrer kontakt' }).click();
    await logIn(page, ANNE);
    await page.waitForURL(`**/sak/${cases.forms.id}`);
    await poll(() => page.getByLabel('Notat (valgfritt)').inputValue()).toBe('Søker ringer tilbake etter klokken 12.');
    expect((await office('GET', `/api/cases/${cases.forms.id}`)).body.status).toBe('received');

    // Another caseworker contacts the applicant first: 409, shown as news, and the case as it is now.
    expect((await bjorn('POST', `/api/cases/${cases.forms.id}/contact`, {})).status).toBe(200);
    await page.getByRole('button', { name: 'Registrer kontakt' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Noen andre har allerede gjort dette' });
    await notice.waitFor();
    await poll(() => status.textContent()).toBe('Kontaktet');
    expect(await page.getByRole('alert').count()).toBe(0);
    await expectAccessible(page, 'the case page after a step taken by another caseworker');

    // And in the queue: a case another caseworker took first.
    await page.goto(`${baseUrl}/`);
    const take = page.getByRole('button', { name: `Ta sak ${cases.race.caseNumber}` });
    await take.waitFor();
    expect((await bjorn('POST', `/api/cases/${cases.race.id}/assignee`, { sub: BJORN.sub })).status).toBe(200);
    await take.click();
    await page.getByRole('status').filter({ hasText: `already taken by ${BJORN.sub}` }).waitFor();
    await take.waitFor({ state: 'detached' });
    await expectAccessible(page, 'the queue after a case was taken first by another caseworker');
  });

  it("after a decision, the forms of exactly the steps the case allows: a decision per service, then appeal, reconsideration, forwarding and the appeal body's ruling; a re-evaluation without advance notice is refused beside its form; a step another caseworker took first shows as such", { timeout: 180_000 }, async () => {
    const c = cases.appeal;
    const page = await pageAs(ANNE_LUROY, `/sak/${c.id}`);
    const status = page.getByTestId('status');
    await poll(() => status.textContent()).toBe('Mottatt');
    const form = (name: string) => page.getByRole('form', { name, exact: true });
    const forms = () => page.locator('[data-step]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-step')));
    const allowedNow = async () => ((await office('GET', `/api/cases/${c.id}/steps`)).body.items as Array<{ step: string }>).map((i) => i.step).filter((s) => !['contact', 'home-visit', 'home-visit/complete'].includes(s));

    // Before a decision: no appeal.
    await form('Vedtak').waitFor();
    expect(await form('Registrer klage').count()).toBe(0);
    expect(await forms()).toEqual(await allowedNow());

    // A partial decision, each service with its own outcome.
    const decision = form('Vedtak');
    await decision.getByRole('group', { name: 'Utfall', exact: true }).getByRole('radio', { name: 'Delvis innvilget' }).check();
    const nursing = decision.getByRole('group', { name: 'Hjemmesykepleie', exact: true });
    await nursing.getByRole('radio', { name: 'Innvilget', exact: true }).check();
    await nursing.getByLabel('Timer per uke (valgfritt)', { exact: true }).fill('4');
    await decision.getByRole('group', { name: 'Praktisk bistand', exact: true }).getByRole('radio', { name: 'Avslått' }).check();
    await decision.getByLabel('Begrunnelse', { exact: true }).fill('Søker får hjemmesykepleie, men praktisk bistand dekkes av familien.');
    await decision.getByRole('button', { name: 'Forhåndsvis vedtaksbrevet' }).click();
    await page.getByRole('heading', { name: /^Forhåndsvisning:/ }).waitFor();
    await page.getByRole('button', { name: 'Fatt vedtak og send brevet' }).click();
    await poll(() => status.textContent()).toBe('Vedtak fattet');
    const decided = (await office('GET', `/api/cases/${c.id}`)).body.decision;
    expect(decided.outcome).toBe('partially_granted');
    expect(decided.services).toEqual([
      expect.objectContaining({ code: 'home_nursing', outcome: 'granted', hoursPerWeek: 4 }),
      expect.objectContaining({ code: 'practical_assistance', outcome: 'refused' }),
    ]);

    // Now the steps after a decision, and no longer the decision's own.
    await form('Registrer klage').waitFor();
    await poll(() => forms()).toEqual(await allowedNow());
    expect(await forms()).not.toContain('decision');
    await expectAccessible(page, 'a decided case and the forms it allows');
    await screenshot(page, 'after-decision');

    const appeal = form('Registrer klage');
    await appeal.getByLabel('Klagen (valgfritt)', { exact: true }).fill('Jeg klarer ikke husarbeidet alene.');
    await appeal.getByRole('checkbox', { name: 'Praktisk bistand' }).check();
    await appeal.getByRole('button', { name: 'Registrer klagen' }).click();
    await poll(() => status.textContent()).toBe('Klage til ny vurdering');
    expect((await office('GET', `/api/cases/${c.id}`)).body.appeal).toMatchObject({ services: ['practical_assistance'], text: 'Jeg klarer ikke husarbeidet alene.' });
    await poll(() => forms()).toEqual(await allowedNow());
    await expectAccessible(page, 'a case under reconsideration');

    // The office upholds its decision: no justification first (the API's message beside the field, nothing changes), then forwarded.
    const reconsideration = form('Kontorets vurdering av klagen');
    await reconsideration.getByRole('radio', { name: 'Opprettholdt: sendes til klageinstansen' }).check();
    await reconsideration.getByRole('button', { name: 'Registrer vurderingen' }).click();
    const justification = reconsideration.getByLabel('Begrunnelse', { exact: true });
    await poll(() => justification.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await justification.getAttribute('aria-describedby'))!.split(' ');
    expect((await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ')).toContain('Must not be empty.');
    expect((await office('GET', `/api/cases/${c.id}`)).body.status).toBe('under_reconsideration');
    await expectAccessible(page, 'a reconsideration refused by the API');
    await screenshot(page, 'step-form-error');
    await justification.fill('Kontoret står ved vedtaket: familien dekker den praktiske bistanden.');
    await reconsideration.getByRole('button', { name: 'Registrer vurderingen' }).click();
    await poll(() => status.textContent()).toBe('Hos klageinstansen');
    await page.locator('tr[data-letter="appeal_forwarded"]').waitFor();
    await poll(() => forms()).toEqual(await allowedNow());
    await expectAccessible(page, 'a case with the appeal body');

    const ruling = form('Klageinstansens avgjørelse');
    await ruling.getByRole('radio', { name: 'Vedtaket stadfestet (klagen ikke tatt til følge)' }).check();
    await ruling.getByLabel('Begrunnelse (valgfritt)', { exact: true }).fill('Statsforvalteren er enig med kommunen.');
    await ruling.getByRole('button', { name: 'Registrer avgjørelsen' }).click();
    await poll(() => status.textContent()).toBe('Aktiv');
    expect((await office('GET', `/api/cases/${c.id}`)).body.appeal.appealBodyDecision).toMatchObject({ outcome: 'upheld' });
    await page.locator('tr[data-letter="appeal_outcome"]').waitFor();

    // Ending the service with no advance notice: 409, its message beside the form, and nothing changes.
    const reEvaluation = form('Revurdering');
    await reEvaluation.getByRole('radio', { name: 'Avsluttes (opphør)' }).check();
    await reEvaluation.getByLabel('Begrunnelse (valgfritt)', { exact: true }).fill('Søker klarer seg selv nå.');
    await reEvaluation.getByLabel('Gjelder fra (valgfritt)', { exact: true }).fill(osloDate(30));
    await reEvaluation.getByRole('button', { name: 'Registrer revurderingen' }).click();
    const owed = reEvaluation.getByRole('alert').filter({ hasText: 'Forhåndsvarsel må sendes først' });
    await owed.waitFor();
    expect(await owed.textContent()).toContain('send an advance notice first');
    expect((await office('GET', `/api/cases/${c.id}`)).body.status).toBe('active');
    await expectAccessible(page, 'a re-evaluation waiting for its advance notice');
    await screenshot(page, 're-evaluation-refused');

    // Another caseworker registers the withdrawal first: shown as news, and the case as it is now.
    const withdraw = form('Søkeren trekker saken');
    await withdraw.getByLabel('Hva søkeren sa', { exact: true }).fill('Søker ringte og trakk saken.');
    expect((await bjorn('POST', `/api/cases/${c.id}/withdraw`, { reason: 'Søker trakk saken i telefon.' })).status).toBe(200);
    await withdraw.getByRole('button', { name: 'Registrer at saken er trukket' }).click();
    await page.getByRole('status').filter({ hasText: 'Noen andre har allerede gjort dette' }).waitFor();
    await poll(() => status.textContent()).toBe('Avsluttet');
    expect(await forms()).toEqual(await allowedNow());
    await expectAccessible(page, 'a case closed by another caseworker');
  });

  it('a caseworker saves a filter of the queue and applies it later; it is hers alone', { timeout: 90_000 }, async () => {
    const page = await pageAs(ANNE, '/?vis=all');
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    await page.getByLabel('Status').selectOption('received');
    await poll(async () => (await rows.locator('td:nth-child(2)').allTextContents()).every((t) => t === 'Mottatt')).toBe(true);
    await page.getByText('Lagre dette utvalget', { exact: true }).first().click();
    // No name: the API's message beside the field, nothing saved.
    await page.getByRole('button', { name: 'Lagre utvalget' }).click();
    const name = page.getByLabel('Navn på utvalget');
    await poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'the queue with a saved filter refused');
    await name.fill('Nye saker');
    await page.getByRole('button', { name: 'Lagre utvalget' }).click();
    await page.getByRole('button', { name: 'Vis «Nye saker»' }).waitFor();

    // Later: another view, then the saved one again.
    await page.goto(`${baseUrl}/?vis=me`);
    const apply = page.getByRole('button', { name: 'Vis «Nye saker»' });
    await apply.waitFor();
    await apply.click();
    await poll(() => page.getByLabel('Status').inputValue()).toBe('received');
    await poll(() => page.getByRole('link', { name: 'Alle', exact: true }).getAttribute('aria-current')).toBe('page');
    await poll(async () => (await rows.locator('td:nth-child(2)').allTextContents()).every((t) => t === 'Mottatt')).toBe(true);
    await expectAccessible(page, 'the queue with a saved filter applied');
    await screenshot(page, 'saved-filters');
    expect((await bjorn('GET', '/api/saved-filters')).body.items).toEqual([]);
  });

  it('a manager sees the overdue case first, reassigns it, and sees the figures', { timeout: 90_000 }, async () => {
    // The overdue flag is set by the case's workflow on its first task.
    await poll(async () => (await office('GET', `/api/cases/${cases.overdue.id}`)).body.flags.contactOverdue, { timeout: 30_000 }).toBe(true);
    const page = await pageAs(LISE, '/leder');
    const overdue = page.locator('section[aria-labelledby="forfalt"] tbody tr');
    await overdue.first().waitFor();
    expect(await overdue.first().getAttribute('data-case')).toBe(cases.overdue.id);
    await expectAccessible(page, "the manager's board");
    await screenshot(page, 'manager');
    await overdue.first().getByLabel(/^Ny saksbehandler/).fill(ANNE.sub);
    await overdue.first().getByRole('button', { name: 'Tildel' }).click();
    await poll(() => page.locator(`section[aria-labelledby="forfalt"] tr[data-case="${cases.overdue.id}"]`).getByTestId('assignee').textContent()).toBe(ANNE.sub);
    const history = (await office('GET', `/api/cases/${cases.overdue.id}/assignee`)).body;
    expect(history.assignee).toBe(ANNE.sub);
    expect(history.history.at(-1)).toMatchObject({ assignee: ANNE.sub, actor: LISE.sub });
    expect(await page.locator('canvas#status-chart').getAttribute('aria-label')).toMatch(/^Åpne saker etter status:/);
    // The figures over time: a chart per figure, its text alternative and table saying what the API says for the month.
    const monthly = (await (await page.request.get(`${baseUrl}/api/stats/monthly?months=12`)).json()).months as Array<{ month: string; decisions: { count: number; medianDays: number | null; meanDays: number | null } }>;
    expect(monthly).toHaveLength(12);
    const thisMonth = monthly.at(-1)!;
    expect(thisMonth.decisions.count).toBeGreaterThan(0);
    for (const chart of ['provisional-chart', 'decision-days-chart', 'appeals-chart']) expect(await page.locator(`canvas#${chart}`).getAttribute('aria-label')).toMatch(/\. .+: /);
    expect(await page.locator('canvas#decision-days-chart').getAttribute('aria-label')).toContain(`Antall vedtak ${thisMonth.decisions.count}`);
    await page.getByText('Tallene: dager fra mottak til vedtak').click();
    const row = page.getByTestId('decision-days-chart-table').locator(`tr[data-month="${thisMonth.month}"] td`);
    expect(await row.allTextContents()).toEqual([thisMonth.decisions.medianDays, thisMonth.decisions.meanDays, thisMonth.decisions.count].map((v) => String(v ?? '–')));
    await expectAccessible(page, "the manager's figures over time, a table open");
    await expectAccessible(page, "the manager's board after a reassignment");
  });

  it('an auditor finds who has read the case', { timeout: 60_000 }, async () => {
    const page = await pageAs(ROLF, '/tilgangslogg');
    await page.getByLabel('Sak (saks-id)').fill(cases.path.id);
    await page.getByRole('button', { name: 'Søk' }).click();
    const readers = page.getByTestId('readers');
    await readers.waitFor();
    await poll(() => readers.textContent()).toContain(ANNE.sub);
    await expectAccessible(page, 'the access log');
    await screenshot(page, 'auditor');

    // The same as a PDF made by the server, in bokmål: it lists the readers, and its making is logged (and listed in the next one).
    const link = page.getByRole('link', { name: 'Last ned «Hvem har lest saken» som PDF' });
    const pdf = await page.request.get(new URL((await link.getAttribute('href'))!, baseUrl).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(await pdf.body()) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text).toContain('Hvem har lest saken');
    expect(text).toContain(cases.path.caseNumber);
    expect(text).toMatch(new RegExp(`${ANNE.sub}\\s+Saksbehandler`));
    expect(text).toContain('Forhåndsviste vedtaksbrev');
    expect(text).toMatch(/Side 1 av \d/);
    const logged = (await (await page.request.get(`${baseUrl}/api/access-log?caseId=${cases.path.id}&actor=${ROLF.sub}`)).json()).items as Array<{ action: string; role: string }>;
    expect(logged).toEqual([expect.objectContaining({ action: 'case.readers.pdf', role: 'auditor' })]);
    expect(text).toContain(ROLF.sub);
  });

  it('a caseworker of another municipality sees none of it', { timeout: 60_000 }, async () => {
    const page = await pageAs(NORA, '/');
    await page.getByText('Ingen saker her.').waitFor();
    for (const view of ['/?vis=all']) {
      await page.goto(`${baseUrl}${view}`);
      await page.getByText('Ingen saker her.').waitFor();
    }
    expect(await page.locator('body').textContent()).not.toContain(cases.path.caseNumber);
    await expectAccessible(page, "another municipality's work queue");
    await page.goto(`${baseUrl}/sak/${cases.path.id}`);
    await page.getByRole('alert').filter({ hasText: 'No case with id' }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain(cases.path.caseNumber);
    await expectAccessible(page, "another municipality's case page");
  });
});
