// A TCP proxy in front of PostgreSQL, for outage tests: `cut()` drops every connection and refuses
// new ones (the database "goes away" as in a restart or a network partition), `restore()` lets
// connections through again on the same port.
import net from 'node:net';

export type TcpProxy = { port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> };

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let port = 0;
  let server: net.Server | null = null;

  const listen = async () => {
    const next = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => next.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    port = (next.address() as net.AddressInfo).port;
    server = next;
  };
  const stop = async () => {
    const current = server;
    server = null;
    for (const s of sockets) s.destroy();
    sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return { get port() { return port; }, cut: stop, restore: listen, close: stop };
}
