// A manager opens the embedded Temporal Web UI, filters with `CaseStatus = "decided"` and finds the case;
// the UI is read-only and, having no login, decodes nothing: payloads show encrypted.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
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

  // The decided case's detail page. The embedded UI has no codec endpoint (it has no login, so no
  // token to send): its input and memo show encrypted, and the page asks no one to decode them. A
  // manager reads the case in clear through the API, with a token and an access-log row.
  const codecCalls: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname.includes('/codec')) codecCalls.push(`${req.method()} ${req.url()}`);
  });
  await page.setViewportSize({ width: 1400, height: 4000 });
  await page.goto(`${stack.uiUrl}/namespaces/default/workflows/${caseWorkflowId(decided.id)}`, { waitUntil: 'domcontentloaded' });
  let detail = '';
  for (let waited = 0; waited < 40; waited++) {
    detail = await page.locator('body').innerText();
    if (/Input/i.test(detail) && detail.includes(caseWorkflowId(decided.id))) break;
    await page.waitForTimeout(1000);
  }
  await page.waitForTimeout(2000);
  detail = await page.locator('body').innerText();
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'web-ui-decided-detail.png'), fullPage: true });
  expect(detail, 'the detail page').toContain(caseWorkflowId(decided.id));
  expect(detail, 'the input, still encrypted').not.toContain(`"caseId": "${decided.id}"`);
  expect(detail).not.toContain('contactWithin');
  for (const secret of personalData) expect(detail.includes(secret), `the detail page shows "${secret}"`).toBe(false);
  expect(codecCalls, 'the page called a codec endpoint').toEqual([]);
  await page.close();
});

it('is read-only and decodes nothing without a token: its settings, the process list and its API', { timeout: 90_000 }, async () => {
  const call = api(stack.apiUrl, stack.token);
  const created = (await call('POST', '/api/cases', application('namsos'))).body;
  const workflowId = caseWorkflowId(created.id);

  // What any local user can read: the UI's settings name no codec endpoint, and write actions are off.
  const settings = (await (await fetch(`${stack.uiUrl}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string }; DisableWriteActions?: boolean };
  expect(settings.Codec?.Endpoint ?? '').toBe('');
  expect(settings.DisableWriteActions).toBe(true);
  // No process of the stack (the launcher and what it started) carries a codec path or secret on its command line.
  const { stdout: table } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,args=']);
  const rows = table.split('\n').map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter((m) => m !== null);
  const ours = new Set([stack.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [, pid, ppid] of rows) if (ours.has(Number(ppid)) && !ours.has(Number(pid))) grew = ours.add(Number(pid)) !== undefined;
  }
  const commands = rows.filter(([, pid]) => ours.has(Number(pid))).map(([, , , args]) => args ?? '');
  expect(commands.some((c) => c.includes('temporal-ui-server')), commands.join('\n')).toBe(true);
  expect(commands.join('\n')).not.toContain('/api/codec/');
  expect(commands.join('\n')).not.toContain('--ui-codec-endpoint');

  // A write through the UI's own API, as its Terminate button sends it (with its CSRF cookie and header): refused.
  const home = await fetch(`${stack.uiUrl}/`);
  const csrf = /_csrf=([^;]+)/.exec(home.headers.get('set-cookie') ?? '')?.[1];
  expect(csrf, 'the UI set its CSRF cookie').toBeTruthy();
  const terminate = await fetch(`${stack.uiUrl}/api/v1/namespaces/default/workflows/${workflowId}/terminate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `_csrf=${csrf}`, 'x-csrf-token': csrf! },
    body: JSON.stringify({ reason: 'fra nettleseren' }),
  });
  expect(terminate.status).toBe(405);
  const signal = await fetch(`${stack.uiUrl}/api/v1/namespaces/default/workflows/${workflowId}/signal/withdraw`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `_csrf=${csrf}`, 'x-csrf-token': csrf! },
    body: JSON.stringify({ input: { payloads: [] } }),
  });
  expect(signal.status).toBe(405);
  // The case runs on, and is read in clear through the API only.
  const view = await call('GET', `/api/cases/${created.id}`);
  expect(view.status).toBe(200);
  expect(view.body.status).toBe('received');
  const described = (await (await fetch(`${stack.uiUrl}/api/v1/namespaces/default/workflows/${workflowId}`)).json()) as { workflowExecutionInfo?: { status?: string } };
  expect(described.workflowExecutionInfo?.status).toBe('WORKFLOW_EXECUTION_STATUS_RUNNING');
});
