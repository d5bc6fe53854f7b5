// The logger every part uses: JSON lines with LOG_FORMAT=json, readable lines by default, and no
// national id, e-mail address, phone number or quoted input in any of them, also not in an error.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger';
import { scrubErrorText, scrubText } from '../../observability/scrub';
import { temporalLogger } from '../../observability/temporalLogger';
import { captureLog } from '../support/logLines';

const FNR = '01010150005';
const secrets = [FNR, '010101 50005', 'kari.nordmann@example.no', '+47 912 34 567', '91234567', 'Kari Nordmann'];

function expectNoSecrets(text: string): void {
  for (const secret of secrets) expect(text, `the log holds ${secret}`).not.toContain(secret);
}

describe('scrubText', () => {
  it.each([
    [`nationalId ${FNR} is taken`, 'nationalId [fnr] is taken'],
    ['written 010101 50005 with a space', 'written [fnr] with a space'],
    ['mail to kari.nordmann@example.no failed', 'mail to [e-post] failed'],
    ['sms to +47 912 34 567 refused', 'sms to [nummer] refused'],
  ])('%j becomes %j', (text, scrubbed) => {
    expect(scrubText(text)).toBe(scrubbed);
  });

  it.each([
    ['invalid input syntax for type uuid: "Kari Nordmann"', 'invalid input syntax for type uuid: "…"'],
    ["Unexpected token 'K', \"Kari Nordmann\" is not valid JSON", 'Unexpected token "…", "…" is not valid JSON'],
  ])('in an error, %j becomes %j', (text, scrubbed) => {
    expect(scrubErrorText(text)).toBe(scrubbed);
  });

  it('leaves ids, times and counts alone', () => {
    const text = 'case-3f2a9c1e-0d4b-4e7a-9b1c-123456789012 at 2026-12-02T07:43:40.000Z took 1234 ms on postgres@127.0.0.1:54329/cases';
    expect(scrubText(text)).toBe(text);
  });
});

describe('createLogger', () => {
  it('with LOG_FORMAT=json writes one JSON object a line with level, time and msg', () => {
    const out = captureLog();
    const log = createLogger({ format: 'json', level: 'info', destination: out.stream });
    log.info({ requestId: 'r-1', route: '/api/cases/:id' }, 'request answered');
    log.child({ component: 'worker' }).warn({ workflowId: 'case-1' }, 'letter delivery failed');
    log.debug('not at info');
    const records = out.records();
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ level: 'info', msg: 'request answered', requestId: 'r-1', route: '/api/cases/:id' });
    expect(records[1]).toMatchObject({ level: 'warn', msg: 'letter delivery failed', component: 'worker', workflowId: 'case-1' });
    expect(new Date(String(records[0]?.time)).toISOString()).toBe(records[0]?.time);
  });

  it('scrubs messages, fields and errors, also an error given alone or nested', () => {
    const out = captureLog();
    const log = createLogger({ format: 'json', level: 'info', destination: out.stream });
    const error = Object.assign(new Error(`duplicate key (national_id)=(${FNR}) for "Kari Nordmann"`), {
      code: '23505',
      detail: `Key (national_id)=(${FNR}) already exists.`,
    });
    log.error(error);
    log.error({ err: error, to: 'kari.nordmann@example.no' }, `failed for ${FNR}`);
    log.warn({ nested: { deeper: { phone: '+47 912 34 567', list: ['91234567'] } } }, 'sms to %s', '+47 912 34 567');
    log.error(new Error('wrapped', { cause: new Error(`cause names ${FNR}`) }), 'with a cause');
    expectNoSecrets(out.lines().join('\n'));
    const [alone, withFields, , withCause] = out.records();
    expect(alone).toMatchObject({ level: 'error', err: { type: 'Error', code: '23505' } });
    expect(String((alone?.err as { stack?: string }).stack)).toMatch(/logger\.test\.ts/);
    // The error's own fields (a pg error's detail quotes the row) are not copied.
    expect(JSON.stringify(alone)).not.toContain('already exists');
    expect(withFields).toMatchObject({ msg: 'failed for [fnr]', to: '[e-post]' });
    expect(JSON.stringify(withCause)).toContain('cause names [fnr]');
  });

  it('by default writes readable lines, not JSON', () => {
    const out = captureLog();
    const log = createLogger({ format: 'pretty', level: 'info', destination: out.stream });
    log.info({ requestId: 'r-2' }, `request answered for ${FNR}`);
    const [line] = out.lines();
    expect(line).toMatch(/INFO.*request answered for \[fnr\]/);
    expect(() => JSON.parse(line ?? '')).toThrow();
    expectNoSecrets(out.lines().join('\n'));
  });
});

describe('temporalLogger', () => {
  it("passes the SDK's lines on with the workflow id, without the activity's task token", () => {
    const out = captureLog();
    const log = temporalLogger(createLogger({ format: 'json', level: 'debug', destination: out.stream }));
    log.warn('Activity failed', {
      sdkComponent: 'activity',
      workflowId: 'letter-3f2a9c1e-0d4b-4e7a-9b1c-123456789012',
      activityType: 'deliverLetter',
      taskToken: 'c2VjcmV0',
      error: new Error('sms: 550 unknown recipient +47 912 34 567'),
    });
    log.debug('Workflow started', { workflowId: 'case-1', workflowType: 'CaseWorkflow' });
    log.info('asset workflow-bundle.js 1.81 MiB\nwebpack compiled successfully', { sdkComponent: 'worker' });
    const [failed, started, bundlerReport] = out.records();
    expect(bundlerReport).toMatchObject({ level: 'debug' });
    expect(failed).toMatchObject({ level: 'warn', msg: 'Activity failed', workflowId: 'letter-3f2a9c1e-0d4b-4e7a-9b1c-123456789012', activityType: 'deliverLetter' });
    expect(failed).not.toHaveProperty('taskToken');
    expect(started).toMatchObject({ level: 'debug', workflowId: 'case-1' });
    expectNoSecrets(out.lines().join('\n'));
  });
});
