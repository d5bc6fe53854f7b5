// The OpenAPI 3.1 document, built by zod-openapi from the same route declarations and zod schemas
// that validate requests, so the document cannot list a route or a field the API does not have.
// zod-openapi (not zod's bare z.toJSONSchema) because it knows OpenAPI itself: parameters from an
// object schema, request and response schemas apart (`io`), components from `.meta({ id })`, links.
import { z } from 'zod';
import { createDocument, type ZodOpenApiLinksObject, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { ACCESS_REASON_PATTERN, MAX_ACCESS_REASON } from './auth/guard';
import { DATE_BOUNDS_PATTERN, INSTANT_BOUNDS_PATTERN } from '../domain/calendar/dateBounds';
import { ERROR_STATUS, type ErrorCode } from './errors';
import type { Route } from './route';
import { caseViewSchema } from './schemas/caseView';
import { CASE_STEPS, stepRoute, type CaseStep } from '../domain/case/caseRules';
import { REGISTERED_STATUS, STEP_LEADS_TO } from '../domain/case/stepLeadsTo';
import type { CaseStatus } from '../domain/case/caseTypes';
import { STEP_ALLOWED_FROM } from '../domain/decider';
import { errorBodySchema } from './schemas/common';

type Json = Record<string, unknown>;

export const BEARER_SCHEME = 'bearerAuth';

/** `X-Access-Reason`, as the guard checks it on every guarded route (api/auth/guard.ts). */
const accessReasonHeader = z
  .string()
  .max(MAX_ACCESS_REASON)
  .regex(ACCESS_REASON_PATTERN)
  .meta({
    description: `Why the case is looked at (e.g. a reference in your own system; no personal data): 1–${MAX_ACCESS_REASON} characters after trimming, UTF-8, no control characters (else 400). Kept as \`reason\` in the access log.`,
  });

const ERROR_WHEN: Record<ErrorCode, string> = {
  validation_failed: 'the request is malformed or breaks a rule; `details` names each field',
  unauthenticated: 'no bearer token, or one that is not valid (with `WWW-Authenticate: Bearer`)',
  forbidden: "the token's roles or municipalities do not allow the request (the codec endpoint: also an origin CODEC_CORS_ORIGINS does not list)",
  not_found: "no such case (or letter), or a case of a municipality outside the token's",
  invalid_transition: "the step is not allowed in the case's status; the message says the status and what is allowed",
  case_closed: 'the case is closed',
  advance_notice_required:
    'a re-evaluation that reduces or ends a service before an advance notice (forhåndsvarsel, fvl § 16) has gone out and its deadline for comments has passed; give `urgent` where § 16 third paragraph allows it',
  no_representative: 'DELETE /api/cases/{id}/representative on a case that has no representative',
  payload_too_large: 'the body is larger than 100 kB (4 MB on the codec endpoint)',
  rate_limited: 'more requests than RATE_LIMIT_PER_MINUTE (default 1200) in a minute from this token (or, without a valid token, this address); `Retry-After` says in how many seconds to try again',
  internal: 'an error on our side; no details are shown',
  unavailable: 'Temporal or the database cannot be reached; the request may be retried',
};

const RETRY_AFTER_HEADER = { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } } as const;
/** The statuses whose answer says when to try again: 429 rate_limited, 503 unavailable. */
const RETRY_AFTER_STATUSES = new Set<number>([ERROR_STATUS.rate_limited, ERROR_STATUS.unavailable]);

const CASE_PATH = /^\/api\/cases\/:id(\/|$)/;

/** `/api/cases/:id/letters/:letterId.pdf` → `/api/cases/{id}/letters/{letterId}.pdf` */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/**
 * The error codes a route can answer with, besides its own: every route is rate limited (429) and
 * may fail (500); a guarded one checks the token (401), the roles (403) and X-Access-Reason (400);
 * a body, a query or a header of its own is validated (400), and a body may be too large (413).
 */
function errorCodesOf(route: Route): ErrorCode[] {
  const guarded = route.roles !== 'public';
  return [
    ...(guarded ? (['unauthenticated', 'forbidden', 'validation_failed'] as const) : []),
    ...(route.body || route.query || route.headers?.length ? (['validation_failed'] as const) : []),
    ...(route.body ? (['payload_too_large'] as const) : []),
    ...route.errors,
    'rate_limited',
    'internal',
  ];
}

function errorResponses(codes: readonly ErrorCode[]): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[`${status}` as `4${string}`] = {
      description: statusCodes.map((code) => `\`${code}\`: ${ERROR_WHEN[code]}`).join('; '),
      ...(RETRY_AFTER_STATUSES.has(status) ? { headers: { 'Retry-After': RETRY_AFTER_HEADER } } : {}),
      content: { 'application/json': { schema: errorBodySchema } },
    };
  }
  return responses;
}

/** The headers a route reads, then X-Access-Reason on a guarded one, as one object schema. */
function headerParams(route: Route): z.ZodObject | undefined {
  const shape: Record<string, z.ZodType> = {};
  for (const header of route.headers ?? []) shape[header.name] = header.required ? header.schema : header.schema.optional();
  if (route.roles !== 'public') shape['X-Access-Reason'] = accessReasonHeader.optional();
  return Object.keys(shape).length > 0 ? z.object(shape) : undefined;
}

/** The step of the law a route takes (`POST /api/cases/:id/<step>`, domain/case/caseRules.ts), if it takes one. */
function stepOf(route: Route): CaseStep | undefined {
  return CASE_STEPS.find((step) => {
    const { method, path } = stepRoute(step);
    return route.method === method && route.path === `/api/cases/:id/${path}`;
  });
}

/**
 * Where the case in this answer can stand: after a registration (a 201 that is the case) received;
 * after a step, where it leads (STEP_LEADS_TO); any other answer that is the case
 * (`GET /api/cases/{id}`) may show it in any status (undefined).
 */
function statusesOf(route: Route, status: string): readonly CaseStatus[] | undefined {
  if (route.method === 'post' && status === '201') return [REGISTERED_STATUS];
  const step = stepOf(route);
  return step ? STEP_LEADS_TO[step] : undefined;
}

/**
 * From an answer that is the case (POST /api/cases's 201, GET /api/cases/{id}, every step's 200) to
 * the operations on it: the case's id is the answer's `id`. To a step only where the case can stand
 * in a status that allows it (STEP_ALLOWED_FROM): a link to a step the status refuses (409) would
 * point a client at a dead end. A stateful client (Schemathesis) follows them to walk a case through
 * its life, one answer to the next.
 */
function caseLinks(routes: readonly Route[], statuses: readonly CaseStatus[] | undefined): ZodOpenApiLinksObject {
  const links: ZodOpenApiLinksObject = {};
  for (const route of routes) {
    if (!CASE_PATH.test(route.path) || route.path.includes(':letterId')) continue;
    const step = stepOf(route);
    if (step && statuses && !STEP_ALLOWED_FROM[step].some((status) => statuses.includes(status))) continue;
    links[route.operationId] = {
      operationId: route.operationId,
      parameters: { id: '$response.body#/id' },
      description: `${route.summary}, on this case.`,
    };
  }
  return links;
}

/** From a case's letters to each letter's PDF (the first one listed). */
function letterLinks(routes: readonly Route[]): ZodOpenApiLinksObject {
  const pdf = routes.find((route) => route.path.includes(':letterId'));
  return pdf ? { [pdf.operationId]: { operationId: pdf.operationId, parameters: { id: '$request.path.id', letterId: '$response.body#/items/0/id' }, description: 'The first letter as a PDF.' } } : {};
}

function operationOf(route: Route, routes: readonly Route[]): ZodOpenApiOperationObject {
  const guarded = route.roles !== 'public';
  const step = stepOf(route);
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const contentType = response.contentType ?? 'application/json';
    const links =
      response.schema === caseViewSchema ? caseLinks(routes, statusesOf(route, status)) : route.path.endsWith('/letters') ? letterLinks(routes) : undefined;
    responses[status as `2${string}`] = {
      description: response.description,
      ...(response.headers ? { headers: z.object(Object.fromEntries(Object.entries(response.headers).map(([name, header]) => [name, header.schema.meta({ description: header.description })]))) } : {}),
      content: { [contentType]: { schema: response.schema ?? { type: 'string', contentMediaType: contentType } } },
      ...(links && Object.keys(links).length > 0 ? { links } : {}),
    };
  }
  Object.assign(responses, errorResponses(errorCodesOf(route)));
  const roles = guarded ? `Roles: ${(route.roles as readonly string[]).map((r) => `\`${r}\``).join(', ')}.` : 'Open: no token needed.';
  const header = headerParams(route);
  const requestParams = {
    ...(route.params ? { path: route.params } : {}),
    ...(route.query ? { query: route.query } : {}),
    ...(header ? { header } : {}),
  };
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description ? `${route.description}\n\n${roles}` : roles,
    // The roles, machine-readable; the bearer scheme itself is in components.securitySchemes.
    'x-roles': guarded ? [...route.roles] : [],
    // A step's statuses, machine-readable (STEP_ALLOWED_FROM): in any other it is refused with 409.
    ...(step ? { 'x-allowed-from': [...STEP_ALLOWED_FROM[step]] } : {}),
    security: guarded ? [{ [BEARER_SCHEME]: [] }] : [],
    tags: [route.tag],
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(route.body
      ? {
          requestBody: {
            // A body whose fields are all optional (a step such as `contact`) may be left out: the API reads none as `{}`.
            required: !(route.body as z.ZodType).safeParse({}).success,
            content: { 'application/json': { schema: route.body, ...(route.bodyExample !== undefined ? { examples: { [route.operationId]: { summary: route.summary, value: route.bodyExample } } } : {}) } },
          },
        }
      : {}),
    responses,
  };
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

export function buildOpenApiDocument(routes: readonly Route[], info: OpenApiInfo): Json {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route, routes) };
  }
  const document = createDocument(
    {
      openapi: '3.1.0',
      info: { ...info },
      jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
      paths,
      components: {
        securitySchemes: {
          [BEARER_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              "A JWT signed with RS256 or ES256 by the issuer's JWKS (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL), carrying `sub`, " +
              'the roles (`caseworker`, `manager`, `auditor`) and the municipality keys in the claims AUTH_ROLES_CLAIM and AUTH_MUNICIPALITIES_CLAIM.',
          },
        },
      },
    },
    {
      override: ({ jsonSchema, io }) => {
        // A format says it better than zod's long date patterns; what the format cannot say is the
        // bounds every date the API takes must lie within (domain/calendar/dateBounds.ts).
        if (jsonSchema.format === 'date-time' || jsonSchema.format === 'date') {
          delete jsonSchema.pattern;
          if (io === 'input') jsonSchema.pattern = jsonSchema.format === 'date' ? DATE_BOUNDS_PATTERN : INSTANT_BOUNDS_PATTERN;
        }
      },
      // A refinement (a checksum, "in the future") is not JSON Schema: its field is documented without it.
      allowEmptySchema: { custom: true },
    },
  );
  hoistParameterDescriptions(document.paths ?? {});
  return document as unknown as Json;
}

/** A parameter's description on the parameter, where a reader (and a docs generator) looks for it, not in its schema. */
function hoistParameterDescriptions(paths: object): void {
  for (const item of Object.values(paths) as Record<string, { parameters?: { description?: string; schema?: { description?: string } }[] }>[]) {
    for (const operation of Object.values(item)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.description === undefined && parameter.schema?.description !== undefined) {
          parameter.description = parameter.schema.description;
          delete parameter.schema.description;
        }
      }
    }
  }
}
