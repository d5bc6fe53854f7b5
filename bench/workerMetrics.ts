// The worker's own count of the case runs it keeps in memory (the SDK's `temporal_sticky_cache_size`
// on WORKER_METRICS_PORT): what its memory is bounded by (WORKER_CACHED_WORKFLOWS).

/** The runs in the worker's cache now; null when the metrics do not answer. */
export async function cachedWorkflows(metricsUrl: string): Promise<number | null> {
  try {
    const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
    let total: number | null = null;
    for (const line of text.split('\n')) {
      const m = /^temporal_sticky_cache_size(?:\{[^}]*\})?\s+([0-9.eE+-]+)/.exec(line);
      if (m) total = (total ?? 0) + Number(m[1]);
    }
    return total;
  } catch {
    return null;
  }
}
