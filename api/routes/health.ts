// `GET /api/health`: 200 when the API reaches Temporal and the database, 503 naming the part that fails.
import type { ApiContext } from '../context';
import { defineRoute, type Route } from '../route';
import { healthSchema } from '../schemas/health';

const DATABASE_DEADLINE_MS = 3_000;

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function answers(check: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await check();
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

export function healthRoutes(ctx: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      operationId: 'getHealth',
      summary: 'Whether the API can reach Temporal and the database',
      tag: 'Operations',
      roles: 'public',
      responses: {
        200: { description: 'Both answer.', schema: healthSchema },
        503: { description: 'Temporal or the database does not answer; the failing part is named.', schema: healthSchema },
      },
      errors: [],
      handler: async ({ res }) => {
        const [temporal, database] = await Promise.all([
          answers(() => ctx.workflows.ping()),
          answers(() => within(DATABASE_DEADLINE_MS, ctx.db.raw('select 1'))),
        ]);
        const ok = temporal === 'ok' && database === 'ok';
        res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', temporal, database });
      },
    }),
  ];
}
