// The case as one workflow run holds it, and the effects every change has: an event in PostgreSQL,
// the search attributes and memo managers see, and letters to the applicant.
import {
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { isOverdue, nextRunningDeadline } from '../domain/caseDeadlines';
import type { CaseView, LetterKind } from '../domain/caseTypes';
import type { LetterDetails } from '../activities/letters/issueLetter';
import { LetterDelivery, letterDeliveryWorkflowId } from './letterDelivery';
import type { CarriedCase, CaseWorkflowInput } from './messages';
import { CaseStatusKey, MunicipalityKey, NextDeadlineKey, OverdueKey, ServiceCodesKey } from './searchAttributes';

type CaseActivities = ReturnType<typeof createActivities>;

// Activities retry until PostgreSQL answers again: a case never loses an event or a letter.
const { recordCaseChange, issueLetter } = proxyActivities<Pick<CaseActivities, 'recordCaseChange' | 'issueLetter'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const SYSTEM_ACTOR = 'system';

/** A snapshot of plain data, taken before an await so later changes do not leak into it. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class CaseRecord {
  readonly input: CaseWorkflowInput;
  state: CarriedCase;
  /** Bumped at every change, so the main loop wakes and recomputes its timers. */
  revision = 0;
  /** False until the receipt is recorded and acknowledged (true at once in a continued run). */
  ready: boolean;

  constructor(input: CaseWorkflowInput, initialView: CaseView) {
    this.input = input;
    this.ready = input.carried !== undefined;
    this.state = input.carried ?? {
      view: initialView,
      eventSeq: 0,
      letterSeq: 0,
      provisionalReplyDispatchAt: null,
      reEvaluationDispatchAt: null,
      expiryNoticeAt: null,
      expiryNoticeSent: false,
      homeVisitReminderDue: false,
      appealedFrom: null,
      cycle: 0,
    };
  }

  get view(): CaseView {
    return this.state.view;
  }

  get timers() {
    return this.input.timers;
  }

  /** Now, as the workflow sees it (deterministic on replay). */
  now(): Date {
    return new Date(Date.now());
  }

  /**
   * Records a change: the view is already updated; this writes the event and the snapshot in one
   * transaction (keyed by seq, so a retry adds nothing) and refreshes what managers see.
   */
  async record(type: string, actor: string, data: Record<string, unknown> = {}): Promise<void> {
    this.revision++;
    const seq = ++this.state.eventSeq;
    const view = clone(this.view);
    this.publish();
    await recordCaseChange({
      caseId: this.input.caseId,
      seq,
      event: { type, at: this.now().toISOString(), actor, data },
      view,
      overdue: isOverdue(view),
      nextDeadline: nextRunningDeadline(view),
    });
  }

  /** Renders and stores a letter, then hands its delivery to a workflow of its own that the case does not wait for. */
  async sendLetter(kind: LetterKind, details: LetterDetails = {}): Promise<void> {
    const key = `${kind}-${++this.state.letterSeq}`;
    const issued = await issueLetter({ caseId: this.input.caseId, key, kind, view: clone(this.view), details });
    if (issued.channels.length === 0) return;
    await startChild(LetterDelivery, {
      workflowId: letterDeliveryWorkflowId(issued.letterId),
      args: [{ caseId: this.input.caseId, letterId: issued.letterId, channels: issued.channels }],
      // A channel that keeps failing must not hold up the case, nor be cut off when the case continues as new.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }

  /** Search attributes and memo: no names, no national ids, only what the case id already says. */
  publish(): void {
    const view = this.view;
    const next = nextRunningDeadline(view);
    upsertSearchAttributes([
      { key: CaseStatusKey, value: view.status },
      { key: MunicipalityKey, value: view.municipality },
      { key: ServiceCodesKey, value: view.services },
      { key: NextDeadlineKey, value: next ? new Date(next) : null },
      { key: OverdueKey, value: isOverdue(view) },
    ]);
    const summary = {
      caseId: view.id,
      status: view.status,
      municipality: view.municipality,
      services: view.services,
      nextDeadline: next,
      overdue: isOverdue(view),
      cycle: this.state.cycle,
    };
    upsertMemo({ summary });
    setCurrentDetails(
      `**${view.status}** · ${view.municipality} · ${view.services.join(', ')}` +
        (next ? ` · next deadline ${next}` : '') +
        (isOverdue(view) ? ' · **overdue**' : '') +
        ` · run ${this.state.cycle} of ${workflowInfo().workflowId}`,
    );
  }
}
