// Every patch id the workflows use with patched() (workflows/VERSIONING.md), in one place, each with
// when it may go. A patch id is written into the histories of the runs that meet it, so an id is never
// renamed or reused. test/docs/versioning.test.ts fails when VERSIONING.md does not name one of them.
//
// Removing a patch takes two deploys: once no run of its workflow type that started before the patch
// was deployed is open (`temporal workflow list --query 'WorkflowType="<type>" AND
// ExecutionStatus="Running" AND StartTime < "<deploy time>"'` lists none), replace
// `if (patched(id)) new else old` by `deprecatePatch(id); new` and delete the stored histories that take
// the old path; once no run started before *that* deploy is open, remove `deprecatePatch(id)` and the id.

export const PATCHES = {
  /**
   * LetterDelivery sends the SMS and e-mail notices only once the letter is in the mailbox or the
   * print queue (workflows/letterDelivery.ts). Since commit 1bcc682 (2026-12-02).
   * Removable after no LetterDelivery run started before the deploy of 1bcc682 is open: a delivery
   * lives about three and a half hours at most, so one day after that deploy.
   */
  noticesAfterLetter: 'notices-after-letter',
  /**
   * A change's events, view and letters as one activity (recordChangeWithLetters, one transaction),
   * the step answering before its letters' delivery starts (workflows/caseRecord.ts). Since commit
   * cacded9 (2026-12-02). Removable after no CaseWorkflow run started before the deploy of cacded9 is
   * open: a case runs until it closes or continues as new at its next re-evaluation (months).
   */
  oneTransactionPerChange: 'one-transaction-per-change',
  /**
   * Search attributes and memo upserted only when what they say changed (workflows/caseRecord.ts).
   * Since commit a620b35 (2026-12-02). Removable after no CaseWorkflow run started before the deploy
   * of a620b35 is open.
   */
  publishOnlyChanges: 'publish-only-changes',
  /**
   * The earliest deadline's timer kept across a step that leaves it where it was, instead of cancelled
   * and started again (workflows/case.ts). Since commit c8405d5 (2026-12-02). Removable after no
   * CaseWorkflow run started before the deploy of c8405d5 is open.
   */
  keepUnchangedTimer: 'keep-unchanged-timer',
  /**
   * The rules of "Appeal rights in every case" (new steps, timers, letters and checks in the decider):
   * read once where a run starts and handed to the decider with the facts (`CaseFacts.appealRights`),
   * so a run started before them keeps deciding as it did (workflows/caseRecord.ts). Since the merge of
   * the appeal-rights work (2026-12-03). Removable after no CaseWorkflow run started before its deploy
   * is open.
   */
  appealRights: 'appeal-rights-every-case',
  /**
   * "Decisions that reduce or end a service": the advance-notice step, 409
   * advance_notice_required on a reduction or termination without one, effectiveFrom and urgency on a
   * re-evaluation, and what a changing decision records (workflows/caseRecord.ts, CaseFacts.reductions).
   * Since the merge of the reductions work. Removable after no CaseWorkflow run started before its
   * deploy is open.
   */
  reductions: 'reductions-advance-notice',
  /**
   * CaseSweep watches for a whole hour (rounds of a heartbeating activity that looks every two
   * seconds) instead of looking once, and the schedule starts it once an hour instead of every
   * 20 seconds (workflows/caseSweep.ts). Since the sweep-footprint change (2026-12-03). Removable once
   * no CaseSweep run started before its deploy is open: an old sweep lived five minutes at most, so an
   * hour after that deploy.
   */
  sweepWatches: 'sweep-watches',
  /**
   * A plain `decision` taken on a running case (its re-evaluation due) that reduces or ends a service
   * obeys the advance-notice rule of a re-evaluation (409 advance_notice_required), and records what
   * it replaces and reduces (workflows/caseRecord.ts, CaseFacts.decisionNotice). Since the merge of
   * the representatives work (2026-12-03). Removable after no CaseWorkflow run started before its
   * deploy is open.
   */
  decisionNotice: 'decision-on-active-advance-notice',
  /**
   * A change's letters' LetterDelivery workflows started by the activity that stored them
   * (recordChangeWithLetters, `startDeliveries`), not by the case as its children: the case's history
   * no longer holds their start and end (workflows/caseRecord.ts; decision record 0007). Since
   * 2026-12-04. Removable after no CaseWorkflow run started before its deploy is open.
   */
  deliveriesStartedWithRecord: 'deliveries-started-with-record',
} as const;

export type PatchId = (typeof PATCHES)[keyof typeof PATCHES];

/** Every patch id, as a patch marker in a history may hold it. */
export const PATCH_IDS: readonly PatchId[] = Object.values(PATCHES);
