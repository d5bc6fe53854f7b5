// The route a request matched, as its pattern (`/api/cases/:id/letters/:letterId.pdf`): what metrics
// and log lines name, so no label or field carries a case's id. Express keeps `req.route` after the
// handler, also when it threw.
import type { Request } from 'express';

export function routePattern(req: Request): string | undefined {
  const route = (req as { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl ?? ''}${route.path}` : undefined;
}
