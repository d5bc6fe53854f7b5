// The bench's counts, from flags (`npm run bench -- --mass=500`) or the environment (BENCH_MASS=500).
export interface BenchOptions {
  /** Concurrent clients in the side-by-side measures. */
  clients: number;
  /** Steps each client takes, one after another. */
  steps: number;
  /** Each side-by-side measure is taken in this many rounds, in turn with its baseline. */
  rounds: number;
  /** Applications (and bare starts) in the side-by-side intake measure. */
  intake: number;
  /** Applications in the mass intake (0 skips it). */
  mass: number;
  /** Cases in the notice storm (0 skips it). */
  storm: number;
  /** Open cases brought over by `npm run import`'s code (0 skips it). */
  import: number;
  /** Their rate, cases a second (--rate of npm run import). */
  importRate: number;
  /** Requests in flight during the import (--concurrency of npm run import). */
  importConcurrency: number;
  /** Imported cases whose re-evaluation falls due in one second, beside as many bare timers (0 skips it). */
  reEvaluationStorm: number;
  /** WORKER_CACHED_WORKFLOWS of the stack (0: its default), to see the memory level off below the number of cases. */
  cachedWorkflows: number;
  /** Where the JSON results go. */
  out: string;
}

const SPEC: Record<Exclude<keyof BenchOptions, 'out'>, { env: string; fallback: number; min: number }> = {
  clients: { env: 'BENCH_CLIENTS', fallback: 20, min: 1 },
  steps: { env: 'BENCH_STEPS', fallback: 20, min: 1 },
  rounds: { env: 'BENCH_ROUNDS', fallback: 3, min: 1 },
  intake: { env: 'BENCH_INTAKE', fallback: 400, min: 1 },
  mass: { env: 'BENCH_MASS', fallback: 10_000, min: 0 },
  storm: { env: 'BENCH_STORM', fallback: 1_000, min: 0 },
  import: { env: 'BENCH_IMPORT', fallback: 2_000, min: 0 },
  importRate: { env: 'BENCH_IMPORT_RATE', fallback: 200, min: 1 },
  importConcurrency: { env: 'BENCH_IMPORT_CONCURRENCY', fallback: 8, min: 1 },
  reEvaluationStorm: { env: 'BENCH_RE_EVALUATION_STORM', fallback: 1_000, min: 0 },
  cachedWorkflows: { env: 'BENCH_CACHED_WORKFLOWS', fallback: 0, min: 0 },
};

export function benchOptions(argv: string[], env: NodeJS.ProcessEnv, defaultOut: string): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-zA-Z]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`Unknown argument ${arg}: use --clients=, --steps=, --rounds=, --intake=, --mass=, --storm=, --import=, --importRate=, --importConcurrency=, --reEvaluationStorm=, --cachedWorkflows= or --out=`);
    flags.set(m[1]!, m[2]!);
  }
  const out = flags.get('out') ?? env.BENCH_OUT ?? defaultOut;
  flags.delete('out');
  const options = { out } as BenchOptions;
  for (const [name, { env: variable, fallback, min }] of Object.entries(SPEC) as Array<[keyof typeof SPEC, (typeof SPEC)[keyof typeof SPEC]]>) {
    const raw = flags.get(name) ?? env[variable];
    flags.delete(name);
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} (${variable}) must be an integer of at least ${min}, not ${raw}`);
    options[name] = n;
  }
  const unknown = [...flags.keys()];
  if (unknown.length > 0) throw new Error(`Unknown flag --${unknown[0]}`);
  return options;
}
