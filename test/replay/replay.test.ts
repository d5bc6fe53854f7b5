// Every stored history (test/histories/, as `temporal workflow show -o json` writes it) replays
// against the current workflow code, through the project's data converter. A history that no longer
// matches fails here with its file name: the change that broke it must be made with patched() or a
// new workflow type (workflows/VERSIONING.md). The second half shows the test can fail.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, makeTelemetryFilterString, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadEncryptionCodec } from '../../codec/encryptionCodec';
import { encodeHistoryJson } from '../../codec/historyPayloads';
import { CASE_PATHS } from '../../scripts/histories/casePaths';
import { DELIVERY_PATHS } from '../../scripts/histories/deliveryPaths';
import { HISTORIES_DIR } from '../../scripts/histories/files';
import { SWEEP_PATHS } from '../../scripts/histories/sweepPaths';
import { WORKFLOWS_PATH } from '../../worker/createWorker';
import { PATCHES } from '../../workflows/patches';
import { freshPayloadKeys } from '../support/payloadKeys';
import { bundleForReplay, describeFailures, findHistoryFiles, replayHistoryFiles, WORKFLOW_TYPES, type ReplayOutcome } from './replayHistories';

// Errors only: a replay worker logs its state changes, and the core warns of each mismatch the tests below make on purpose.
Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } } });

const files = findHistoryFiles(HISTORIES_DIR);
let bundle: WorkflowBundleWithSourceMap;
let outcomes: ReplayOutcome[];

beforeAll(async () => {
  bundle = await bundleForReplay(WORKFLOWS_PATH);
  outcomes = await replayHistoryFiles(HISTORIES_DIR, { bundle, files });
});

describe('every stored history replays against the current workflow code', () => {
  it.each(files)('%s', (file) => {
    const outcome = outcomes.find((o) => o.file === file);
    expect(outcome?.error, `${file} ${outcome?.error ?? ''}`).toBeUndefined();
  });

  it('there is a history of every path of every workflow type the worker runs, eight at least', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect([...new Set(files.map((f) => f.split('/')[0]))].sort()).toEqual([...WORKFLOW_TYPES].sort());
    const missing = [
      ...CASE_PATHS.map((p) => `CaseWorkflow/${p.name}.json`),
      ...DELIVERY_PATHS.map((p) => `LetterDelivery/${p.name}.json`),
      ...SWEEP_PATHS.map((p) => `CaseSweep/${p.name}.json`),
    ].filter((file) => !files.includes(file));
    expect(missing, 'record them with npm run histories').toEqual([]);
  });
});

describe('a history that does not match fails the replay, naming its file', () => {
  let dir: string;
  const someCase = 'CaseWorkflow/withdrawn.json';

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'replay-bad-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);

  const original = () => readFileSync(path.join(HISTORIES_DIR, someCase), 'utf8');

  it('a history altered on purpose (an activity the code does not schedule there) is a DeterminismViolationError', async () => {
    const history = JSON.parse(original()) as { events: Array<Record<string, { activityType?: { name: string } }>> };
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes)?.activityTaskScheduledEventAttributes;
    if (!scheduled?.activityType) throw new Error(`${someCase} schedules no activity`);
    scheduled.activityType.name = scheduled.activityType.name === 'issueLetter' ? 'recordCaseChange' : 'issueLetter';
    write('altered.json', JSON.stringify(history, null, 2));
    const [outcome] = await replayHistoryFiles(dir, { bundle, files: ['altered.json'] });
    expect(outcome?.cause?.name).toBe('DeterminismViolationError');
    expect(describeFailures(outcome ? [outcome] : [])).toMatch(/^altered\.json does not replay: DeterminismViolationError/);
  });

  it('a history whose recorded deadlines the code no longer computes (a calendar rule changed) fails, naming the change', async () => {
    const file = 'CaseWorkflow/whole-case.json';
    const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as {
      events: Array<{ eventId: string; activityTaskScheduledEventAttributes?: { activityType: { name: string }; input: { payloads: Array<{ data: string }> } } }>;
    };
    // The first change after the decision: move its appeal deadline one day on, as a new holiday would.
    const event = history.events.find((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      if (a?.activityType.name !== 'recordCaseChange') return false;
      return (JSON.parse(Buffer.from(a.input.payloads[0]?.data ?? '', 'base64').toString()) as { view: { deadlines: { appealBy: string | null } } }).view.deadlines.appealBy;
    });
    const payload = event?.activityTaskScheduledEventAttributes?.input.payloads[0];
    if (!payload) throw new Error(`${file} records no appeal deadline`);
    const change = JSON.parse(Buffer.from(payload.data, 'base64').toString()) as { view: { deadlines: { appealBy: string } } };
    change.view.deadlines.appealBy = new Date(Date.parse(change.view.deadlines.appealBy) + 24 * 3600_000).toISOString();
    payload.data = Buffer.from(JSON.stringify(change)).toString('base64');
    write('moved-deadline.json', JSON.stringify(history, null, 2));
    const [outcome] = await replayHistoryFiles(dir, { bundle, files: ['moved-deadline.json'] });
    expect(outcome?.error).toMatch(new RegExp(`^replays, but its deadlines moved: the change of event ${event?.eventId} \\(activity \\d+\\) recorded .*appealBy`));
  });

  it('a file that does not parse, one that is not a history, and one of an unknown workflow type each fail with their name', async () => {
    write('broken.json', original().slice(0, 400));
    write('not-a-history.json', JSON.stringify({ workflowId: 'case-1' }));
    write('unknown-type.json', original().replace('"name": "CaseWorkflow"', '"name": "OldCaseWorkflow"'));
    write('good.json', original());
    const result = await replayHistoryFiles(dir, { bundle, files: ['broken.json', 'good.json', 'not-a-history.json', 'unknown-type.json'] });
    expect(result.map((o) => [o.file, o.error?.split(':')[0]])).toEqual([
      ['broken.json', 'does not parse as JSON'],
      ['good.json', undefined],
      ['not-a-history.json', 'is not a Temporal history'],
      ['unknown-type.json', `is of workflow type "OldCaseWorkflow", which the worker does not run (it runs ${WORKFLOW_TYPES.join(', ')})`],
    ]);
  });
});

describe('payloads', () => {
  it('a history as the server holds it, encrypted, replays through the codec with its key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'replay-encrypted-'));
    try {
      const keys = freshPayloadKeys('history-key');
      const encrypted = await encodeHistoryJson(JSON.parse(readFileSync(path.join(HISTORIES_DIR, 'CaseWorkflow/withdrawn.json'), 'utf8')), new PayloadEncryptionCodec(keys.keys));
      const input = (encrypted as { events: Array<{ workflowExecutionStartedEventAttributes?: { input: { payloads: Array<{ metadata: Record<string, string> }> } } }> })
        .events[0]?.workflowExecutionStartedEventAttributes?.input.payloads[0];
      expect(Buffer.from(input?.metadata.encoding ?? '', 'base64').toString()).toBe('binary/encrypted');
      writeFileSync(path.join(dir, 'encrypted.json'), JSON.stringify(encrypted));
      const [outcome] = await replayHistoryFiles(dir, { bundle, files: ['encrypted.json'], keys });
      expect(outcome?.error).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unencrypted payloads (PAYLOAD_CLEAR_BEFORE)', () => {
  const file = 'CaseWorkflow/withdrawn.json';
  // A run's start, as the SDK tells the workflow (runStartTime): its first workflow task's start.
  const events = (JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as { events: Array<{ eventType: string; eventTime: string }> }).events;
  const started = Date.parse(events.find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED')!.eventTime);

  it('a stored history, kept decoded, replays only when its run started before PAYLOAD_CLEAR_BEFORE', async () => {
    const [taken] = await replayHistoryFiles(HISTORIES_DIR, { bundle, files: [file], clearBefore: new Date(started + 1) });
    expect(taken?.error).toBeUndefined();
    // A worker with no PAYLOAD_CLEAR_BEFORE, or one at the run's start, refuses the clear input.
    const [never] = await replayHistoryFiles(HISTORIES_DIR, { bundle, files: [file], clearBefore: new Date(0) });
    expect(never?.error).toMatch(/does not replay/);
    const [atStart] = await replayHistoryFiles(HISTORIES_DIR, { bundle, files: [file], clearBefore: new Date(started) });
    expect(atStart?.error).toMatch(/does not replay/);
  });
});

describe('the worked example (workflows/VERSIONING.md): notices after the letter, made with patched()', () => {
  const UNPATCHED_PATH = path.resolve(__dirname, 'variants/noticesAfterLetterUnpatched.ts');
  const deliveries = files.filter((f) => f.startsWith('LetterDelivery/'));
  const before = deliveries.filter((f) => !f.endsWith(`.${PATCHES.noticesAfterLetter}.json`));
  const after = deliveries.filter((f) => f.endsWith(`.${PATCHES.noticesAfterLetter}.json`));

  /** The ids of the patches a history's markers record. */
  function patchesIn(file: string): string[] {
    const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as {
      events: Array<{ markerRecordedEventAttributes?: { markerName: string; details: Record<string, { payloads: Array<{ data: string }> }> } }>;
    };
    return history.events
      .map((e) => e.markerRecordedEventAttributes)
      .filter((m) => m?.markerName === 'core_patch')
      .map((m) => (JSON.parse(Buffer.from(m?.details['patch-data']?.payloads[0]?.data ?? '', 'base64').toString()) as { id: string }).id);
  }

  it('every delivery path has a history from before the change and one from after it, and only the latter has the patch marker', () => {
    expect(before.length).toBe(DELIVERY_PATHS.length);
    expect(after.map((f) => f.replace(`.${PATCHES.noticesAfterLetter}`, ''))).toEqual(before);
    for (const file of before) expect(patchesIn(file), file).toEqual([]);
    for (const file of after) expect(patchesIn(file), file).toEqual([PATCHES.noticesAfterLetter]);
  });

  it('the same change without patched() fails every delivery recorded before it that sends a notice', async () => {
    const unpatched = await bundleForReplay(UNPATCHED_PATH);
    const result = await replayHistoryFiles(HISTORIES_DIR, { bundle: unpatched, files: before });
    const withNotice = (name: string) => DELIVERY_PATHS.find((p) => `LetterDelivery/${p.name}.json` === name)?.channels.some((c) => c === 'sms' || c === 'email');
    expect(result.map((o) => [o.file, o.cause?.name])).toEqual(before.map((file) => [file, withNotice(file) ? 'DeterminismViolationError' : undefined]));
  });
});
