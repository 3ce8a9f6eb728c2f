import { AsyncLocalStorage } from "node:async_hooks";
import { EventEmitter } from "node:events";
import { Middleware } from "inngest";

const current = new AsyncLocalStorage<AbortSignal>();

/**
 * The signal of the call request the running step belongs to. It aborts when the engine stops waiting for
 * the answer (its time limit, a restart, a lost connection): by then the engine has retried or will retry
 * the step, so work still going on for the old request is superseded and must stop instead of running
 * beside its retry. Undefined outside a request (a step called directly in a test).
 */
export function requestSignal(): AbortSignal | undefined {
  return current.getStore();
}

/** A request closed before its answer was sent: the Web `Request` of Next.js, or Node's `ServerResponse`. */
function closedSignal(args: readonly unknown[]): AbortSignal | undefined {
  const [req, res] = args;
  // Looked for by shape: the Request class of Next's server need not be this module's global one.
  const signal = typeof req === "object" && req !== null && "signal" in req ? req.signal : undefined;
  if (signal instanceof EventTarget && "aborted" in signal) return signal as AbortSignal;
  if (!(res instanceof EventEmitter) || !("writableFinished" in res)) return undefined;
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new Error("The engine stopped waiting for this step"));
  });
  return controller.signal;
}

/** The SDK hands no request signal to steps; this middleware does, through requestSignal(). */
export class RequestSignalMiddleware extends Middleware.BaseMiddleware {
  readonly id = "request-signal";

  override async wrapRequest(args: Middleware.WrapRequestArgs): Promise<Middleware.Response> {
    const signal = closedSignal(args.requestArgs);
    return signal ? current.run(signal, () => args.next()) : args.next();
  }
}
