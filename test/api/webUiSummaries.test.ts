// What a manager sees in the Temporal Web UI: the case's workflow summarised by its case number (no
// applicant), each deadline timer by the legal deadline's name and date, and the case sweep's
// schedule by what it does.
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId, caseSweepScheduleId } from '../../workflows/messages';
import { eventually } from '../support/eventually';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';

const EventType = temporal.api.enums.v1.EventType;

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ sweep: true });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the Temporal Web UI', () => {
  it("shows a case's workflow by its number, and its timer by the deadline's name and date", async () => {
    const body = application();
    const registered = await stack.call('POST', '/api/cases', body);
    expect(registered.status, registered.text).toBe(201);
    const { id, caseNumber, municipality } = registered.body as { id: string; caseNumber: string; municipality: string };
    const handle = stack.temporal.workflow.getHandle(caseWorkflowId(id));
    const described = await handle.describe();
    // Exactly this: the number and the municipality, nothing of the applicant.
    expect(await described.staticSummary()).toBe(`Sak ${caseNumber} (${municipality})`);

    const timerStarted = await eventually('the first deadline timer', async () =>
      ((await handle.fetchHistory()).events ?? []).find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED),
    );
    const summary = timerStarted.userMetadata?.summary;
    expect(summary).toBeDefined();
    const [text] = await stack.temporal.options.loadedDataConverter.payloadCodecs.reduce(
      async (payloads, codec) => codec.decode(await payloads),
      Promise.resolve([summary!]),
    ).then((decoded) => decoded.map((p) => JSON.parse(Buffer.from(p.data ?? new Uint8Array()).toString('utf8')) as string));
    // The first deadline of a case just received: the first contact with the applicant.
    expect(text).toMatch(/^Frist for første kontakt \d{2}\.\d{2}\.\d{4}$/);
  });

  it("shows the case sweep's schedule by what it does", async () => {
    const schedule = await stack.temporal.schedule.getHandle(caseSweepScheduleId(stack.taskQueue)).describe();
    expect(schedule.action.staticSummary).toMatch(/^Saksfeiing/);
  });
});
