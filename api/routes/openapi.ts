// `GET /api/openapi.json`: the OpenAPI 3.1 document, from the routes the app serves.
import { z } from 'zod';
import { buildOpenApiDocument } from '../openapi';
import { defineRoute, type Route } from '../route';

export const API_INFO = {
  title: 'Case orchestrator API',
  version: '1.0.0',
  description:
    "Applications for health and care services in Norwegian municipalities: register an application, follow the case, take the caseworker's steps. " +
    'Every error is `{ "error": { "code", "message", "details"? } }`.',
};

/** `routes` is every route of the app, this one included; the document is built once, on first request. */
export function openApiRoutes(routes: () => readonly Route[]): Route[] {
  let document: Record<string, unknown> | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'The OpenAPI 3.1 document of this API',
      tag: 'Operations',
      roles: 'public',
      responses: { 200: { description: 'The document.', schema: z.record(z.string(), z.unknown()).meta({ description: 'An OpenAPI 3.1 document.' }) } },
      errors: [],
      handler: ({ res }) => {
        document ??= buildOpenApiDocument(routes(), API_INFO);
        res.json(document);
      },
    }),
  ];
}
