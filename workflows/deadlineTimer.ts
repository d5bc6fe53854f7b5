// The timer of a case's earliest running deadline: one durable timer in a cancellation scope of its
// own, kept across a step that leaves that deadline where it was, cancelled only when it moves.
import { CancellationScope, sleep } from '@temporalio/workflow';
import type { DueTimer } from '../domain/case/caseTimers';
import { timerSummary } from '../domain/case/timerSummary';

export class DeadlineTimer {
  /** Whether the deadline has come. */
  fired = false;
  private readonly scope = new CancellationScope();

  constructor(
    readonly due: DueTimer,
    wait: number,
  ) {
    // Cancelled when the deadline moves: the rejection is the cancellation, nothing to handle.
    // Its summary names the deadline in the Web UI; metadata only, so old histories replay unchanged.
    void this.scope.run(() => sleep(wait, { summary: timerSummary(due) })).then(
      () => void (this.fired = true),
      () => undefined,
    );
  }

  /** Whether this timer runs for `next`: the same deadline at the same time. */
  isFor(next: DueTimer): boolean {
    return this.due.name === next.name && this.due.at === next.at;
  }

  /** Stops the timer unless it has fired. */
  cancel(): void {
    if (!this.fired) this.scope.cancel();
  }
}
