// The API's access log (pino-http): one line per answered request with its request id, method, path,
// route pattern, status and time. The request id is the caller's X-Request-Id when that is a UUID
// (anything else could carry personal data), else a new UUID, and is sent back as X-Request-Id; the
// error handler's lines for the request carry it too. Only the path is logged: no query string
// (filters), no header (tokens), no body. Health checks and scrapes log at debug.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../observability/logger';
import { routePattern } from './routePattern';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUIET_PATHS = new Set(['/metrics', '/api/health']);

function pathOf(req: IncomingMessage): string {
  const url = (req as Partial<Request>).originalUrl ?? req.url ?? '';
  return url.split('?')[0] ?? '';
}

function requestFields(req: IncomingMessage, res: ServerResponse, responseTime: unknown) {
  return {
    method: req.method,
    url: pathOf(req),
    route: routePattern(req as Request) ?? 'unmatched',
    status: res.statusCode,
    responseTimeMs: responseTime,
  };
}

/** Gives every request an id (X-Request-Id) and, with a logger, writes its access line. */
export function requestLogging(log: Logger | undefined): RequestHandler {
  const middleware = pinoHttp<IncomingMessage, ServerResponse, never>({
    logger: log ?? pino({ level: 'silent' }),
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId(req, res) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && UUID.test(incoming) ? incoming.toLowerCase() : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customLogLevel(req, res) {
      if (res.statusCode >= 500) return 'error';
      return QUIET_PATHS.has(pathOf(req)) && res.statusCode < 400 ? 'debug' : 'info';
    },
    customSuccessMessage: () => 'request answered',
    customErrorMessage: () => 'request failed',
    // The fields are taken when the answer is sent, so the route pattern is known.
    customSuccessObject: (req, res, val: { responseTime?: unknown }) => requestFields(req, res, val.responseTime),
    customErrorObject: (req, res, _error, val: { responseTime?: unknown }) => requestFields(req, res, val.responseTime),
  });
  return (req, res, next) => middleware(req, res, next);
}
