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
