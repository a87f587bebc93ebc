import net, { createServer } from 'node:net';

/**
 * A TCP port that was free a moment ago: bind port 0 on `host`, read the port, close. Another process
 * could take it before the caller binds; tests accept that small race for real sockets.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once('error', rejectPort);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * This thread's listeners and accepted sockets on local `port` (servers and sockets another thread
 * holds are not among them): what the broker's HTTP endpoints must not leave in the broker's thread.
 */
export function handlesOnPort(port: number): (net.Server | net.Socket)[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h): h is net.Server | net.Socket =>
    h instanceof net.Server ? (h.address() as net.AddressInfo | null)?.port === port : h instanceof net.Socket && h.localPort === port,
  );
}
