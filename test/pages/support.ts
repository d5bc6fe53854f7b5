// The office's pages in real Chromium against the real stack (the launcher, as `npm start` runs it):
// one browser per test file, a context per person, axe-core on every page, screenshots for the docs.
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { chromiumPath, REPO_ROOT } from '../support/binaries';

export const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'pages');
/** Generous: a loaded 2-core CI machine runs these beside other test files. */
export const UI_TIMEOUT = 30_000;

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("Chromium is not installed: npm test installs Debian's chromium as root; or set CHROMIUM_PATH");
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
  context.setDefaultTimeout(UI_TIMEOUT);
  return context;
}

/** WCAG 2.1 A and AA as axe-core checks them: none may be violated. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `axe-core on ${what}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

export interface Person {
  sub: string;
  role: 'Saksbehandler' | 'Leder' | 'Revisor (tilgangslogg)';
  municipalities: string[];
}

/** The embedded issuer's login page, filled in with the mouse. */
export async function logIn(page: Page, person: Person): Promise<void> {
  await poll(() => page.getByRole('heading', { name: 'Logg inn' }).isVisible(), { timeout: UI_TIMEOUT }).toBe(true);
  await page.getByLabel('Person (brukernavn)').fill(person.sub);
  await page.getByRole('radio', { name: person.role }).check();
  for (const m of person.municipalities) await page.getByRole('checkbox', { name: m }).check();
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

/** Tab (never the mouse) until `target` has the focus. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  await target.waitFor({ state: 'visible' });
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${String(target)} was not reached by Tab in ${max} presses`);
}

/** Focus by Tab, then type. */
export async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Focus by Tab, then Enter. */
export async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/** expect.poll with this file's generous timeout (vitest's default, 1 s, is too short for a step on a loaded machine). */
export function poll<T>(fn: () => Promise<T> | T, opts: { timeout?: number } = {}) {
  return expect.poll(fn, { timeout: UI_TIMEOUT, interval: 200, ...opts });
}
