// The workflows this project's worker runs.
export { CaseWorkflow } from './case';
export { LetterDelivery } from './letterDelivery';
