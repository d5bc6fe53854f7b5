// What a caseworker's system sends during a fault: applications (half with an Idempotency-Key) and,
// on each case it got back, a chain of steps, each with its own Idempotency-Key. Every answer is kept,
// so the checks can hold the stack to what it said.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { application } from '../../scripts/stack/secondsPolicy';
import type { Instance } from './instance';

export interface ApplicationRecord {
  body: Record<string, unknown>;
  key: string | undefined;
  status: number;
  /** From the 201's body, or the 503's `error.caseId`. */
  caseId: string | undefined;
  /** Answered 503 with a case id: when (ms since epoch), for the sweep's figure. */
  storedOnlyAt?: number;
  /** The error message of a refusal, to tell a Temporal outage from a database one. */
  message?: string;
}

export interface StepRecord {
  caseId: string;
  step: string;
  /** The event the step records; a 200 means exactly one of them. */
  event: string;
  key: string;
  body: Record<string, unknown>;
  status: number;
  /** When it was first sent (ms since epoch): a contact sent before its deadline may be applied after it. */
  sentAt?: number;
}

/** A chain each case can go through once: every step records an event type of its own. */
const STEP_CHAIN: Array<{ step: string; event: string; body: () => Record<string, unknown> }> = [
  { step: 'contact', event: 'contacted', body: () => ({}) },
  { step: 'home-visit', event: 'home_visit_scheduled', body: () => ({ scheduledAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }) },
  { step: 'home-visit/complete', event: 'home_visit_completed', body: () => ({}) },
];

export const STEP_EVENTS = STEP_CHAIN.map((s) => s.event);

export interface Retried {
  applications: ApplicationRecord[];
  steps: StepRecord[];
  /** Requests sent again after a 503 or no answer to the retry. */
  again: number;
}

/** The API's Retry-After on a 503. */
const RETRY_AFTER_MS = 5_000;
const RETRY_FOR_MS = 120_000;

export class Traffic {
  readonly applications: ApplicationRecord[] = [];
  readonly steps: StepRecord[] = [];
  /** Every answer the API gave (first tries and retries), by status; 0 is no answer. */
  readonly answers: Record<number, number> = {};

  /** Anything that answers a request: one stack (the fault suite) or a balancer over several APIs (the cluster suite). */
  constructor(private readonly instance: Pick<Instance, 'request'>) {}

  private request(method: string, urlPath: string, body: unknown, headers: Record<string, string>) {
    return this.instance.request(method, urlPath, body, headers).then((res) => {
      this.answers[res.status] = (this.answers[res.status] ?? 0) + 1;
      return res;
    });
  }

  /** Sends one application; every other one carries an Idempotency-Key. */
  async apply(): Promise<ApplicationRecord> {
    const keyed = this.applications.length % 2 === 0;
    const record: ApplicationRecord = { body: application('namsos'), key: keyed ? randomUUID() : undefined, status: -1, caseId: undefined };
    this.applications.push(record);
    await this.send(record);
    return record;
  }

  private async send(record: ApplicationRecord): Promise<void> {
    const res = await this.request('POST', '/api/cases', record.body, record.key ? { 'Idempotency-Key': record.key } : {});
    record.status = res.status;
    record.message = res.body?.error?.message;
    if (res.status === 201) record.caseId = res.body.id;
    if (res.status === 503 && res.body?.error?.caseId) {
      record.caseId = res.body.error.caseId;
      record.storedOnlyAt = Date.now();
    }
  }

  /** Takes the case through the step chain until a step is not answered 200. */
  async chain(caseId: string): Promise<void> {
    for (const link of STEP_CHAIN) {
      const record: StepRecord = { caseId, step: link.step, event: link.event, key: randomUUID(), body: link.body(), status: -1, sentAt: Date.now() };
      this.steps.push(record);
      const res = await this.request('POST', `/api/cases/${caseId}/${link.step}`, record.body, { 'Idempotency-Key': record.key });
      record.status = res.status;
      if (res.status !== 200) return;
    }
  }

  /** `n` applications at once, each followed by its step chain as soon as it is answered. */
  async burst(n: number): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, async () => {
        const record = await this.apply();
        if (record.status === 201 && record.caseId) await this.chain(record.caseId);
      }),
    );
  }

  /**
   * After the fault, what a client does with what got no clear answer: a keyed application is sent
   * again with its key (it must land on the same case), and a step with its key (applied once). A 503
   * or no answer to that is sent again after its Retry-After, as the API tells clients to, for up to
   * two minutes (a stack just back may still be working through the backlog the fault left).
   * Returns the records retried, and how many requests were sent again after a 503.
   */
  async retryUnanswered(): Promise<Retried> {
    const deadline = Date.now() + RETRY_FOR_MS;
    let again = 0;
    const untilAnswered = async (send: () => Promise<number>): Promise<void> => {
      let status = await send();
      while ((status === 503 || status === 0) && Date.now() < deadline) {
        again++;
        await sleep(RETRY_AFTER_MS);
        status = await send();
      }
    };
    const applications = this.applications.filter((a) => a.key && a.status !== 201);
    for (const record of applications) {
      const before = record.caseId;
      await untilAnswered(async () => {
        await this.send(record);
        return record.status;
      });
      if (before && record.caseId !== before) throw new Error(`key ${record.key}: first case ${before}, now ${record.caseId}`);
    }
    const steps = this.steps.filter((s) => s.status !== 200 && s.status !== 409 && s.status !== -1);
    for (const record of steps) {
      await untilAnswered(async () => {
        const res = await this.request('POST', `/api/cases/${record.caseId}/${record.step}`, record.body, { 'Idempotency-Key': record.key });
        record.status = res.status;
        return res.status;
      });
    }
    return { applications, steps, again };
  }

  /** How the answers came out: status (or "no answer") → how many. */
  counts(): { applications: Record<string, number>; steps: Record<string, number> } {
    const tally = (statuses: number[]) =>
      statuses.reduce<Record<string, number>>((acc, s) => {
        const name = s === 0 ? 'no answer' : String(s);
        acc[name] = (acc[name] ?? 0) + 1;
        return acc;
      }, {});
    return { applications: tally(this.applications.map((a) => a.status)), steps: tally(this.steps.map((s) => s.status)) };
  }
}
