// The contract's error codes, their HTTP statuses, and the one place where any failure
// (validation, Temporal, PostgreSQL, Express's body parser) becomes an error body a person can act on.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApplicationFailure } from '@temporalio/common';
import {
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { safeError, scrubErrorText } from '../observability/scrub';
import { REFUSAL_CODES, type FieldProblem } from '../domain/case/refusals';
import { requestId } from './requestId';
import { noteErrorCode } from './metrics';
import { routePattern } from './routePattern';

/** Every error code the API answers with, and its HTTP status. `payload_too_large` and `internal` are additions to the contract; `rate_limited` is the contract's "Nobody gets round the API". */
export const ERROR_STATUS = {
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
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export interface ErrorBody {
  /** `caseId`: on a 503 from `POST /api/cases`, the case the application was stored as. */
  error: { code: ErrorCode; message: string; details?: FieldProblem[]; caseId?: string };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
    /** What caused it, for the log only. */
    cause?: unknown,
    /** On a 503 from `POST /api/cases`: the case the application was stored as. */
    readonly caseId?: string,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
        ...(this.caseId ? { caseId: this.caseId } : {}),
      },
    };
  }

  static validation(details: FieldProblem[], message?: string): ApiError {
    const fields = [...new Set(details.map((d) => d.field))].join(', ');
    return new ApiError('validation_failed', message ?? `The request breaks a rule in: ${fields}. See details.`, details);
  }

  static caseNotFound(id: string): ApiError {
    return new ApiError('not_found', `No case with id ${id}.`);
  }
}

const UNAVAILABLE_MESSAGE = {
  temporal: 'Temporal cannot be reached right now; the request may be retried.',
  temporalSlow: 'Temporal did not answer in time (the case worker may be down or busy); the request may be retried, with the same Idempotency-Key for a step.',
  database: 'The database cannot be reached right now; the request may be retried.',
  runMovedOn:
    "The case's workflow moved to a new run (a reset, a continue-as-new or a failover) while the step was applied; retry it with the same Idempotency-Key: it is applied once.",
  workflowNotReady:
    "The case's workflow is not ready for a step (its last workflow task failed, as it can just after a reset or a worker's restart); retry it with the same Idempotency-Key: it is applied once.",
};

// Temporal refuses an Update fast (FAILED_PRECONDITION, WorkflowNotReady) while the workflow's task
// has failed three times or more: after a reset the reset itself counts as one. The task is retried
// and the case goes on, so the step is retried too, not reported as our failure.
const GRPC_FAILED_PRECONDITION = 9;
const WORKFLOW_NOT_READY = /Workflow Task in failed state|workflow is not ready/i;

function workflowNotReady(err: unknown): boolean {
  return errorChain(err).some(
    (e) => isGrpcServiceError(e) && (e.code as number) === GRPC_FAILED_PRECONDITION && WORKFLOW_NOT_READY.test(e.details ?? e.message),
  );
}

/**
 * The server's answer to a step its workflow run had accepted but not finished when the run closed:
 * a reset (which ends the old run), a continue-as-new, or a run closed in a failover. The case goes on
 * in the new run, so the step is retried there, not reported as our failure.
 */
const UPDATE_OUTLIVED_RUN = 'AcceptedUpdateCompletedWorkflow';

function runClosedUnderStep(err: WorkflowUpdateFailedError): boolean {
  return errorChain(err).some((e) => e instanceof ApplicationFailure && e.type === UPDATE_OUTLIVED_RUN);
}

// gRPC status codes that mean "the service is not there or did not answer in time".
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = new Set([14 /* UNAVAILABLE */, GRPC_DEADLINE_EXCEEDED, 1 /* CANCELLED */, 8 /* RESOURCE_EXHAUSTED */]);

// Errors from the pg driver, knex's pool and Node's sockets that mean the database cannot be reached.
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
const DB_UNREACHABLE_MESSAGES = [
  /Connection terminated/i,
  /connection error/i,
  /not queryable/i,
  /Knex: Timeout acquiring a connection/i,
  /the database system is (starting up|shutting down)/i,
  /terminating connection/i,
  /Unable to acquire a connection/i,
];

function errorChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** True when the error (or its cause) says Temporal cannot be reached or did not answer in time. */
export function isTemporalUnavailable(err: unknown): boolean {
  return errorChain(err).some(
    (e) =>
      e instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      (isGrpcServiceError(e) && GRPC_UNAVAILABLE.has(e.code)) ||
      (e instanceof ServiceError && /connect/i.test(e.message)),
  );
}

/** True when Temporal was reached but the call ran out of time (a query or step waits on a worker). */
function isTemporalTimeout(err: unknown): boolean {
  return errorChain(err).some(
    (e) => e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || (isGrpcServiceError(e) && (e.code as number) === GRPC_DEADLINE_EXCEEDED),
  );
}

/** True when the error (or its cause) says PostgreSQL cannot be reached. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return errorChain(err).some((e) => {
    if (!e || typeof e !== 'object') return false;
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (name === 'KnexTimeoutError') return true;
    if (typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03')) {
      return true;
    }
    return typeof message === 'string' && DB_UNREACHABLE_MESSAGES.some((re) => re.test(message));
  });
}

function isFieldProblem(value: unknown): value is FieldProblem {
  return (
    !!value && typeof value === 'object' && typeof (value as FieldProblem).field === 'string' && typeof (value as FieldProblem).message === 'string'
  );
}

/** A step the workflow's validator refused: ApplicationFailure with a `type` from REFUSAL_CODES. */
function fromStepFailure(err: unknown): ApiError | null {
  const failure = errorChain(err).find((e): e is ApplicationFailure => e instanceof ApplicationFailure);
  if (!failure || !failure.type || !(REFUSAL_CODES as readonly string[]).includes(failure.type)) return null;
  const code = failure.type as ErrorCode;
  if (code === 'validation_failed') {
    const first = failure.details?.[0];
    const details = Array.isArray(first) ? first.filter(isFieldProblem) : [];
    // The same message as a body the API refused itself; the workflow's own words are in the details.
    return details.length > 0 ? ApiError.validation(details) : new ApiError(code, failure.message);
  }
  return new ApiError(code, failure.message);
}

/** Turns anything thrown while handling a request into an ApiError; never leaks internals. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;

  // Express's body parser: too large, malformed JSON, wrong charset.
  const bodyParserType = (err as { type?: unknown } | null)?.type;
  if (bodyParserType === 'entity.too.large') {
    // The parser says its limit: 100 kB for a step, more for the codec endpoint.
    const limit = (err as { limit?: unknown }).limit;
    const kB = typeof limit === 'number' ? Math.round(limit / 1024) : 100;
    return new ApiError('payload_too_large', `The request body is larger than the ${kB} kB this route accepts.`);
  }
  if (bodyParserType === 'entity.parse.failed') {
    return ApiError.validation([{ field: 'body', message: 'The body is not valid JSON.' }], 'The body is not valid JSON.');
  }
  if ((typeof bodyParserType === 'string' && bodyParserType.startsWith('encoding.')) || bodyParserType === 'charset.unsupported') {
    return ApiError.validation([{ field: 'body', message: 'The body must be JSON in UTF-8.' }], 'The body must be JSON in UTF-8.');
  }

  if (err instanceof WorkflowUpdateFailedError) {
    const refused = fromStepFailure(err);
    if (refused) return refused;
    if (runClosedUnderStep(err)) return new ApiError('unavailable', UNAVAILABLE_MESSAGE.runMovedOn, undefined, err);
  }
  if (err instanceof WorkflowNotFoundError) return new ApiError('not_found', 'No such case.');
  if (isTemporalTimeout(err)) return new ApiError('unavailable', UNAVAILABLE_MESSAGE.temporalSlow);
  if (workflowNotReady(err)) return new ApiError('unavailable', UNAVAILABLE_MESSAGE.workflowNotReady);
  if (isTemporalUnavailable(err)) return new ApiError('unavailable', UNAVAILABLE_MESSAGE.temporal);
  if (isDatabaseUnavailable(err)) return new ApiError('unavailable', UNAVAILABLE_MESSAGE.database);
  // A ServiceError that is not a gRPC status (the SDK wraps transport failures so) means no answer came.
  if (err instanceof ServiceError && !isGrpcServiceError(err.cause)) return new ApiError('unavailable', UNAVAILABLE_MESSAGE.temporal);

  return new ApiError('internal', 'Something went wrong on our side. It has been logged; please try again later.');
}

/** Console or pino: a line's fields, then its message. */
export interface Logger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** The final error handler: one JSON shape, the right status, no stack trace to the client. */
export function errorHandler(logger: Logger = console): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const apiError = toApiError(err);
    noteErrorCode(res, apiError.code);
    const fields = { requestId: requestId(req), method: req.method, route: routePattern(req) ?? 'unmatched' };
    if (apiError.code === 'internal') {
      // The error made safe: a database error's `detail` can quote a row, and rows hold personal data.
      logger.error({ ...fields, err: safeError(err) }, 'request failed with an internal error');
    } else if (apiError.code === 'unavailable') {
      logger.warn({ ...fields, cause: scrubErrorText(describe(err)) }, apiError.message);
    }
    if (apiError.code === 'unavailable') res.setHeader('Retry-After', '5');
    // The rate limit sets its own Retry-After (the seconds left in its window).
    if (apiError.code === 'rate_limited' && !res.hasHeader('Retry-After')) res.setHeader('Retry-After', '60');
    if (apiError.code === 'unauthenticated') res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(apiError.status).json(apiError.toBody());
  };
}

function describe(err: unknown): string {
  return errorChain(err)
    .map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)))
    .join(' <- ');
}

/** Any path or method the API does not have. */
export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', `There is no ${req.method} ${req.path} in this API; see /api/openapi.json.`));
};
