// The OpenAPI 3.1 document, built from the same route declarations and zod schemas that validate
// requests (z.toJSONSchema), so the document cannot list a route or a field the API does not have.
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from './errors';
import type { Route } from './route';
import { errorBodySchema } from './schemas/common';

type Json = Record<string, unknown>;

export const BEARER_SCHEME = 'bearerAuth';

const ACCESS_REASON_PARAMETER: Json = {
  name: 'X-Access-Reason',
  in: 'header',
  required: false,
  description:
    'Why the case is looked at (e.g. a reference in your own system; no personal data): 1–200 characters, UTF-8. Kept as `reason` in the access log.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};

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

const RETRY_AFTER_HEADER: Json = {
  description: 'Seconds to wait before trying again.',
  schema: { type: 'integer', minimum: 0 },
};
/** The statuses whose answer says when to try again: 429 rate_limited, 503 unavailable. */
const RETRY_AFTER_STATUSES = new Set<number>([ERROR_STATUS.rate_limited, ERROR_STATUS.unavailable]);

/** `/api/cases/:id/letters/:letterId.pdf` → `/api/cases/{id}/letters/{letterId}.pdf` */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

class SchemaConverter {
  readonly components: Record<string, Json> = {};

  /** Converts a schema; named sub-schemas (`.meta({ id })`) become components and are referenced. */
  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const converted = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      override: ({ jsonSchema }) => {
        // A format says it better than zod's long date patterns.
        if (jsonSchema.format === 'date-time' || jsonSchema.format === 'date') delete jsonSchema.pattern;
      },
    }) as Json;
    const { $defs, ...root } = converted;
    delete root.$schema;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, Json>)) {
      const rewritten = rewriteRefs(definition) as Json;
      const existing = this.components[id];
      if (existing && JSON.stringify(existing) !== JSON.stringify(rewritten)) {
        throw new Error(`The schema id ${id} names two different schemas (as ${io}); give one of them another id`);
      }
      this.components[id] = rewritten;
    }
    return rewriteRefs(root) as Json;
  }

  /** A JSON body; optional when none of its fields is required (a step such as `contact`). */
  requestBody(schema: z.ZodType): Json {
    const converted = this.convert(schema, 'input');
    const ref = typeof converted.$ref === 'string' ? converted.$ref.replace('#/components/schemas/', '') : undefined;
    const resolved = ref ? this.components[ref] : converted;
    const required = Array.isArray(resolved?.required) && resolved.required.length > 0;
    return { required, content: { 'application/json': { schema: converted } } };
  }

  /** The properties of an object schema as OpenAPI parameters. */
  parameters(schema: z.ZodType, where: 'path' | 'query'): Json[] {
    const objectSchema = this.convert(schema, 'input');
    const properties = (objectSchema.properties ?? {}) as Record<string, Json>;
    const required = new Set((objectSchema.required ?? []) as string[]);
    return Object.entries(properties).map(([name, property]) => {
      const { description, ...rest } = property;
      return {
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      };
    });
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' ? inner.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(inner),
      ]),
    );
  }
  return value;
}

function errorResponses(codes: readonly ErrorCode[], converter: SchemaConverter): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, 'internal' as const]) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  const errorSchema = converter.convert(errorBodySchema, 'output');
  const responses: Record<string, Json> = {};
  for (const [status, statusCodes] of byStatus) {
    responses[String(status)] = {
      description: statusCodes.map((code) => `\`${code}\`: ${ERROR_WHEN[code]}`).join('; '),
      ...(RETRY_AFTER_STATUSES.has(status) ? { headers: { 'Retry-After': RETRY_AFTER_HEADER } } : {}),
      content: { 'application/json': { schema: errorSchema } },
    };
  }
  return responses;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

export function buildOpenApiDocument(routes: readonly Route[], info: OpenApiInfo): Json {
  const converter = new SchemaConverter();
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const parameters: Json[] = [
      ...(route.params ? converter.parameters(route.params, 'path') : []),
      ...(route.query ? converter.parameters(route.query, 'query') : []),
      ...(route.headers ?? []).map((header) => {
        const { description, ...schema } = converter.convert(header.schema, 'input');
        return { name: header.name, in: 'header', required: header.required ?? false, ...(description ? { description } : {}), schema };
      }),
      ...(route.roles === 'public' ? [] : [ACCESS_REASON_PARAMETER]),
    ];
    const responses: Record<string, Json> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      const contentType = response.contentType ?? 'application/json';
      responses[status] = {
        description: response.description,
        ...(response.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(response.headers).map(([name, header]) => [
                  name,
                  { description: header.description, schema: converter.convert(header.schema, 'output') },
                ]),
              ),
            }
          : {}),
        content: {
          [contentType]: { schema: response.schema ? converter.convert(response.schema, 'output') : { type: 'string', contentMediaType: contentType } },
        },
      };
    }
    const guarded = route.roles !== 'public';
    // Every route is rate limited; every text field refuses NUL and lone surrogates (400).
    const errors: ErrorCode[] = [
      ...(guarded ? (['unauthenticated', 'forbidden'] as const) : []),
      ...(route.body || route.query ? (['validation_failed'] as const) : []),
      ...route.errors,
      'rate_limited',
    ];
    Object.assign(responses, errorResponses(errors, converter));
    const roles = guarded ? `Roles: ${(route.roles as readonly string[]).map((r) => `\`${r}\``).join(', ')}.` : 'Open: no token needed.';
    const operation: Json = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description ? `${route.description}\n\n${roles}` : roles,
      // The roles, machine-readable; the bearer scheme itself is in components.securitySchemes.
      'x-roles': guarded ? [...route.roles] : [],
      security: guarded ? [{ [BEARER_SCHEME]: [] }] : [],
      tags: [route.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body ? { requestBody: converter.requestBody(route.body) } : {}),
      responses,
    };
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: converter.components,
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
  };
}
