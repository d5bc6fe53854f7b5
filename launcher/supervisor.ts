// Keeps one part running: when it ends on its own, it is started again after a backoff, and the
// launcher says so in one line. Only repeated failures within a short time make it give up.
import { setTimeout as sleep } from 'node:timers/promises';
import { oneLine } from './waiting';

export interface RunningPart {
  /** Resolves with one line saying how the part ended (e.g. "was killed by SIGKILL"). */
  ended: Promise<string>;
  /** Stops the part (and cleans up after one that has ended); idempotent. */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  name: string;
  /** Starts the part; rejects with one line when it cannot. `signal` aborts a start in progress. */
  start(signal: AbortSignal): Promise<RunningPart>;
  log(line: string): void;
  /** First delay before a restart; doubled at each failure in a row, up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Gives up after this many failures (ends or failed restarts) within `windowMs`. */
  maxFailures?: number;
  windowMs?: number;
}

export const SUPERVISION_DEFAULTS = { initialDelayMs: 1_000, maxDelayMs: 15_000, maxFailures: 5, windowMs: 120_000 };

export class Supervisor {
  private readonly abort = new AbortController();
  private current: RunningPart;
  private readonly loop: Promise<void>;
  private failures: number[] = [];
  private giveUpReason: (reason: string) => void = () => undefined;
  /** Resolves with a one-line reason when the part failed too often: the launcher then stops everything. */
  readonly gaveUp: Promise<string>;
  /** How many times the part was started again (for messages and tests). */
  restarts = 0;

  private constructor(
    private readonly opts: SupervisorOptions,
    first: RunningPart,
  ) {
    this.current = first;
    this.gaveUp = new Promise<string>((resolve) => (this.giveUpReason = resolve));
    this.loop = this.watch();
  }

  /** Starts the part the first time: a failure here is not retried (the settings may be wrong). */
  static async start(opts: SupervisorOptions, signal: AbortSignal): Promise<Supervisor> {
    return new Supervisor(opts, await opts.start(signal));
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private setting<K extends keyof typeof SUPERVISION_DEFAULTS>(key: K): number {
    return this.opts[key] ?? SUPERVISION_DEFAULTS[key];
  }

  /** Counts a failure; returns the reason to give up when there were too many lately. */
  private failed(what: string): string | undefined {
    const now = Date.now();
    this.failures = [...this.failures.filter((t) => now - t < this.setting('windowMs')), now];
    if (this.failures.length >= this.setting('maxFailures')) {
      return `${this.opts.name} failed ${this.failures.length} times within ${Math.round(this.setting('windowMs') / 1000)} s, the last time: ${what}`;
    }
    return undefined;
  }

  private delay(): number {
    return Math.min(this.setting('initialDelayMs') * 2 ** Math.max(0, this.failures.length - 1), this.setting('maxDelayMs'));
  }

  private async watch(): Promise<void> {
    let ended = await this.current.ended;
    while (!this.stopping) {
      const endedAt = Date.now();
      const reason = this.failed(ended);
      // Whatever the part left behind (helper processes, open connections) goes before a new start.
      await this.current.stop().catch(() => undefined);
      if (reason) {
        this.giveUpReason(reason);
        return;
      }
      const wait = this.delay();
      this.opts.log(`${this.opts.name} ${oneLine(ended)}; starting it again in ${(wait / 1000).toFixed(0)} s`);
      await sleep(wait, undefined, { signal: this.abort.signal }).catch(() => undefined);
      if (this.stopping) return;
      try {
        this.current = await this.opts.start(this.abort.signal);
      } catch (error) {
        if (this.stopping) return;
        ended = `could not be started again: ${error instanceof Error ? error.message : String(error)}`;
        continue;
      }
      if (this.stopping) return; // stop() stops the part just started
      this.restarts++;
      this.opts.log(`${this.opts.name} is running again (${((Date.now() - endedAt) / 1000).toFixed(1)} s after it ended)`);
      ended = await this.current.ended;
    }
  }

  /** Stops the part and any restart in progress. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.current.stop(); // ends the watch, which waits for the part to end
    await this.loop;
    await this.current.stop(); // a restart under way may have started a new one meanwhile
  }
}
