// `GET /.well-known/jwks.json`: the embedded issuer's public signing keys, for anyone who verifies its
// tokens (served only when the API is its own issuer; public keys only).
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { defineRoute, type Route } from '../route';

export const JWKS_PATH = '/.well-known/jwks.json';

export function jwksRoutes(jwks: JSONWebKeySet): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: JWKS_PATH,
      operationId: 'getSigningKeys',
      summary: "The embedded token issuer's public keys (JWKS)",
      description: 'Only when no AUTH_* setting names another issuer: the keys that sign the tokens of `npm run token`.',
      tag: 'Operations',
      roles: 'public',
      responses: { 200: { description: 'The key set.', schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'Jwks' }) } },
      errors: [],
      handler: ({ res }) => {
        res.json(jwks);
      },
    }),
  ];
}
