// The one mapping from anything thrown to the contract's error body: the workflow's refusals, Temporal
// and PostgreSQL being unreachable, and everything else as `internal` with no detail.
import { ApplicationFailure } from '@temporalio/common';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ApiError, ERROR_STATUS, toApiError } from '../../api/errors';

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

function refused(type: string, message: string, details?: unknown[]): WorkflowUpdateFailedError {
  return new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, details, nonRetryable: true }));
}

describe('toApiError', () => {
  it("maps the contract's codes to their statuses", () => {
    expect(ERROR_STATUS).toEqual({
      validation_failed: 400,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      invalid_transition: 409,
      case_closed: 409,
      advance_notice_required: 409,
      no_representative: 409,
      payload_too_large: 413,
      rate_limited: 429,
      internal: 500,
      unavailable: 503,
    });
  });

  it("maps the workflow validator's refusals: invalid_transition, case_closed, validation_failed with its details", () => {
    const transition = toApiError(refused('invalid_transition', 'The case is received: …'));
    expect([transition.status, transition.toBody()]).toEqual([409, { error: { code: 'invalid_transition', message: 'The case is received: …' } }]);
    expect(toApiError(refused('case_closed', 'The case is closed.')).toBody().error.code).toBe('case_closed');
    const invalid = toApiError(refused('validation_failed', 'receivedAt: too late', [[{ field: 'receivedAt', message: 'is too late' }]]));
    expect(invalid.status).toBe(400);
    expect(invalid.toBody()).toEqual({
      error: { code: 'validation_failed', message: 'The request breaks a rule in: receivedAt. See details.', details: [{ field: 'receivedAt', message: 'is too late' }] },
    });
  });

  it('treats any other workflow failure as internal, showing nothing of it', () => {
    const err = toApiError(new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'RangeError', message: 'stack blew up' })));
    expect(err.code).toBe('internal');
    expect(err.message).not.toContain('stack');
  });

  it('maps Temporal being unreachable or too slow to 503 unavailable', () => {
    for (const err of [
      new ServiceError('Failed to query Workflow', { cause: grpcError(14, 'No connection established') }),
      new ServiceError('Failed to start Workflow', { cause: grpcError(4, 'Deadline exceeded') }),
      new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpcError(4, 'Deadline exceeded') }),
      grpcError(14, 'UNAVAILABLE'),
    ]) {
      const mapped = toApiError(err);
      expect(mapped.code).toBe('unavailable');
      expect(mapped.message).toMatch(/Temporal/);
    }
  });

  it('treats a Temporal answer that is neither a refusal nor an outage (a misconfiguration) as internal', () => {
    expect(toApiError(new ServiceError('Failed to start Workflow', { cause: grpcError(3, 'search attribute CaseStatus is not defined') })).code).toBe('internal');
  });

  it("answers 503 (retry) when Temporal refuses a step because the workflow's task keeps failing, as just after a reset", () => {
    // Temporal v1.32's words (service/history/api/updateworkflow): FAILED_PRECONDITION with WorkflowNotReady.
    const refused = new ServiceError('Workflow Update failed', { cause: grpcError(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.') });
    const mapped = toApiError(refused);
    expect(mapped.code).toBe('unavailable');
    expect(mapped.message).toMatch(/Idempotency-Key/);
    // Another failed precondition (a paused workflow) is not a passing state.
    expect(toApiError(new ServiceError('Workflow Update failed', { cause: grpcError(9, 'Workflow is paused. Cannot update the workflow.') })).code).toBe('internal');
  });

  it('says when Temporal was reached but did not answer in time', () => {
    const mapped = toApiError(new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpcError(4, 'Deadline exceeded') }));
    expect(mapped.code).toBe('unavailable');
    expect(mapped.message).toMatch(/did not answer in time/);
  });

  it('maps PostgreSQL being unreachable to 503 unavailable', () => {
    for (const err of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ]) {
      const mapped = toApiError(err);
      expect(mapped.code).toBe('unavailable');
      expect(mapped.message).toMatch(/database/);
    }
  });

  it('maps a missing workflow to not_found, and passes an ApiError through', () => {
    expect(toApiError(new WorkflowNotFoundError('not found', 'case-x', undefined)).code).toBe('not_found');
    const own = new ApiError('case_closed', 'closed');
    expect(toApiError(own)).toBe(own);
  });

  it('maps anything else to 500 internal with a message that says nothing of the cause', () => {
    const err = toApiError(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(err.status).toBe(500);
    expect(err.toBody()).toEqual({ error: { code: 'internal', message: expect.not.stringContaining('undefined') } });
    expect(toApiError(Object.assign(new Error('duplicate key'), { code: '23505' })).code).toBe('internal');
  });
});
