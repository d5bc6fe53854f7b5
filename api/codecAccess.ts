// Who reaches the codec endpoint. CORS admits only the Temporal Web UI's origins, with the headers the
// UI sends; a browser page from any other origin is refused, preflight or not. Who may call it is the
// token guard's business (caseworker or manager): there is no path without a token.
import type { RequestHandler } from 'express';
import { ApiError } from './errors';

/** The request headers the Web UI sends to a codec endpoint. */
export const CODEC_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Namespace'] as const;
const PREFLIGHT_MAX_AGE_S = 600;

export function codecCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('Origin');
    const preflight = req.method === 'OPTIONS';
    if (origin !== undefined && !allowed.has(origin)) {
      next(new ApiError('forbidden', `The origin ${origin} may not call the codec endpoint; CODEC_CORS_ORIGINS lists the origins that may.`));
      return;
    }
    if (origin !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Headers', CODEC_ALLOWED_HEADERS.join(', '));
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
    }
    if (preflight) {
      if (origin === undefined) {
        next(new ApiError('forbidden', 'A preflight request must name its Origin.'));
        return;
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
