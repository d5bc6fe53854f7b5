// Who reaches the codec endpoint. CORS admits only the Temporal Web UI's origins, with the headers the
// UI sends; a browser page from any other origin is refused, preflight or not. Who may call it is the
// token guard's business (caseworker or manager): there is no path without a token.
import cors from 'cors';
import type { RequestHandler } from 'express';
import { ApiError } from './errors';

/** The request headers the Web UI sends to a codec endpoint. */
export const CODEC_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Namespace'] as const;
const PREFLIGHT_MAX_AGE_S = 600;

export function codecCors(origins: readonly string[]): RequestHandler[] {
  const allowed = new Set(origins);
  // `cors` only leaves its headers off for an origin it does not know; here such a page gets a 403
  // that says why, and so does a preflight that names no origin.
  const refuseOthers: RequestHandler = (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('Origin');
    if (origin !== undefined && !allowed.has(origin)) {
      next(new ApiError('forbidden', `The origin ${origin} may not call the codec endpoint; CODEC_CORS_ORIGINS lists the origins that may.`));
    } else if (origin === undefined && req.method === 'OPTIONS') {
      next(new ApiError('forbidden', 'A preflight request must name its Origin.'));
    } else {
      next();
    }
  };
  const headers = cors({
    origin: [...allowed],
    allowedHeaders: [...CODEC_ALLOWED_HEADERS],
    methods: ['POST', 'OPTIONS'],
    maxAge: PREFLIGHT_MAX_AGE_S,
    optionsSuccessStatus: 204,
  });
  return [refuseOthers, headers];
}
