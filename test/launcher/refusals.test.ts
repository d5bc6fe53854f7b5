// What the launcher does when it cannot start: one line naming the problem, a non-zero exit within
// seconds, and nothing left running.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortFree } from '../../scripts/stack/freePort';
import { instanceEnv, launch, processesMentioning, removeInstanceDirs } from '../../scripts/stack/launch';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'launcher-refusals-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  removeInstanceDirs();
});

async function refusal(env: Record<string, string>): Promise<{ code: number | null; line: string }> {
  const launched = launch(env);
  const timeout = setTimeout(() => launched.process.kill('SIGKILL'), 60_000);
  const { code } = await launched.exited;
  clearTimeout(timeout);
  const lines = launched.output().stderr.trim().split('\n').filter(Boolean);
  expect(lines, `stderr should be one line:\n${launched.output().stderr}`).toHaveLength(1);
  return { code, line: lines[0] ?? '' };
}

describe('the launcher refuses to start', () => {
  it('on a port already taken, naming the variable and the port, before starting anything', async () => {
    const env = await instanceEnv();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(env.TEMPORAL_PORT), '127.0.0.1', resolve));
    try {
      const { code, line } = await refusal(env);
      expect(code).not.toBe(0);
      expect(line).toMatch(new RegExp(`TEMPORAL_PORT.*${env.TEMPORAL_PORT}.*in use`));
      expect(existsSync(env.DATA_DIR)).toBe(false);
    } finally {
      blocker.close();
      rmSync(path.dirname(env.DATA_DIR), { recursive: true, force: true });
    }
  });

  it('on a DATA_DIR that cannot be written, naming it', async () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, 'not a directory');
    const env = await instanceEnv();
    const { code, line } = await refusal({ ...env, DATA_DIR: path.join(file, 'data') });
    expect(code).not.toBe(0);
    expect(line).toContain('DATA_DIR');
    expect(line).toContain(path.join(file, 'data'));
  });

  it('on a policy file that does not parse, naming the file', async () => {
    const policy = path.join(scratch, 'broken-policy.json');
    writeFileSync(policy, '{ "municipalities": { "namsos": ');
    const env = await instanceEnv();
    const { code, line } = await refusal({ ...env, CASE_POLICY_FILE: policy });
    expect(code).not.toBe(0);
    expect(line).toContain(policy);
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });

  it('on a setting that is not valid, naming the variable', async () => {
    const { code, line } = await refusal({ PORT: 'three thousand' });
    expect(code).not.toBe(0);
    expect(line).toMatch(/PORT.*three thousand/);
  });

  it('on a malformed payload key, naming the setting and never quoting the key, before starting anything', async () => {
    const env = await instanceEnv();
    const short = Buffer.from('sixteen byte key').toString('base64');
    const { code, line } = await refusal({ ...env, PAYLOAD_KEYS: `k1:${short}` });
    expect(code).not.toBe(0);
    expect(line).toMatch(/PAYLOAD_KEYS: the key k1 is 16 bytes, not 32/);
    expect(line).not.toContain(short);
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });

  it('when the Temporal CLI is missing, naming where it looked, before starting anything', async () => {
    const env = await instanceEnv();
    const missing = path.join(scratch, 'no-such-temporal');
    const { code, line } = await refusal({ ...env, TEMPORAL_CLI_PATH: missing });
    expect(code).not.toBe(0);
    expect(line).toContain(missing);
    expect(line).toContain('TEMPORAL_CLI_PATH');
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });

  it('when the Temporal CLI is broken, and stops the PostgreSQL it had started meanwhile', async () => {
    const env = await instanceEnv();
    const broken = path.join(scratch, 'broken-temporal');
    writeFileSync(broken, '#!/bin/sh\necho "temporal: this install is broken" >&2\nexit 3\n', { mode: 0o755 });
    try {
      const { code, line } = await refusal({ ...env, TEMPORAL_CLI_PATH: broken });
      expect(code).not.toBe(0);
      expect(line).toMatch(/Temporal dev server.*exited with code 3.*this install is broken/);
      expect(processesMentioning(env.DATA_DIR)).toEqual([]);
      expect(await isPortFree(Number(env.PG_PORT))).toBe(true);
    } finally {
      rmSync(path.dirname(env.DATA_DIR), { recursive: true, force: true });
    }
  });
});
