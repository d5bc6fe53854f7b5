// A worker-side loop over rows in PostgreSQL (the SvarUt status follower, the archiver): its rounds
// run one after another, each part's error reported and the next part run anyway, and stop() waits
// for the round under way, so a worker never shuts down with a row half handled.
export interface Poller {
  start(): void;
  stop(): Promise<void>;
}

/** Runs `parts` in turn every `intervalMs`, the first round a second after start(). */
export function poller(parts: Array<() => Promise<unknown>>, intervalMs: number, onError?: (error: unknown) => void): Poller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;
  const tick = () => {
    if (stopped) return;
    running = parts
      .reduce<Promise<unknown>>((round, part) => round.then(() => part()).catch((error: unknown) => onError?.(error)), Promise.resolve())
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  return {
    start() {
      stopped = false;
      timer = setTimeout(tick, 1000);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
