// A caseworker's system retries a step it got no answer to, with the same Idempotency-Key (the
// contract): the step is applied once; the retry answers as applied and changes nothing. The case
// remembers the 200 latest keys, far more than any system retries at once.
import { describe, expect, it } from 'vitest';
import { caseFacts, LawCase } from './caseDriver';

const AT = '2027-03-02T08:00:00.000Z';

describe('a step retried with the same Idempotency-Key', () => {
  it('is applied once: the retry changes nothing, records nothing and says it was a replay', () => {
    const c = new LawCase();
    const first = c.step(AT, 'contact', { note: 'Ringte.', idempotencyKey: 'k-1' });
    expect(first.replayed).toBe(false);
    expect(first.effects).toHaveLength(1);
    expect(c.state.appliedKeys).toEqual(['contact:k-1']);
    const before = JSON.stringify(c.state);
    // Retried after the case moved on: it is not checked again (contact is no longer allowed), only recognised.
    const retry = c.step('2027-03-02T09:00:00.000Z', 'contact', { note: 'Ringte.', idempotencyKey: 'k-1' });
    expect(retry).toMatchObject({ ok: true, effects: [], replayed: true });
    expect(JSON.stringify(c.state)).toBe(before);
  });

  it('the same key on another step is another request', () => {
    const c = new LawCase();
    c.step(AT, 'contact', { idempotencyKey: 'k-1' });
    const booked = c.step(AT, 'home-visit', { scheduledAt: '2027-03-10T09:00:00.000Z', idempotencyKey: 'k-1' });
    expect(booked.replayed).toBe(false);
    expect(c.state.appliedKeys).toEqual(['contact:k-1', 'home-visit:k-1']);
  });

  it('a step with no key, or an empty one, is remembered by none', () => {
    const c = new LawCase();
    c.step(AT, 'contact', {});
    c.step(AT, 'home-visit', { scheduledAt: '2027-03-10T09:00:00.000Z', idempotencyKey: '' });
    expect(c.state.appliedKeys).toEqual([]);
    // And a second visit with no key moves the visit again: nothing takes it for a retry.
    expect(c.step(AT, 'home-visit', { scheduledAt: '2027-03-11T09:00:00.000Z' }).replayed).toBe(false);
  });

  it('a refused step leaves no key, so the corrected step with that key is applied', () => {
    const c = new LawCase();
    expect(c.try(AT, 'withdraw', { idempotencyKey: 'w-1' }).ok).toBe(false);
    expect(c.state.appliedKeys).toEqual([]);
    expect(c.step(AT, 'withdraw', { reason: 'Flytter.', idempotencyKey: 'w-1' }).replayed).toBe(false);
  });

  it('the 200 latest keys are remembered; the oldest beyond them is forgotten', () => {
    const c = new LawCase();
    for (let i = 1; i <= 201; i++) {
      c.step(AT, 'home-visit', { scheduledAt: `2027-04-01T${String(i % 24).padStart(2, '0')}:00:00.000Z`, idempotencyKey: `v-${i}` });
    }
    expect(c.state.appliedKeys).toHaveLength(200);
    expect(c.state.appliedKeys[0]).toBe('home-visit:v-2');
    expect(c.state.appliedKeys[199]).toBe('home-visit:v-201');
    expect(c.step(AT, 'home-visit', { scheduledAt: '2027-04-02T09:00:00.000Z', idempotencyKey: 'v-2' }).replayed).toBe(true);
    expect(c.step(AT, 'home-visit', { scheduledAt: '2027-04-02T09:00:00.000Z', idempotencyKey: 'v-1' }).replayed).toBe(false);
  });
});

describe('what a step and a timer answer', () => {
  it('a step applied and a timer fired are no replays', () => {
    const c = new LawCase(caseFacts());
    expect(c.step(AT, 'contact', {}).replayed).toBe(false);
    const fired = c.fire('2027-03-23T23:00:00.000Z', 'provisionalReplyDue');
    expect(fired.ok && fired.replayed).toBe(false);
  });
});
