// Runs an operation from N concurrent clients and summarises it: throughput over the wall time, and
// nearest-rank percentiles of each call's latency. A measure may run in rounds, taken in turn with its
// baseline's, so a change in the machine's load falls on both alike; `figures` merges the rounds.
import { performance } from 'node:perf_hooks';

export interface Figures {
  n: number;
  seconds: number;
  /** Calls per second over the wall time of the whole run. */
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests that failed after the retries. */
  failed: number;
}

/** Nearest-rank percentile of `ms` (not empty). */
export function percentile(ms: number[], p: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** One run of a loop: each call's latency, and the wall time of the whole. */
export interface Run {
  latencies: number[];
  seconds: number;
  /** Requests that still failed after the retries (a caseworker's step during an import or a storm). */
  failed?: number;
}

export function figures(runs: Run[]): Figures {
  const latencies = runs.flatMap((r) => r.latencies);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  return {
    n: latencies.length,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    failed: runs.reduce((a, r) => a + (r.failed ?? 0), 0),
  };
}

/**
 * `clients` lanes, each calling `op(client, k)` for k = 0…callsPerClient-1 one after another
 * (a client waits for its answer before the next call, as a caseworker does).
 */
export async function closedLoop(clients: number, callsPerClient: number, op: (client: number, k: number) => Promise<unknown>): Promise<Run> {
  const latencies: number[] = [];
  const wall = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let k = 0; k < callsPerClient; k++) {
        const start = performance.now();
        await op(client, k);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - wall) / 1000 };
}

/** `total` calls shared by `clients` lanes, each taking the next index when it is free. */
export async function sharedLoop(clients: number, total: number, op: (i: number) => Promise<unknown>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const wall = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(clients, total) }, async () => {
      while (next < total) {
        const i = next++;
        const start = performance.now();
        await op(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - wall) / 1000 };
}
