// The workflows this project's worker runs.
export { CaseWorkflow } from './case';
export { CaseSweep } from './caseSweep';
export { LetterDelivery } from './letterDelivery';
