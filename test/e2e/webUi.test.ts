// A manager opens the embedded Temporal Web UI, filters with `CaseStatus = "decided"` and finds the case.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/messages';
import { chromiumPath, REPO_ROOT } from '../support/binaries';
import { api, startStack, type Stack } from './stack';
import { application, applicant, secondsPolicy } from './secondsPolicy';

const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("Chromium is not installed: npm test installs Debian's chromium as root; or set CHROMIUM_PATH");
  stack = await startStack({ policy: secondsPolicy });
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it('lists a decided case in the Web UI under CaseStatus = "decided", without personal data', { timeout: 90_000 }, async () => {
  const call = api(stack.apiUrl, stack.token);
  const decided = (await call('POST', '/api/cases', application('luroy'))).body;
  await call('POST', `/api/cases/${decided.id}/decision`, {
    outcome: 'granted',
    services: [{ code: 'home_nursing', hoursPerWeek: 2 }],
    justification: 'Behov for hjemmesykepleie.',
  });
  const other = (await call('POST', '/api/cases', application('luroy'))).body;

  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const query = encodeURIComponent('CaseStatus = "decided" AND Municipality = "luroy"');
  const url = `${stack.uiUrl}/namespaces/default/workflows?query=${query}`;
  // Visibility is eventually consistent: reload until the list shows the case.
  let found = false;
  for (let attempt = 0; attempt < 20 && !found; attempt++) {
    await page.goto(url, { waitUntil: 'networkidle' });
    found = (await page.getByText(caseWorkflowId(decided.id)).count()) > 0;
    if (!found) await page.waitForTimeout(1000);
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'web-ui-decided-cases.png'), fullPage: true });
  expect(found).toBe(true);
  const text = await page.locator('body').innerText();
  expect(text).not.toContain(caseWorkflowId(other.id));
  expect(text).not.toContain(applicant.name);
  expect(text).not.toContain(applicant.nationalId);
});

it('shows a case workflow\'s input in clear on its detail page, decoded through the API\'s codec endpoint', { timeout: 90_000 }, async () => {
  const call = api(stack.apiUrl, stack.token);
  const created = (await call('POST', '/api/cases', application('namsos'))).body;
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const decodeCalls: number[] = [];
  const seen: string[] = [];
  page.on('response', (res) => {
    // The embedded UI has no login: it calls its own codec path, /api/codec/embedded-ui/<secret>/decode.
    const url = new URL(res.url());
    if (url.pathname.startsWith('/api/codec/') && url.pathname.endsWith('/decode') && res.request().method() === 'POST') decodeCalls.push(res.status());
    if (url.pathname.includes('codec')) seen.push(`${res.request().method()} ${url.href} ${res.status()}`);
  });
  // The input names the case and its municipality's timers: only a decoded payload shows them.
  const expected = `"caseId": "${created.id}"`;
  // The detail page keeps polling (it never goes network-idle): wait for the text itself.
  await page.goto(`${stack.uiUrl}/namespaces/default/workflows/${caseWorkflowId(created.id)}`, { waitUntil: 'domcontentloaded' });
  let shown = false;
  for (let waited = 0; waited < 40 && !shown; waited++) {
    const text = await page.locator('body').innerText();
    shown = text.includes(expected) && text.includes('contactWithin');
    if (!shown) await page.waitForTimeout(1000);
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'web-ui-decoded-input.png'), fullPage: true });
  expect(decodeCalls.length, `the Web UI called the codec endpoint: ${seen.join('; ')}`).toBeGreaterThan(0);
  expect(decodeCalls.every((status) => status === 200)).toBe(true);
  expect(shown).toBe(true);
  const text = await page.locator('body').innerText();
  expect(text).not.toContain('binary/encrypted');
  expect(text).not.toContain(applicant.name);
  await page.close();

  // Each decode the UI asked for is in the access log, under the embedded UI's own actor.
  const auditor = await stack.mintToken({ sub: 'revisor-1', roles: ['auditor'], municipalities: ['namsos'] });
  const log = await api(stack.apiUrl, auditor)('GET', '/api/access-log?actor=embedded-web-ui');
  expect(log.status).toBe(200);
  expect(log.body.items.length).toBeGreaterThanOrEqual(decodeCalls.length);
  expect(log.body.items.every((row: { action: string; role: string }) => row.action === 'codec.decode' && row.role === 'manager')).toBe(true);
});
