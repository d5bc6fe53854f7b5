// The launcher gives up on a server only after repeated failures in a short time: it says why in one
// line, stops everything and exits non-zero. Here the Temporal server is SIGKILLed and every restart
// then fails (its binary broke meanwhile): one death and four failed restarts, 1 + 2 + 4 + 8 s apart.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporalCliPath } from '../../launcher/binaries';
import { temporalPidFile } from '../../launcher/leftovers';
import { isPortFree } from '../../scripts/stack/freePort';
import { instanceEnv, launch, processesMentioning, removeInstanceDirs, survivors } from '../../scripts/stack/launch';

afterAll(() => removeInstanceDirs());

describe('the launcher supervising the Temporal server', () => {
  it('gives up after 5 failures within 120 s, naming the part and the last failure, stops everything and exits 1', async () => {
    const env = await instanceEnv();
    const broken = path.join(path.dirname(env.DATA_DIR), 'temporal-broken');
    const cli = path.join(path.dirname(env.DATA_DIR), 'temporal');
    writeFileSync(
      cli,
      `#!/bin/sh\nif [ -e '${broken}' ]; then echo "temporal: this install is broken" >&2; exit 3; fi\nexec '${temporalCliPath()}' "$@"\n`,
      { mode: 0o755 },
    );
    const launched = launch({ ...env, TEMPORAL_CLI_PATH: cli });
    try {
      await launched.waitFor(/^Ready: GET \/api\/health answers 200/, 180_000);
      const tree = launched.processTree();
      writeFileSync(broken, '');
      process.kill(Number(readFileSync(temporalPidFile(env.DATA_DIR), 'utf8').trim()), 'SIGKILL');

      const { code } = await Promise.race([
        launched.exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within 90 s:\n${JSON.stringify(launched.output())}`)), 90_000)),
      ]);
      const { stdout, stderr } = launched.output();
      expect(code).toBe(1);
      expect(stdout).toContain('Temporal dev server was killed by SIGKILL; starting it again in 1 s');
      for (const wait of [2, 4, 8]) {
        expect(stdout).toMatch(new RegExp(`Temporal dev server could not be started again: .*exited with code 3.*; starting it again in ${wait} s`));
      }
      const lines = stderr.trim().split('\n').filter(Boolean);
      expect(lines, stderr).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^Stopping: Temporal dev server failed 5 times within 120 s, the last time: could not be started again: .*this install is broken/,
      );
      expect(stdout).toMatch(/Stopped\.$/m);
      expect(await survivors(tree)).toEqual([]);
      expect(processesMentioning(env.DATA_DIR)).toEqual([]);
      expect(await isPortFree(Number(env.PG_PORT))).toBe(true);
      expect(existsSync(temporalPidFile(env.DATA_DIR))).toBe(false);
    } finally {
      if (launched.process.exitCode === null) await launched.stop();
    }
  }, 300_000);
});
