import net from "node:net";

/**
 * When nothing listens on a local port in the kernel's ephemeral range, a reconnect loop can be handed that
 * very port as its own and "connect" to itself (TCP simultaneous open). It then holds the port, and the
 * database cannot come back on it. Every database connection of the portal and the engine refuses that.
 */
export function reachedItself(socket: net.Socket): boolean {
  return socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress;
}

const selfConnectError = (host: string, port: number) =>
  new Error(`The connection to ${host}:${port} reached itself (nothing listens there); refused so the port stays free for the database`);

/** Opens a TCP connection and refuses one that reached itself. */
export function connectRefusingSelf(target: { host: string; port: number; localPort?: number; timeoutMs?: number }): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port, localPort: target.localPort });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(target.timeoutMs ?? 30_000, () => fail(new Error(`connecting to ${target.host}:${target.port} timed out`)));
    socket.once("error", fail);
    socket.once("connect", () => {
      socket.setTimeout(0);
      socket.off("error", fail);
      if (reachedItself(socket)) fail(selfConnectError(target.host, target.port));
      else resolve(socket);
    });
  });
}

/** What postgres.js hands a `socket` option: its parsed connection settings. */
interface SocketTarget {
  host: string[];
  port: number[];
  path?: string | false;
  connect_timeout?: number;
}

/** postgres.js's `socket` option: every connection, reconnects included, goes through connectRefusingSelf. */
export function refuseSelfConnect(options: SocketTarget): Promise<net.Socket> {
  if (options.path) {
    const path = options.path;
    return new Promise((resolve, reject) => {
      const socket = net.connect(path);
      socket.once("connect", () => resolve(socket)).once("error", reject);
    });
  }
  return connectRefusingSelf({ host: options.host[0] ?? "localhost", port: options.port[0] ?? 5432, timeoutMs: (options.connect_timeout ?? 30) * 1000 });
}

/** Adds the guard to a postgres.js pool's options (postgres.js accepts `socket` but does not declare it). */
export function guarded<T extends object>(options: T): T & { socket: typeof refuseSelfConnect } {
  return { ...options, socket: refuseSelfConnect };
}

/**
 * node-postgres's `stream` option (graphile-worker's pools): a socket that node-postgres connects itself, and
 * that destroys itself with the same error when the connection reached itself.
 */
export function selfRefusingStream(): net.Socket {
  const socket = new net.Socket();
  socket.prependOnceListener("connect", () => {
    if (reachedItself(socket)) socket.destroy(selfConnectError(socket.remoteAddress ?? "?", socket.remotePort ?? 0));
  });
  return socket;
}
