// Starts a local national service's HTTP server on a port (0: any free one) and closes it cleanly.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface LocalServer {
  /** e.g. http://127.0.0.1:40123, without a trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(handler: RequestListener, opts: { host?: string; port?: number } = {}): Promise<LocalServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
