// Is a TCP port free on this machine? Checked for every port the launcher will bind, before anything starts.
import net from 'node:net';

function tryListen(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/**
 * True when nothing listens on `port` on any local address. Listening on the IPv6 wildcard
 * collides with a listener on any IPv4 or IPv6 address; without IPv6, the IPv4 wildcard is asked.
 */
export async function isPortFree(port: number): Promise<boolean> {
  const v6 = await tryListen('::', port);
  if (!v6) return true;
  if (v6.code === 'EADDRINUSE' || v6.code === 'EACCES') return false;
  return (await tryListen('0.0.0.0', port)) === undefined;
}

/** Throws one line naming the first port that is taken and the variable that sets it. */
export async function assertPortsFree(ports: Array<{ variable: string; port: number }>): Promise<void> {
  for (const { variable, port } of ports) {
    if (!(await isPortFree(port))) {
      throw new Error(`${variable}: port ${port} is already in use on this machine; stop what uses it or set ${variable} to a free port`);
    }
  }
}
