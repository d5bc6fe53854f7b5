// Runs the API: a lazy Temporal connection (the API starts while Temporal is down and recovers when it
// returns), the database, the policy; listens, and closes all of it on close().
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { PayloadKeySet } from '../codec/keys';
import { loadPolicy } from '../config/policy';
import type { HttpSettings } from '../config/settings';
import { createDb } from '../db/knex';
import { rootLogger, type Logger } from '../observability/logger';
import { createApp, type CodecEndpointOptions } from './app';
import type { PagesOptions } from './pages/pages';
import type { ApiAuth } from './auth/authConfig';
import { createTemporalClient } from '../temporal/client';
import { resolveTemporalConnection } from '../config/temporalConnection';
import type { TemporalConnectionOptions } from '../config/temporalConnection';
import { databasePayloadOwners } from '../db/payloadOwners';

const CLOSE_GRACE_MS = 5_000;

export interface StartApiOptions {
  /** 0 picks a free port. */
  port: number;
  temporalAddress: string;
  namespace: string;
  /** TLS, API key, metadata (settings.temporalConnection). */
  temporalConnection?: TemporalConnectionOptions;
  databaseUrl: string;
  policyFile?: string;
  /** Who issues the tokens the API accepts (authFromSettings). */
  auth: ApiAuth;
  /** The case workflows' task queue; CASE_TASK_QUEUE when left out. */
  taskQueue?: string;
  /** Address to listen on; all interfaces when left out. */
  host?: string;
  payloadKeys: PayloadKeySet;
  /** The codec endpoint's browser origins. */
  codec?: CodecEndpointOptions;
  /** The access log and error lines; the process's logger (LOG_FORMAT) when left out. */
  log?: Logger;
  /** RATE_LIMIT_PER_MINUTE and TRUST_PROXY; their defaults when left out. */
  http?: HttpSettings;
  /** The office's pages: their OpenID Connect client and the Temporal Web UI they link to. */
  pages?: PagesOptions;
}

export interface RunningApi {
  /** http://host:port of the API. */
  url: string;
  close(): Promise<void>;
}

export async function startApi(opts: StartApiOptions): Promise<RunningApi> {
  // A broken policy file stops the start here, with the file and the key named.
  const policy = loadPolicy(opts.policyFile);
  const { options: connection, tokens } = await resolveTemporalConnection(opts.temporalConnection);
  const db = createDb(opts.databaseUrl);
  const temporal = createTemporalClient({ address: opts.temporalAddress, namespace: opts.namespace, payloadKeys: opts.payloadKeys, payloadOwners: databasePayloadOwners(db), connection, ...(tokens ? { tokens } : {}) });
  const app = createApp({ temporal, db, policy, auth: opts.auth, namespace: opts.namespace, taskQueue: opts.taskQueue, codec: opts.codec, ...(opts.pages ? { pages: opts.pages } : {}), log: opts.log ?? rootLogger().child({ component: 'api' }), ...(opts.http ? { rateLimitPerMinute: opts.http.rateLimitPerMinute, trustProxy: opts.http.trustProxy } : {}) });

  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = opts.host ? app.listen(opts.port, opts.host, () => resolve(s)) : app.listen(opts.port, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    tokens?.stop();
    await Promise.allSettled([temporal.connection.close(), db.destroy()]);
    throw err;
  }
  // Keep-alive sockets must not hold close() open.
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '::' && opts.host !== '0.0.0.0' ? opts.host : 'localhost';

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // A request still waiting on Temporal gets a few seconds to finish, then its socket is closed.
          setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        });
        tokens?.stop();
        await Promise.allSettled([temporal.connection.close(), db.destroy()]);
      })();
      return closing;
    },
  };
}
