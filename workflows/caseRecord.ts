// The case as one workflow run holds it: its facts, its small state, and the effects every change
// has, run strictly in order: an event in PostgreSQL, letters to the applicant, and the search
// attributes and memo managers see. The state changes synchronously (domain/decider.ts); only
// the effects wait.
import {
  ApplicationFailure,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setCurrentDetails,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CaseCommand } from '../domain/case/caseCommands';
import { isOverdue, nextRunningDeadline } from '../domain/case/caseDeadlines';
import type { CaseEffect } from '../domain/case/caseChange';
import type { Refusal } from '../domain/case/refusals';
import { decide, decideRegistration } from '../domain/decider';
import { representativeOf } from '../domain/steps/representative';
import { caseViewOf, initialCaseState, type CaseFacts, type CaseState } from '../domain/case/caseState';
import type { CaseView } from '../domain/case/caseTypes';
import { LetterDelivery, letterDeliveryWorkflowId } from './letterDelivery';
import type { CaseWorkflowInput, ImportedStart } from './messages';
import { decideImport } from '../domain/import/importedCase';
import { effectsBeforeOneTransactionPerChange, type IssuedLetter } from './legacy';
import { PATCHES } from './patches';
import { CaseStatusKey, MunicipalityKey, NextDeadlineKey, OverdueKey, ServiceCodesKey } from './searchAttributes';

type CaseActivities = ReturnType<typeof createActivities>;

// Activities retry until PostgreSQL answers again: a case never loses an event or a letter.
const { recordChangeWithLetters } = proxyActivities<Pick<CaseActivities, 'recordChangeWithLetters'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export function factsOf(input: CaseWorkflowInput): CaseFacts {
  return {
    caseId: input.caseId,
    caseNumber: input.caseNumber ?? null,
    ...(input.previousCaseNumber ? { previousCaseNumber: input.previousCaseNumber } : {}),
    municipality: input.municipality,
    services: input.services,
    channel: input.channel,
    receivedAt: input.receivedAt,
    timers: input.timers,
    registeredBy: input.registeredBy ?? null,
  };
}

/** A refused step as the caller sees it: the contract's error code, its message and the fields. */
function refuse(refusal: Refusal): never {
  throw ApplicationFailure.create({
    type: refusal.code,
    message: refusal.message,
    details: refusal.problems ? [refusal.problems] : [],
    nonRetryable: true,
  });
}

export class CaseRecord {
  readonly facts: CaseFacts;
  state: CaseState;
  /** Bumped at every change, so the main loop wakes and recomputes its timers. */
  revision = 0;
  continueAsNewRequested = false;
  /** The effects of every change so far, chained: the next change's effects start when these end. */
  private effectsDone: Promise<void> = Promise.resolve();
  private effectsPending = 0;
  /** What this run last wrote to the search attributes and the memo. */
  private published: string | null = null;

  constructor(input: CaseWorkflowInput) {
    this.facts = {
      ...factsOf(input),
      appealRights: patched(PATCHES.appealRights),
      ...(patched(PATCHES.reductions) ? { reductions: true } : {}),
      ...(patched(PATCHES.decisionNotice) ? { decisionNotice: true } : {}),
    };
    this.state = input.carried ?? input.imported?.state ?? initialCaseState(this.facts);
    // A representative given with the application: on a run with the rules of representation only.
    if (!input.carried && !input.imported && input.representative && this.facts.reductions) this.state.representative = representativeOf(input.representative, this.facts.receivedAt);
  }

  get view(): CaseView {
    return caseViewOf(this.facts, this.state);
  }

  /** Whether every effect queued so far has run (the workflow waits for it before it ends or continues as new). */
  get settled(): boolean {
    return this.effectsPending === 0;
  }

  /** Throws the refusal a validator gives: the step reaches no history and changes nothing. */
  check(command: CaseCommand): void {
    const decided = decide(this.facts, this.state, command, Date.now());
    if (!decided.ok) refuse(decided.refusal);
  }

  /** The view after `command`, or its refusal, without applying it (the decision's preview). */
  preview(command: CaseCommand): { ok: true; view: CaseView } | { ok: false; refusal: Refusal } {
    const decided = decide(this.facts, this.state, command, Date.now());
    return decided.ok ? { ok: true, view: caseViewOf(this.facts, decided.state) } : decided;
  }

  /**
   * Applies a command now, synchronously, and queues its effects. Resolves with the view just after
   * it once its effects have run; throws the refusal (for a step) when the case no longer allows it.
   */
  apply(command: CaseCommand): Promise<CaseView> | null {
    const decided = decide(this.facts, this.state, command, Date.now());
    if (!decided.ok) {
      if (command.kind === 'timer') return null;
      refuse(decided.refusal);
    }
    if (decided.replayed) return this.effectsDone.then(() => this.view);
    return this.commit(decided.state, decided.effects);
  }

  /** The receipt: recorded and acknowledged before anything else the case does. */
  register(): Promise<CaseView> {
    const { state, effects } = decideRegistration(this.facts, this.state, Date.now());
    return this.commit(state, effects);
  }

  /** A case brought over from the old system: its `imported` event first, and no letter for what happened there. */
  recordImport(imported: ImportedStart): Promise<CaseView> {
    const source = { sourceId: imported.sourceId, sourceCaseNumber: this.facts.previousCaseNumber ?? null, steps: imported.steps };
    const { state, effects } = decideImport(this.facts, this.state, source, Date.now());
    return this.commit(state, effects);
  }

  private commit(state: CaseState, effects: CaseEffect[]): Promise<CaseView> {
    this.state = state;
    this.revision++;
    if (effects.some((e) => e.kind === 'continueAsNew')) this.continueAsNewRequested = true;
    const view = this.view;
    this.publish(view);
    const at = new Date(Date.now()).toISOString();
    this.effectsPending++;
    // A change's events, view and letters as one activity; the step answers before its letters' delivery starts.
    if (patched(PATCHES.oneTransactionPerChange)) return this.recordThenDeliver(effects, view, at);
    // Before that patch: one activity per event and per letter, and the step waited for each
    // letter's delivery workflow to start. Kept so that histories recorded then still replay.
    const run = this.effectsDone.then(() => effectsBeforeOneTransactionPerChange(this.facts.caseId, effects, view, at, (issued) => this.startDelivery(issued)));
    this.effectsDone = run.then(
      () => void this.effectsPending--,
      () => void this.effectsPending--,
    );
    return run.then(() => view);
  }

  /**
   * The change's events, view and letters in one activity (one transaction): the step answers once
   * it has committed. The same activity then starts the letters' delivery workflows, so the case's
   * history holds neither their start nor their end (decision record 0007). A run recorded before
   * that, or a worker given no client to start them with, starts them here as children, in the same
   * workflow task as the answer; the next change's record waits only for this one's record.
   */
  private recordThenDeliver(effects: CaseEffect[], view: CaseView, at: string): Promise<CaseView> {
    const change = {
      caseId: this.facts.caseId,
      // A reset run is a new run: its changes are kept beside the old run's, not dropped as theirs.
      runId: workflowInfo().runId,
      events: effects.flatMap((e) => (e.kind === 'event' ? [{ seq: e.seq, type: e.type, at, actor: e.actor, data: e.data }] : [])),
      letters: effects.flatMap((e) => (e.kind === 'letter' ? [{ key: e.key, kind: e.letter, details: e.details }] : [])),
      view,
      overdue: isOverdue(view),
      nextDeadline: nextRunningDeadline(view),
      // The case's own priority, for its letters' deliveries: an activity is not told the priority it inherits.
      ...(patched(PATCHES.deliveriesStartedWithRecord) ? { startDeliveries: true, deliveryPriority: workflowInfo().priority } : {}),
    };
    const recorded =
      change.events.length + change.letters.length === 0
        ? this.effectsDone.then(() => [])
        : this.effectsDone.then(() => recordChangeWithLetters(change));
    const done = () => void this.effectsPending--;
    this.effectsDone = recorded.then(
      () => undefined,
      () => undefined,
    );
    // Settled (for continue-as-new and the end) only once every delivery has started as well.
    // A delivery that cannot start fails the workflow task (retried), as an awaited one would.
    void recorded
      .then((issued) => Promise.all(issued.filter((letter) => !letter.deliveryStarted).map((letter) => this.startDelivery(letter))))
      .then(done, (error: unknown) => {
        done();
        throw error;
      });
    return recorded.then(() => view);
  }

  private async startDelivery(issued: IssuedLetter): Promise<void> {
    if (issued.channels.length === 0) return;
    await startChild(LetterDelivery, {
      workflowId: letterDeliveryWorkflowId(issued.letterId),
      args: [{ caseId: this.facts.caseId, letterId: issued.letterId, channels: issued.channels }],
      // A channel that keeps failing must not hold up the case, nor be cut off when the case continues as new.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }

  /** Search attributes and memo: no names, no national ids, only what the case id already says. */
  publish(view: CaseView = this.view): void {
    const next = nextRunningDeadline(view);
    const summary = {
      caseId: view.id,
      status: view.status,
      municipality: view.municipality,
      services: view.services,
      nextDeadline: next,
      overdue: isOverdue(view),
      cycle: this.state.cycle,
    };
    // A step that changes none of them (a visit moved, while an earlier deadline runs) writes none.
    const published = JSON.stringify(summary);
    const unchanged = published === this.published;
    if (!patched(PATCHES.publishOnlyChanges) || !unchanged) {
      upsertSearchAttributes([
        { key: CaseStatusKey, value: view.status },
        { key: MunicipalityKey, value: view.municipality },
        { key: ServiceCodesKey, value: view.services },
        { key: NextDeadlineKey, value: next ? new Date(next) : null },
        { key: OverdueKey, value: isOverdue(view) },
      ]);
      upsertMemo({ summary });
      this.published = published;
    }
    setCurrentDetails(
      `**${view.status}** · ${view.municipality} · ${view.services.join(', ')}` +
        (next ? ` · next deadline ${next}` : '') +
        (isOverdue(view) ? ' · **overdue**' : '') +
        ` · run ${this.state.cycle} of ${workflowInfo().workflowId}`,
    );
  }
}
