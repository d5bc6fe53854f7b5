// Every wait in the launcher has a deadline: a part that does not come up is reported, never waited on forever.
import { setTimeout as sleep } from 'node:timers/promises';

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${Math.round(ms / 1000)} s`);
    this.name = 'TimeoutError';
  }
}

/** Resolves or rejects as `promise` does, or rejects with a TimeoutError naming `what` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked before each try: a reason to give up at once (the process died, a stop was asked for). */
  giveUp?: () => string | undefined;
}

/**
 * Calls `ready` until it returns true. An exception from `ready` counts as "not yet"; the last one is
 * named in the timeout error so the cause is not lost.
 */
export async function waitUntil(what: string, ready: () => Promise<boolean>, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastProblem = '';
  for (;;) {
    const reason = opts.giveUp?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    try {
      if (await ready()) return;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      const timeout = new TimeoutError(what, opts.timeoutMs);
      throw new Error(lastProblem ? `${timeout.message} (last error: ${oneLine(lastProblem)})` : timeout.message);
    }
    await sleep(opts.intervalMs ?? 200);
  }
}

/** Folds a multi-line message into one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
