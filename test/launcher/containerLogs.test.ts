// The API and the worker run alone in containers (launcher/api.ts, launcher/worker.ts): under
// LOG_FORMAT=json even their refusal to start is a JSON line a log collector can read.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/binaries';

function runPart(file: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', file)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, lines: `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() !== '') };
}

describe.each(['api.ts', 'worker.ts'])('launcher/%s under LOG_FORMAT=json', (file) => {
  it('says why it cannot start in one JSON line, naming the setting, and exits 1', () => {
    const { code, lines } = runPart(file, {
      LOG_FORMAT: 'json',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none',
      PAYLOAD_KEYS: 'aGVtbWVsaWc=',
    });
    expect(code).toBe(1);
    expect(lines.length).toBeGreaterThan(0);
    const parsed = lines.map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(parsed.some((l) => l.level === 'error' && l.msg.includes('Cannot start') && l.msg.includes('PAYLOAD_KEYS'))).toBe(true);
  });
});
