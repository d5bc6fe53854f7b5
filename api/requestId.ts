// The request id the access log (api/logging.ts) gives every request, read back by the error handler.
// A module of its own: the error handler importing the access log closed an import circle.
import type { Request } from 'express';

/** The request id of a request the access log has seen. */
export function requestId(req: Request): string | undefined {
  const id = (req as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
