// The body of each caseworker step (`POST /api/cases/:id/<step>`): each step's own schema, from its
// module in domain/steps/. Checked here first, so bad input never reaches the workflow; the
// workflow's validator then decides whether the case's status allows it.
export { contactStepSchema } from '../../domain/steps/contact';
export { homeVisitCancelStepSchema, homeVisitCompleteStepSchema, homeVisitStepSchema } from '../../domain/steps/homeVisit';
export { provisionalReplyStepSchema } from '../../domain/steps/provisionalReply';
export { decidedServiceSchema, decisionInputSchema } from '../../domain/steps/decision';
export { appealStepSchema } from '../../domain/steps/appeal/appeal';
export { reconsiderationStepSchema } from '../../domain/steps/appeal/reconsideration';
export { appealBodyDecisionStepSchema } from '../../domain/steps/appeal/appealBodyDecision';
export { reEvaluationStepSchema } from '../../domain/steps/reEvaluation';
export { withdrawStepSchema } from '../../domain/steps/withdrawal';
export { appealWithdrawStepSchema } from '../../domain/steps/appeal/appealWithdraw';
export { decisionReceivedStepSchema } from '../../domain/steps/appeal/decisionReceived';
