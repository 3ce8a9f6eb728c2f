/**
 * How the workers' primary hands out calls. Node's cluster spreads connections round robin, blind to what
 * each process is doing, and a client that keeps connections alive (the engine does) sends later calls down
 * whichever one it has: two partitions of one export often ran in one process while the other core idled.
 * So the primary accepts every connection itself and passes it to the worker with the fewest calls in hand,
 * and a worker answers each call with `Connection: close`, so each call is a connection of its own and is
 * placed afresh. A connection is one call: on this machine's loopback, or behind the load balancer in front
 * of the workers in production, opening one costs far less than a step.
 */
import net from "node:net";
import http from "node:http";
import cluster, { type Worker } from "node:cluster";

const CONNECTION = "portal:connection";
const CLOSED = "portal:closed";
const READY = "portal:ready";

type Message = { kind: typeof CONNECTION | typeof CLOSED | typeof READY };
const isMessage = (m: unknown, kind: Message["kind"]): boolean => typeof m === "object" && m !== null && (m as Message).kind === kind;

/** The worker with the fewest calls in hand; among equals, the one after the last chosen, so idle workers take turns. */
export function leastBusy<T>(workers: T[], inHand: (w: T) => number, last: number): number {
  let best = -1;
  for (let k = 1; k <= workers.length; k++) {
    const i = (last + k) % workers.length;
    const w = workers[i];
    if (w !== undefined && (best < 0 || inHand(w) < inHand(workers[best]))) best = i;
  }
  return best;
}

export interface Dispatcher {
  /** Resolves once the port is open. */
  listening: Promise<void>;
  /** Workers that said they are ready to take calls. */
  ready(): Worker[];
  onReady(listener: () => void): void;
  close(): void;
}

/** The primary's side: one listening socket, each connection passed to the least busy ready worker. */
export function dispatchConnections(port: number, host: string | undefined, workers: () => Worker[]): Dispatcher {
  const inHand = new Map<number, number>();
  const readyIds = new Set<number>();
  const waiting: net.Socket[] = [];
  const listeners: Array<() => void> = [];
  let last = -1;
  const ready = () => workers().filter((w) => readyIds.has(w.id) && w.isConnected());

  function place(socket: net.Socket) {
    const candidates = ready();
    if (candidates.length === 0) {
      // Between a worker's death and its replacement's start: the call waits instead of failing.
      waiting.push(socket);
      return;
    }
    last = leastBusy(candidates, (w) => inHand.get(w.id) ?? 0, last);
    const worker = candidates[last];
    inHand.set(worker.id, (inHand.get(worker.id) ?? 0) + 1);
    worker.send({ kind: CONNECTION }, socket, (error) => {
      if (!error) return;
      inHand.set(worker.id, Math.max(0, (inHand.get(worker.id) ?? 1) - 1));
      socket.destroy();
    });
  }

  cluster.on("message", (w: Worker, m: unknown) => {
    if (isMessage(m, CLOSED)) inHand.set(w.id, Math.max(0, (inHand.get(w.id) ?? 1) - 1));
    else if (isMessage(m, READY)) {
      readyIds.add(w.id);
      for (const s of waiting.splice(0)) place(s);
      for (const l of listeners) l();
    }
  });
  cluster.on("exit", (w: Worker) => (readyIds.delete(w.id), inHand.delete(w.id)));

  const server = net.createServer({ pauseOnConnect: true }, place);
  const listening = new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    listening,
    ready,
    onReady: (l) => void listeners.push(l),
    close: () => server.close(),
  };
}

/** The worker's side: connections the primary passes are served by `listener` (the worker listens on no port itself), one call each. */
export function serveDispatched(listener: http.RequestListener): { drain(): Promise<void> } {
  let open = 0;
  let drained: (() => void) | undefined;
  const answered = new WeakMap<net.Socket, () => void>();
  const server = http.createServer((req, res) => {
    res.setHeader("Connection", "close");
    res.once("finish", () => answered.get(req.socket)?.());
    return listener(req, res);
  });
  process.on("message", (m: unknown, handle: unknown) => {
    if (!isMessage(m, CONNECTION) || !(handle instanceof net.Socket)) return;
    open++;
    // The call is out of hand once its answer is written, before the engine has read it: the engine's next
    // call (often right after) must find this worker free, which the socket's later close would not say in time.
    let reported = false;
    const report = () => {
      if (reported) return;
      reported = true;
      process.send?.({ kind: CLOSED });
    };
    handle.once("close", () => {
      report();
      open--;
      if (open === 0) drained?.();
    });
    answered.set(handle, report);
    server.emit("connection", handle);
    handle.resume();
  });
  process.send?.({ kind: READY });
  return {
    drain: () => (server.closeIdleConnections(), open === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve))),
  };
}
