// A route is declared once: its path, its schemas and its handler. The same declaration mounts it on
// Express (validating params, query, headers and body) and describes it in the OpenAPI document.
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Guard } from './auth/guard';
import type { Role } from './auth/roles';
import { ApiError, type ErrorCode } from './errors';
import { parseOrNotFound, parseOrThrow, unsafeTextProblems } from './validation';

type AnyObject = z.ZodType<Record<string, unknown>>;

export interface HeaderSpec {
  /** As HTTP writes it, e.g. `Idempotency-Key`. */
  name: string;
  schema: z.ZodType<string>;
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  /** JSON body; leave out with `contentType` for a binary body. */
  schema?: z.ZodType;
  contentType?: string;
  headers?: Record<string, { description: string; schema: z.ZodType }>;
}

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Validated header values, by the names given in `headers`. */
  headers: Record<string, string | undefined>;
  req: Request;
  res: Response;
}

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  method: 'get' | 'post' | 'delete';
  /** Express path, e.g. `/api/cases/:id/letters/:letterId.pdf`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Who may call it: the roles (any one of them will do), or `public` for the few open routes. Never left out. */
  roles: readonly Role[] | 'public';
  /** Path parameters; a value that does not parse names nothing, so it answers 404. */
  params?: P;
  /** Query parameters; one that may be sent empty (`?status=`) declares it with queryParam (schemas/common.ts). */
  query?: Q;
  body?: B;
  /** A worked body for the OpenAPI document (`examples`); a test checks that the body schema accepts it. */
  bodyExample?: z.input<B>;
  /** The largest body it takes (express.json's `limit`); BODY_LIMIT when left out. */
  bodyLimit?: string;
  headers?: HeaderSpec[];
  responses: Record<number, ResponseSpec>;
  /** The error codes this route can answer with besides `internal`, documented from the one list in errors.ts. */
  errors: ErrorCode[];
  handler(input: HandlerInput<z.output<P>, z.output<Q>, z.output<B>>): void | Promise<void>;
}

// The handler is checked against its own schemas where the route is declared; the list only carries it.
export type Route = RouteSpec<any, any, any>;

export function defineRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): Route {
  return spec;
}

/** Bodies above this are refused with 413 (after the token check) before anything parses them. */
export const BODY_LIMIT = '100kb';

export interface RouteGuards {
  /** The token and role check of a non-public route. */
  guard: Guard;
  /** The rate limit of a public route (a guarded one has it inside its guard). */
  rateLimit: RequestHandler;
}

function hasBody(req: Request): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  return length > 0 || req.headers['transfer-encoding'] !== undefined;
}

function readBody(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  if (hasBody(req)) {
    throw ApiError.validation(
      [{ field: 'body', message: 'Send the body as JSON with Content-Type: application/json.' }],
      'The body must be JSON (Content-Type: application/json).',
    );
  }
  // A step whose fields are all optional may be posted with no body at all.
  return {};
}

export function mountRoutes(routes: readonly Route[], { guard, rateLimit }: RouteGuards): Router {
  const router = Router();
  for (const route of routes) {
    // The token and its role are checked before anything about the request is looked at; the body
    // is read and parsed only after that, so a caller without a valid token never has it parsed.
    const guards: RequestHandler[] = route.roles === 'public' ? [rateLimit] : guard(route.roles);
    const parse: RequestHandler[] = route.body ? [express.json({ limit: route.bodyLimit ?? BODY_LIMIT })] : [];
    router[route.method](route.path, ...guards, ...parse, async (req: Request, res: Response) => {
      const params = route.params ? parseOrNotFound(route.params, req.params) : {};
      const headers: Record<string, string | undefined> = {};
      const problems: ApiError[] = [];
      for (const header of route.headers ?? []) {
        const value = req.get(header.name);
        if (value === undefined) {
          if (header.required) problems.push(ApiError.validation([{ field: header.name, message: 'Required.' }]));
          continue;
        }
        try {
          headers[header.name] = parseOrThrow(header.schema, value, header.name);
        } catch (err) {
          problems.push(err as ApiError);
        }
      }
      let query: unknown = {};
      let body: unknown = undefined;
      // Text no field may hold (NUL, lone surrogates), wherever it is: refused before any schema looks at it.
      const badText = [...unsafeTextProblems(req.query), ...(route.body && req.body !== undefined ? unsafeTextProblems(req.body) : [])];
      if (badText.length > 0) throw ApiError.validation(badText);
      try {
        query = route.query ? parseOrThrow(route.query, req.query) : {};
      } catch (err) {
        problems.push(err as ApiError);
      }
      try {
        body = route.body ? parseOrThrow(route.body, readBody(req)) : undefined;
      } catch (err) {
        problems.push(err as ApiError);
      }
      // One answer names every bad field, wherever it is.
      if (problems.length > 0) throw ApiError.validation(problems.flatMap((p) => p.details ?? []));
      await route.handler({ params, query, body, headers, req, res });
    });
  }
  return router;
}
