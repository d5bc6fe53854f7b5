// Activities for recording histories: the real activities' names and result shapes, kept in memory,
// so a path records without a database. A history holds what an activity returned, so what matters
// is that the results have the real shape (letter ids as issueLetter makes them, channels as it picks them).
import { ApplicationFailure } from '@temporalio/common';
import type { CaseActivities } from '../../activities';
import type { DeliveryChannelName } from '../../activities/delivery/channels';
import type { DeliverLetterInput, DeliveryFailure, DeliveryOutcome } from '../../activities/delivery/deliverLetter';
import { letterIdFor, type IssuedLetter, type IssueLetterInput } from '../../activities/letters/issueLetter';
import type { CaseChange } from '../../activities/recordCaseChange';
import type { RecordedLetter } from '../../activities/recordChangeWithLetters';
import type { LetterDeliveryInput } from '../../workflows/messages';

/** Starts a letter's delivery workflow, as the worker's activity does with its client (given, a case's record starts them). */
export type DeliveryStarter = (input: LetterDeliveryInput) => Promise<void>;
import type { CaseChangeWithLetters } from '../../activities/recordChangeWithLetters';
import type { CaseSweepResult } from '../../activities/startMissingCaseWorkflows';
import type { AttemptOutcome, SweepAttempt } from './pathTypes';

export interface MemoryActivities {
  activities: CaseActivities & { startMissingCaseWorkflows(): Promise<CaseSweepResult> };
  /** Scripts what each attempt of the sweep's activity does. */
  scriptSweep(attempts: SweepAttempt[]): void;
  /** Scripts what each delivery attempt of a letter does, per channel. */
  script(letterId: string, attempts: Partial<Record<DeliveryChannelName, AttemptOutcome[]>>): void;
  failures(letterId: string): DeliveryFailure[];
}

export function createMemoryActivities(opts: { startDelivery?: DeliveryStarter } = {}): MemoryActivities {
  const changes = new Map<string, CaseChange>();
  const letters = new Map<string, IssuedLetter>();
  const scripts = new Map<string, Partial<Record<DeliveryChannelName, AttemptOutcome[]>>>();
  const attempts = new Map<string, number>();
  const failures: DeliveryFailure[] = [];
  let sweep: SweepAttempt[] = [0];
  let sweepAttempt = 0;

  const recordCaseChange = async (change: CaseChange): Promise<void> => {
    const key = `${change.caseId}/${change.runId ?? ''}/${change.seq}`;
    if (!changes.has(key)) changes.set(key, change);
  };
  const issueLetter = async (input: IssueLetterInput): Promise<IssuedLetter> => {
    const key = `${input.caseId}/${input.runId ?? ''}/${input.key}`;
    const issued = letters.get(key) ?? {
      letterId: letterIdFor(input.caseId, input.key, input.runId),
      channels: input.view.channel === 'paper' ? ['print'] : ['digital_mailbox', 'sms'],
    };
    letters.set(key, issued);
    return issued;
  };

  const activities = {
    recordCaseChange,
    issueLetter,
    // One change's events and letters at once, as the worker's one transaction writes them.
    async recordChangeWithLetters(change: CaseChangeWithLetters): Promise<RecordedLetter[]> {
      for (const { seq, ...event } of change.events) {
        await recordCaseChange({ caseId: change.caseId, runId: change.runId, seq, event, view: change.view, overdue: change.overdue, nextDeadline: change.nextDeadline });
      }
      const issued: IssuedLetter[] = [];
      for (const letter of change.letters) {
        issued.push(await issueLetter({ caseId: change.caseId, runId: change.runId, key: letter.key, kind: letter.kind, view: change.view, details: letter.details }));
      }
      const start = opts.startDelivery;
      if (!change.startDeliveries || !start) return issued;
      return Promise.all(
        issued.map(async (letter): Promise<RecordedLetter> => {
          if (letter.channels.length === 0) return letter;
          await start({ caseId: change.caseId, letterId: letter.letterId, channels: letter.channels });
          return { ...letter, deliveryStarted: true };
        }),
      );
    },
    async deliverLetter(input: DeliverLetterInput): Promise<DeliveryOutcome> {
      const key = `${input.letterId}/${input.channel}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const outcome = scripts.get(input.letterId)?.[input.channel]?.[attempt - 1] ?? 'ok';
      if (outcome === 'fail') throw ApplicationFailure.retryable(`${input.channel}: the service answered 503 Service Unavailable`, 'delivery_failed');
      if (outcome === 'refuse') throw ApplicationFailure.nonRetryable(`${input.channel}: the service answered 400 Bad Request`, 'delivery_refused');
      return 'delivered';
    },
    async recordDeliveryFailure(failure: DeliveryFailure): Promise<void> {
      if (!failures.some((f) => f.letterId === failure.letterId && f.channel === failure.channel)) failures.push(failure);
    },
  } satisfies CaseActivities;

  async function startMissingCaseWorkflows(): Promise<CaseSweepResult> {
    const outcome = sweep[Math.min(sweepAttempt++, sweep.length - 1)] ?? 0;
    if (outcome === 'fail') throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    return { started: outcome };
  }

  return {
    activities: { ...activities, startMissingCaseWorkflows },
    scriptSweep: (attempts) => {
      sweep = attempts;
      sweepAttempt = 0;
    },
    script: (letterId, plan) => scripts.set(letterId, plan),
    failures: (letterId) => failures.filter((f) => f.letterId === letterId),
  };
}
