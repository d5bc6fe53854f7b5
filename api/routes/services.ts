// `GET /api/services`: the service catalogue a caseworker picks codes from.
import { SERVICE_CATALOGUE } from '../../domain/policy/catalogue';
import { defineRoute, type Route } from '../route';
import { serviceListSchema } from '../schemas/services';

export function serviceRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/services',
      operationId: 'listServices',
      summary: 'The service catalogue',
      description: 'Each service: its code, Norwegian name, legal basis, whether it is statutory, and which appeal body hears an appeal.',
      tag: 'Catalogue',
      roles: 'public',
      responses: { 200: { description: 'Every service.', schema: serviceListSchema } },
      errors: [],
      handler: ({ res }) => {
        res.json({
          items: SERVICE_CATALOGUE.map(({ code, name, legalBasis, statutory, appealBody }) => ({ code, name, legalBasis, statutory, appealBody })),
        });
      },
    }),
  ];
}
