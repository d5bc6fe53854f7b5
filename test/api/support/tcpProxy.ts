// A TCP proxy in front of a real server, so a test can take the server "down" (refuse and cut every
// connection) and bring it back on the same port, without touching the shared server itself.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Cuts every connection and stops listening: the server looks down. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((incoming) => {
        const outgoing = net.connect(target.port, target.host);
        sockets.add(incoming);
        sockets.add(outgoing);
        const drop = () => {
          incoming.destroy();
          outgoing.destroy();
          sockets.delete(incoming);
          sockets.delete(outgoing);
        };
        incoming.on('error', drop).on('close', drop);
        outgoing.on('error', drop).on('close', drop);
        incoming.pipe(outgoing).pipe(incoming);
      });
      s.once('error', reject);
      s.listen({ host: '127.0.0.1', port }, () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const down = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    get port() {
      return port;
    },
    down,
    up: listen,
    close: down,
  };
}
