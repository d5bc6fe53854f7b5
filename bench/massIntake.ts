// Intake of many cases (a municipality migrating its open cases): the time it takes, and the worker's
// memory as the open cases pile up, which the worker's workflow cache should bound.
import { performance } from 'node:perf_hooks';
import { residentMemory } from './memory';
import { createCase } from './project';
import { figures, sharedLoop, type Figures } from './measure';

export interface MassIntake {
  cases: number;
  figures: Figures;
  /** Resident memory of the worker's process (the launcher: worker and API) as cases came in. */
  memory: Array<{ cases: number; seconds: number; rssMb: number }>;
  /** After the last case, once its workflow had time to settle. */
  rssAtEndMb: number | null;
  peakMb: number | null;
}

export async function massIntake(base: string, workerPid: number, clients: number, total: number, settleMs = 5_000): Promise<MassIntake> {
  const memory: MassIntake['memory'] = [];
  const sampleEvery = Math.max(1, Math.floor(total / 10));
  let done = 0;
  const wall = performance.now();
  const sample = () => {
    const m = residentMemory(workerPid);
    if (m) memory.push({ cases: done, seconds: (performance.now() - wall) / 1000, rssMb: m.rssMb });
  };
  sample();
  const run = await sharedLoop(clients, total, async () => {
    await createCase(base);
    done++;
    if (done % sampleEvery === 0) sample();
  });
  await new Promise((r) => setTimeout(r, settleMs));
  const end = residentMemory(workerPid);
  return { cases: total, figures: figures([run]), memory, rssAtEndMb: end?.rssMb ?? null, peakMb: end?.peakMb ?? null };
}
