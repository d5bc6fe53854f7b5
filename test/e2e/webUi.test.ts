// A manager opens the embedded Temporal Web UI, filters with `CaseStatus = "decided"` and finds the case.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/messages';
import { chromiumPath, REPO_ROOT } from '../support/binaries';
import { api, startStack, type Stack } from '../../scripts/stack/startStack';
import { application, applicant, secondsPolicy } from '../../scripts/stack/secondsPolicy';

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

/** The secrets an application carries: none of them may show anywhere in the Web UI. */
const personalData = [applicant.name, applicant.nationalId, applicant.phone, applicant.email, applicant.address, application('luroy').description];

it('lists a decided case in the Web UI under CaseStatus = "decided", without personal data', { timeout: 120_000 }, async () => {
  const call = api(stack.apiUrl, stack.token);
  const decided = (await call('POST', '/api/cases', application('luroy'))).body;
  const step = await call('POST', `/api/cases/${decided.id}/decision`, {
    outcome: 'granted',
    services: [{ code: 'home_nursing', hoursPerWeek: 2 }],
    justification: 'Behov for hjemmesykepleie.',
  });
  expect(step.body.status).toBe('decided');
  const other = (await call('POST', '/api/cases', application('luroy'))).body;

  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  mkdirSync(OUTPUT_DIR, { recursive: true });
  /** The list under `query`, reloaded until it shows `workflowId` (visibility is eventually consistent): its text. */
  const listing = async (query: string, workflowId: string): Promise<string> => {
    const url = `${stack.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`;
    for (let attempt = 0; attempt < 30; attempt++) {
      await page.goto(url, { waitUntil: 'networkidle' });
      if ((await page.getByText(workflowId).count()) > 0) return page.locator('body').innerText();
      await page.waitForTimeout(1000);
    }
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'web-ui-not-listed.png'), fullPage: true });
    throw new Error(`the Web UI never listed ${workflowId} under ${query}`);
  };
  // The other case is seen first under its own status: the list has caught up with it, so its absence
  // from the decided list below is the filter at work, not lag.
  await listing('CaseStatus = "received" AND Municipality = "luroy"', caseWorkflowId(other.id));
  const listed = await listing('CaseStatus = "decided" AND Municipality = "luroy"', caseWorkflowId(decided.id));
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'web-ui-decided-cases.png'), fullPage: true });
  expect(listed).not.toContain(caseWorkflowId(other.id));
  for (const secret of personalData) expect(listed.includes(secret), `the list shows "${secret}"`).toBe(false);

  // The decided case's detail page: its input and memo, decoded through the codec endpoint, are shown
  // in clear, and hold nothing of the applicant's. The page draws only the lines of a long value that
  // are on screen, so what the codec endpoint handed the page is read as well: all the page can show.
  const decoded: string[] = [];
  page.on('response', (res) => {
    // The embedded UI calls its own codec path, /api/codec/embedded-ui/<secret>/decode.
    const { pathname } = new URL(res.url());
    if (!pathname.startsWith('/api/codec/') || !pathname.endsWith('/decode') || res.request().method() !== 'POST') return;
    void res.json().then(
      (body: { payloads?: Array<{ data?: string }> }) => {
        for (const payload of body.payloads ?? []) decoded.push(Buffer.from(payload.data ?? '', 'base64').toString('utf8'));
      },
      () => undefined,
    );
  });
  await page.setViewportSize({ width: 1400, height: 4000 });
  await page.goto(`${stack.uiUrl}/namespaces/default/workflows/${caseWorkflowId(decided.id)}`, { waitUntil: 'domcontentloaded' });
  let detail = '';
  for (let waited = 0; waited < 40; waited++) {
    detail = await page.locator('body').innerText();
    if (detail.includes(`"caseId": "${decided.id}"`) && detail.includes('contactWithin')) break;
    await page.waitForTimeout(1000);
  }
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'web-ui-decided-detail.png'), fullPage: true });
  expect(detail, 'the decoded input').toContain(`"caseId": "${decided.id}"`);
  for (const secret of personalData) expect(detail.includes(secret), `the input shows "${secret}"`).toBe(false);
  // The memo, on a tab of its own: the case's summary, decoded.
  await page.getByRole('tab', { name: 'Memo' }).click();
  let memo = '';
  for (let waited = 0; waited < 20; waited++) {
    memo = await page.locator('body').innerText();
    if (memo.includes('"summary"') && memo.includes('"status": "decided"')) break;
    await page.waitForTimeout(500);
  }
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'web-ui-decided-memo.png'), fullPage: true });
  expect(memo, 'the decoded memo').toContain('"summary"');
  expect(memo).toContain('"status": "decided"');
  for (const secret of personalData) expect(memo.includes(secret), `the memo shows "${secret}"`).toBe(false);
  const handed = decoded.join('\n');
  expect(handed, 'the input, as decoded for the page').toContain(`"caseId":"${decided.id}"`);
  expect(handed, 'the memo\'s summary, as decoded for the page').toContain('"cycle":0');
  for (const secret of personalData) expect(handed.includes(secret), `the codec endpoint gave the page "${secret}"`).toBe(false);
  await page.close();
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
