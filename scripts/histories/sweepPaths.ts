// The paths of a CaseSweep (the scheduled start of cases accepted while Temporal was down), as data.
import type { SweepPath } from './pathTypes';

export const SWEEP_PATHS: SweepPath[] = [
  { name: 'nothing-to-start', about: 'every stored case has its workflow: the sweep starts none', attempts: [0] },
  { name: 'starts-missing-cases', about: 'two cases were stored while Temporal was down: the sweep starts both', attempts: [2] },
  { name: 'database-down-then-back', about: 'the first attempt cannot reach PostgreSQL, the retry starts one case', attempts: ['fail', 1] },
];
