// The caseworker API as an Express app, built from injected clients so tests drive it over real HTTP.
import express from 'express';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Policy } from '../domain/policy/policyTypes';
import type { ApiAuth } from './auth/authConfig';
import { createGuard } from './auth/guard';
import { createTokenVerifier } from './auth/verifier';
import { CaseWorkflows } from '../temporal/caseWorkflows';
import { codecCors } from './codecAccess';
import type { ApiContext } from './context';
import type { Logger as PinoLogger } from '../observability/logger';
import { errorHandler, unknownRoute, type Logger } from './errors';
import { requestLogging } from './logging';
import { ApiMetrics } from './metrics';
import { createRateLimit } from './rateLimit';
import { createPages, type PagesOptions } from './pages/pages';
import { mountRoutes, type Route } from './route';
import { assignmentRoutes } from './routes/assignment';
import { holdRoutes } from './routes/hold';
import { savedFilterRoutes } from './routes/savedFilters';
import { caseRoutes } from './routes/cases';
import { importRoutes } from './routes/imports';
import { decisionPreviewRoutes } from './routes/decisionPreview';
import { decisionProposalRoutes } from './routes/decisionProposal';
import { codecRoutes } from './routes/codec';
import { healthRoutes } from './routes/health';
import { accessLogRoutes } from './routes/accessLog';
import { metricsRoutes } from './routes/metrics';
import { historyRoutes } from './routes/history';
import { jwksRoutes } from './routes/jwks';
import { openApiRoutes } from './routes/openapi';
import { serviceRoutes } from './routes/services';
import { stepKeyHasher } from './stepKeys';
import { statsRoutes } from './routes/stats';
import { stepRoutes } from './routes/steps';
import { representativeRoutes } from './routes/representative';

export interface AppDeps {
  temporal: Client;
  db: Knex;
  policy: Policy;
  /** Who issues the bearer tokens, and the claims to read; required: no route is open by default. */
  auth: ApiAuth;
  /** The Temporal namespace; the client's own when left out. */
  namespace?: string;
  /** The case workflows' task queue; CASE_TASK_QUEUE when left out (tests give each file its own). */
  taskQueue?: string;
  /** Where errors are logged; `log`, else the console, when left out. */
  logger?: Logger;
  /** The codec endpoint (`/api/codec/*`); it decodes with the Temporal client's own codecs. */
  codec?: CodecEndpointOptions;
  /** The access log and error lines (pino); without it no access line is written, but requests still get an X-Request-Id. */
  log?: PinoLogger;
  /** Requests a minute per token (or per client address without one); DEFAULT_RATE_LIMIT_PER_MINUTE when left out. */
  rateLimitPerMinute?: number;
  /** Express's `trust proxy` (TRUST_PROXY): only then are X-Forwarded-For and the like believed for the client's address. */
  trustProxy?: false | number | string[];
  /** How long /metrics reuses the figures it read from PostgreSQL (FIGURES_CACHE_MS when left out). */
  figuresCacheMs?: number;
  /** The office's own pages at `/` (docs/pages.md); their OpenID Connect client for a real issuer. */
  pages?: PagesOptions;
}

export interface CodecEndpointOptions {
  /** Browser origins that may call it (the Temporal Web UI's); none when left out. */
  corsOrigins?: readonly string[];
}

/** Every route of the app, in the order Express matches them. */
export function buildRoutes(ctx: ApiContext, auth: ApiAuth): Route[] {
  const routes: Route[] = [
    ...caseRoutes(ctx),
    ...importRoutes(ctx),
    ...assignmentRoutes(ctx),
    ...holdRoutes(ctx),
    ...savedFilterRoutes(ctx),
    ...decisionPreviewRoutes(ctx),
    ...decisionProposalRoutes(ctx),
    ...stepRoutes(ctx),
    ...representativeRoutes(ctx),
    ...historyRoutes(ctx),
    ...serviceRoutes(),
    ...statsRoutes(ctx),
    ...healthRoutes(ctx),
    ...codecRoutes(ctx),
    ...accessLogRoutes(ctx),
    ...(auth.publicJwks ? jwksRoutes(auth.publicJwks) : []),
    ...metricsRoutes(ctx),
  ];
  routes.push(...openApiRoutes(() => routes));
  return routes;
}

export function createApp(deps: AppDeps): express.Application {
  if (deps.namespace && deps.namespace !== deps.temporal.options.namespace) {
    throw new Error(`The Temporal client is for namespace ${deps.temporal.options.namespace}, not ${deps.namespace}`);
  }
  const rateLimit = createRateLimit(deps.rateLimitPerMinute);
  const verify = createTokenVerifier(deps.auth);
  const guard = createGuard(verify, deps.logger ?? deps.log, [rateLimit]);
  const pages = createPages({ auth: deps.auth, policy: deps.policy, verify, rateLimit, ...(deps.pages ? { options: deps.pages } : {}) });
  const metrics = new ApiMetrics({
    db: deps.db,
    policy: deps.policy,
    ...(deps.figuresCacheMs !== undefined ? { figuresCacheMs: deps.figuresCacheMs } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });
  const ctx: ApiContext = {
    db: deps.db,
    policy: deps.policy,
    workflows: new CaseWorkflows(deps.temporal, deps.taskQueue),
    guard,
    metrics,
    // The endpoint decodes exactly as the API's own client does.
    codec: { codecs: deps.temporal.options.loadedDataConverter.payloadCodecs },
    stepKeyHash: stepKeyHasher(deps.temporal.options.loadedDataConverter.payloadCodecs),
  };
  const app = express();
  app.disable('x-powered-by');
  // Off unless configured: a forwarding header alone never changes who the client is (req.ip).
  app.set('trust proxy', deps.trustProxy ?? false);
  app.set('etag', false);
  // First, so every answer (also a refused body or token) has its request id, its access line and its timing.
  app.use(requestLogging(deps.log));
  app.use(metrics.middleware());
  // CORS before the guard: a browser's preflight carries no token.
  app.use('/api/codec', codecCors(deps.codec?.corsOrigins ?? []));
  // No body parser here: each route parses its body after its token check (api/route.ts).
  app.use((_req, res, next) => {
    // Case data is personal: never cached by a browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(pages.sessionToToken);
  app.use(mountRoutes(buildRoutes(ctx, deps.auth), { guard, rateLimit }));
  // The pages' login and shell: after the API's routes, each path of its own, counted by the rate limit.
  app.use(pages.router);
  // A path the API does not have is counted too (per address: its token is never looked at).
  app.use(rateLimit, unknownRoute);
  app.use(errorHandler(deps.logger ?? deps.log));
  return app;
}
