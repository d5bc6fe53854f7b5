// The paths of a CaseSweep (the scheduled start of cases accepted while Temporal was down), as data.
import type { SweepPath } from './pathTypes';

export const SWEEP_PATHS: SweepPath[] = [
  { name: 'nothing-to-start', about: 'every stored case has its workflow: the sweep starts none', attempts: [0] },
  { name: 'starts-missing-cases', about: 'two cases were stored while Temporal was down: the sweep starts both', attempts: [2] },
  { name: 'database-down-then-back', about: 'the first attempt cannot reach PostgreSQL, the retry starts one case', attempts: ['fail', 1] },
  // Recorded with the sweep-watches patch: an hour's rounds; the second fails once and its retry starts two cases.
  { name: 'watches-an-hour', about: 'a sweep watches for an hour in rounds; PostgreSQL fails once, the retry starts two cases', attempts: [0, 'fail', 2, 0], started: 2 },
];
