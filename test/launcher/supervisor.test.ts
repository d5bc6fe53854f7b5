// The launcher's supervisor: a part that ends on its own is started again after a backoff, with one
// line saying so; only repeated failures within the window make it give up, saying why.
import { describe, expect, it } from 'vitest';
import { Supervisor, type RunningPart } from '../../launcher/supervisor';

/** A part whose every run is ended from the test by `end(i)`; counts starts and stops. */
function fakePart(opts: { failStartsAfter?: number } = {}) {
  const enders: Array<(how: string) => void> = [];
  let starts = 0;
  let stops = 0;
  return {
    get starts() {
      return starts;
    },
    get stops() {
      return stops;
    },
    end(run: number, how = 'was killed by SIGKILL') {
      enders[run]?.(how);
    },
    async start(): Promise<RunningPart> {
      starts++;
      if (opts.failStartsAfter !== undefined && starts > opts.failStartsAfter) throw new Error('port 7233 is already in use');
      let ended: (how: string) => void = () => undefined;
      const endedP = new Promise<string>((resolve) => (ended = resolve));
      enders.push(ended);
      return {
        ended: endedP,
        stop: async () => {
          stops++;
          ended('was stopped');
        },
      };
    },
  };
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the supervisor', () => {
  it('starts a part that died again after its backoff, saying so in one line each time', async () => {
    const part = fakePart();
    const lines: string[] = [];
    const supervisor = await Supervisor.start(
      { name: 'PostgreSQL', start: () => part.start(), log: (l) => lines.push(l), initialDelayMs: 20, maxDelayMs: 50 },
      new AbortController().signal,
    );
    part.end(0);
    await until(() => supervisor.restarts === 1);
    expect(part.starts).toBe(2);
    expect(lines[0]).toBe('PostgreSQL was killed by SIGKILL; starting it again in 0 s');
    expect(lines[1]).toMatch(/^PostgreSQL is running again \([\d.]+ s after it ended\)$/);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    let gaveUp = false;
    void supervisor.gaveUp.then(() => (gaveUp = true));
    await supervisor.stop();
    expect(gaveUp).toBe(false);
    expect(part.starts).toBe(2);
  });

  it('waits longer after each failure in a row, up to the maximum', async () => {
    const part = fakePart();
    const lines: string[] = [];
    const supervisor = await Supervisor.start(
      { name: 'worker', start: () => part.start(), log: (l) => lines.push(l), initialDelayMs: 1_000, maxDelayMs: 3_000, maxFailures: 10 },
      new AbortController().signal,
    );
    part.end(0);
    await until(() => lines.length === 1);
    expect(lines[0]).toMatch(/starting it again in 1 s$/);
    await supervisor.stop();
    expect(part.starts).toBe(1); // the stop cancelled the pending restart
  });

  it('gives up after maxFailures within the window, saying how often and the last reason; no restart after that', async () => {
    const part = fakePart({ failStartsAfter: 2 });
    const lines: string[] = [];
    const supervisor = await Supervisor.start(
      { name: 'Temporal dev server', start: () => part.start(), log: (l) => lines.push(l), initialDelayMs: 5, maxDelayMs: 10, maxFailures: 3, windowMs: 60_000 },
      new AbortController().signal,
    );
    part.end(0); // 1st failure: restarted
    await until(() => supervisor.restarts === 1);
    part.end(1); // 2nd failure: the restart cannot start (3rd failure)
    const reason = await supervisor.gaveUp;
    expect(reason).toBe('Temporal dev server failed 3 times within 60 s, the last time: could not be started again: port 7233 is already in use');
    const starts = part.starts;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part.starts).toBe(starts);
    await supervisor.stop();
  });

  it('forgets failures older than the window: one death now and then never makes it give up', async () => {
    const part = fakePart();
    const supervisor = await Supervisor.start(
      { name: 'PostgreSQL', start: () => part.start(), log: () => undefined, initialDelayMs: 5, maxDelayMs: 5, maxFailures: 2, windowMs: 100 },
      new AbortController().signal,
    );
    let gaveUp = false;
    void supervisor.gaveUp.then(() => (gaveUp = true));
    for (let run = 0; run < 4; run++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      part.end(run);
      await until(() => supervisor.restarts === run + 1);
    }
    expect(gaveUp).toBe(false);
    await supervisor.stop();
  });
});
