// The case page's controls beside the law's steps, in real Chromium against the real stack (as
// `npm start` runs it, with a policy where Namsos asks for a co-signer): a case put on hold with a
// reason and taken off, shown and filtered in the queue; the applicant's representative registered
// (a refused form's message beside its field) and ended; a decision proposed, approved by another
// caseworker, and a third who acted too late told so (409). axe-core on every page and state.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPages } from '../../scripts/buildPages.mjs';
import { api, startStack, type Stack } from '../../scripts/stack/startStack';
import { application } from '../../scripts/stack/secondsPolicy';
import { REPO_ROOT } from '../support/binaries';
import { expectAccessible, launchBrowser, logIn, newContext, poll, screenshot, SCREENSHOTS, type Person } from './support';

const ANNE: Person = { sub: 'saksbehandler-anne', role: 'Saksbehandler', municipalities: ['Namsos kommune'] };
const BJORN: Person = { sub: 'saksbehandler-bjorn', role: 'Saksbehandler', municipalities: ['Namsos kommune'] };
const CECILIE: Person = { sub: 'saksbehandler-cecilie', role: 'Saksbehandler', municipalities: ['Namsos kommune'] };

interface CaseView {
  id: string;
  caseNumber: string;
  status: string;
}

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let office: ReturnType<typeof api>;
const cases: Record<'hold' | 'representative' | 'decision', CaseView> = {} as never;

async function register(): Promise<CaseView> {
  const res = await office('POST', '/api/cases', application('namsos'));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as CaseView;
}

async function pageAs(person: Person, path: string): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${stack.apiUrl}${path}`);
  await logIn(page, person);
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
  return page;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await buildPages();
  // The built-in policy, with Namsos asking for a co-signer before a decision (to-trinnskontroll).
  const policy = JSON.parse(readFileSync(path.join(REPO_ROOT, 'config', 'default-policy.json'), 'utf8')) as { municipalities: Record<string, Record<string, unknown>> };
  policy.municipalities.namsos!.coSignDecisions = true;
  stack = await startStack({ policy });
  office = api(stack.apiUrl, stack.token);
  browser = await launchBrowser();
  cases.hold = await register();
  cases.representative = await register();
  cases.decision = await register();
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
}, 120_000);

describe('the case page controls', () => {
  it('a caseworker puts a case on hold with a reason; the queue shows it and filters by it; it is taken off hold, every change in its history', { timeout: 120_000 }, async () => {
    const page = await pageAs(ANNE, `/sak/${cases.hold.id}`);
    const hold = page.getByTestId('hold');
    await poll(() => hold.locator('p').first().textContent()).toBe('Saken er ikke satt på vent.');
    await page.getByLabel('Årsak til at saken venter').selectOption({ label: 'Venter på helseopplysninger' });
    await page.getByRole('button', { name: 'Sett på vent' }).click();
    await poll(() => hold.locator('p').first().textContent()).toMatch(/^Saken er satt på vent: Venter på helseopplysninger \(siden /);
    expect((await office('GET', `/api/cases/${cases.hold.id}/hold`)).body.onHold).toMatchObject({ reason: 'awaiting_health_information' });
    await expectAccessible(page, 'the case page with the case on hold');
    await screenshot(page, 'on-hold');

    // The queue: the reason in its column, and a filter for the cases on hold.
    await page.goto(`${stack.apiUrl}/?vis=all`);
    const row = page.locator(`tr[data-case="${cases.hold.id}"]`);
    await poll(() => row.getByTestId('on-hold').textContent()).toBe('Venter på helseopplysninger');
    await page.getByLabel('På vent').selectOption({ label: 'Bare saker på vent' });
    await poll(() => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')))).toEqual([cases.hold.id]);
    await expectAccessible(page, 'the work queue filtered to the cases on hold');
    await screenshot(page, 'queue-on-hold');
    await page.getByLabel('På vent').selectOption({ label: 'Ikke saker på vent' });
    await poll(() => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')))).not.toContain(cases.hold.id);

    // Off hold again, and both changes in the history.
    await page.goto(`${stack.apiUrl}/sak/${cases.hold.id}`);
    await page.getByRole('button', { name: 'Ta av vent' }).click();
    await poll(() => hold.locator('p').first().textContent()).toBe('Saken er ikke satt på vent.');
    await hold.getByText('Historikk for venting').click();
    const history = await hold.locator('li').allTextContents();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatch(/satt på vent \(Venter på helseopplysninger\) \(av saksbehandler-anne\)$/);
    expect(history[1]).toMatch(/tatt av vent \(av saksbehandler-anne\)$/);
  });

  it("registers the applicant's representative: a form without a way to reach them shows the API's message beside the field and changes nothing; then registered, and ended", { timeout: 120_000 }, async () => {
    const page = await pageAs(ANNE, `/sak/${cases.representative.id}`);
    const shown = page.getByTestId('representative');
    await poll(() => shown.textContent()).toBe('Søkeren har ingen registrert representant.');
    const form = page.getByRole('form', { name: 'Registrer representant' });
    await form.getByRole('radio', { name: 'Verge' }).check();
    await form.getByLabel('Navn').fill('Ola Verge');
    await form.getByRole('button', { name: 'Registrer representanten' }).click();
    // The API's message (400 naming `address`) beside the address field; nothing registered.
    const address = form.getByLabel('Adresse');
    await poll(() => address.getAttribute('aria-invalid')).toBe('true');
    const described = (await address.getAttribute('aria-describedby'))?.split(' ') ?? [];
    const messages = await Promise.all(described.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages.join(' ')).toContain('Give an address, a phone number or an e-mail address');
    expect((await office('GET', `/api/cases/${cases.representative.id}`)).body.representative).toBeNull();
    await expectAccessible(page, 'the representative form refused by the API');
    await screenshot(page, 'representative-error');

    await form.getByLabel('Telefon').fill('+47 912 34 567');
    await form.getByLabel('Søkeren får kopi av brevene').uncheck();
    await form.getByRole('button', { name: 'Registrer representanten' }).click();
    await poll(() => shown.textContent()).toMatch(/^Verge fra .*, søkeren får ikke kopi\.$/);
    expect((await office('GET', `/api/cases/${cases.representative.id}`)).body.representative).toMatchObject({ role: 'guardian', copyToApplicant: false });
    await expectAccessible(page, 'the case page with a representative');
    await screenshot(page, 'representative');

    await page.getByRole('button', { name: 'Avslutt representasjonen' }).click();
    await poll(() => shown.textContent()).toBe('Søkeren har ingen registrert representant.');
    expect((await office('GET', `/api/cases/${cases.representative.id}`)).body.representative).toBeNull();
  });

  it('a decision proposed by one caseworker is sent only when another approves it; the proposer cannot; one who approves too late is told someone else did (409)', { timeout: 150_000 }, async () => {
    const c = cases.decision;
    const anne = await pageAs(ANNE, `/sak/${c.id}`);
    await anne.getByRole('group', { name: 'Utfall', exact: true }).getByRole('radio', { name: 'Innvilget', exact: true }).check();
    await anne.getByLabel('Begrunnelse').fill('Søker trenger hjemmesykepleie morgen og kveld etter sykehusopphold.');
    await anne.getByRole('button', { name: 'Forhåndsvis vedtaksbrevet' }).click();
    await anne.getByRole('heading', { name: /^Forhåndsvisning: Vedtak om hjemmesykepleie/ }).waitFor();
    expect(await anne.getByRole('button', { name: 'Fatt vedtak og send brevet' }).count()).toBe(0);
    await anne.getByRole('button', { name: 'Send til godkjenning' }).click();

    // Waiting: the proposer sees it, cannot approve it, and nothing is sent.
    const panel = anne.getByTestId('proposal');
    await panel.waitFor();
    await poll(() => anne.getByLabel('Vedtaksbrevet som er foreslått').textContent()).toContain('Søker trenger hjemmesykepleie morgen og kveld');
    await anne.getByTestId('own-proposal').waitFor();
    expect(await panel.getByRole('button', { name: 'Godkjenn og send vedtaket' }).count()).toBe(0);
    expect((await office('GET', `/api/cases/${c.id}`)).body.status).toBe('received');
    await expectAccessible(anne, 'the case page with a decision waiting for its co-signer');
    await screenshot(anne, 'decision-proposal');

    // Two co-signers open it; Bjørn approves first, Cecilie is told so.
    const bjorn = await pageAs(BJORN, `/sak/${c.id}`);
    const cecilie = await pageAs(CECILIE, `/sak/${c.id}`);
    await cecilie.getByRole('button', { name: 'Godkjenn og send vedtaket' }).waitFor();
    await bjorn.getByRole('button', { name: 'Godkjenn og send vedtaket' }).click();
    await poll(() => bjorn.getByTestId('status').textContent()).toBe('Vedtak fattet');
    await bjorn.getByRole('status').filter({ hasText: 'Vedtaket er godkjent og fattet' }).waitFor();
    await cecilie.getByRole('button', { name: 'Godkjenn og send vedtaket' }).click();
    await cecilie.getByRole('status').filter({ hasText: 'Noen andre har allerede gjort dette' }).waitFor();
    await poll(() => cecilie.getByTestId('status').textContent()).toBe('Vedtak fattet');
    expect(await cecilie.getByRole('alert').count()).toBe(0);
    await expectAccessible(cecilie, 'the case page after another caseworker approved first');
    await screenshot(cecilie, 'co-signed-first');

    const events = (await office('GET', `/api/cases/${c.id}/events`)).body.items as Array<{ type: string; actor: string }>;
    expect(events.filter((e) => e.type === 'decision_issued').map((e) => e.actor)).toEqual(['saksbehandler-bjorn']);
  });
});
