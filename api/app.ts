// The caseworker API as an Express app, built from injected clients so tests drive it over real HTTP.
import express from 'express';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Policy } from '../domain/policyTypes';
import type { ApiAuth } from './auth/authConfig';
import { createGuard } from './auth/guard';
import { createTokenVerifier } from './auth/verifier';
import { CaseWorkflows } from './caseWorkflow';
import type { ApiContext } from './context';
import { errorHandler, unknownRoute, type Logger } from './errors';
import { mountRoutes, type Route } from './route';
import { caseRoutes } from './routes/cases';
import { healthRoutes } from './routes/health';
import { accessLogRoutes } from './routes/accessLog';
import { historyRoutes } from './routes/history';
import { jwksRoutes } from './routes/jwks';
import { openApiRoutes } from './routes/openapi';
import { serviceRoutes } from './routes/services';
import { statsRoutes } from './routes/stats';
import { stepRoutes } from './routes/steps';

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
  logger?: Logger;
}

/** Bodies above this are refused with 413 before anything reads them. */
export const BODY_LIMIT = '100kb';

/** Every route of the app, in the order Express matches them. */
export function buildRoutes(ctx: ApiContext, auth: ApiAuth): Route[] {
  const routes: Route[] = [
    ...caseRoutes(ctx),
    ...stepRoutes(ctx),
    ...historyRoutes(ctx),
    ...serviceRoutes(),
    ...statsRoutes(ctx),
    ...healthRoutes(ctx),
    ...accessLogRoutes(ctx),
    ...(auth.publicJwks ? jwksRoutes(auth.publicJwks) : []),
  ];
  routes.push(...openApiRoutes(() => routes));
  return routes;
}

export function createApp(deps: AppDeps): express.Application {
  if (deps.namespace && deps.namespace !== deps.temporal.options.namespace) {
    throw new Error(`The Temporal client is for namespace ${deps.temporal.options.namespace}, not ${deps.namespace}`);
  }
  const guard = createGuard(createTokenVerifier(deps.auth), deps.logger);
  const ctx: ApiContext = { db: deps.db, policy: deps.policy, workflows: new CaseWorkflows(deps.temporal, deps.taskQueue), guard };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use((_req, res, next) => {
    // Case data is personal: never cached by a browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(mountRoutes(buildRoutes(ctx, deps.auth), guard));
  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}
