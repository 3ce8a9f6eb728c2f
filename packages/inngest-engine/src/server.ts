import http from "node:http";
import { z } from "zod";
import { parseRegistration, RegistrationError } from "./config";
import { withTx, type EngineContext } from "./db";
import { ingestEvents, type IncomingEvent } from "./ingest";
import { registerApp } from "./register";
import { hashSigningKey, safeEqual } from "./signature";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const eventSchema = z.looseObject({
  name: z.string().min(1, "every event needs a name"),
  data: z.record(z.string(), z.unknown()).nullish(),
  id: z.string().nullish(),
  ts: z.number().int().positive().nullish(),
  user: z.record(z.string(), z.unknown()).nullish(),
  v: z.string().nullish(),
});

export function createEngineServer(ctx: EngineContext): http.Server {
  return http.createServer((req, res) => {
    route(ctx, req)
      .then(({ status, body }) => send(res, status, body))
      .catch((error: unknown) => {
        if (error instanceof HttpError) return send(res, error.status, { error: error.message, status: error.status });
        ctx.log(`http ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
        send(res, 500, { error: "internal error in the Inngest engine", status: 500 });
      });
  });
}

async function route(ctx: EngineContext, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? "/", "http://engine.local");
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (req.method === "GET" && path === "/health") return health(ctx);
  if (req.method === "POST" && path === "/fn/register") return register(ctx, req);
  const eventKey = /^\/e\/([^/]+)$/.exec(path)?.[1];
  if (req.method === "POST" && eventKey !== undefined) return receiveEvents(ctx, req, decodeURIComponent(eventKey));
  if (req.method === "GET" && path === "/v0/runs") return listRuns(ctx, req, url);
  throw new HttpError(404, `No route for ${req.method} ${path}`);
}

async function health(ctx: EngineContext): Promise<{ status: number; body: unknown }> {
  try {
    await ctx.sql`select 1`;
    return { status: 200, body: { status: "ok", database: true } };
  } catch {
    return { status: 503, body: { status: "error", database: false } };
  }
}

/** The SDK authenticates a sync with `Authorization: Bearer <hashed signing key>` (SDK_SPEC 4.1.4). */
function requireSigningKey(ctx: EngineContext, req: http.IncomingMessage): void {
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim() ?? "";
  if (!token || !safeEqual(token, hashSigningKey(ctx.signingKey))) {
    throw new HttpError(401, "Invalid or missing signing key: the app's INNGEST_SIGNING_KEY must match the engine's");
  }
}

async function register(ctx: EngineContext, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  requireSigningKey(ctx, req);
  const body = await readJson(req);
  let app;
  try {
    app = parseRegistration(body);
  } catch (error) {
    if (!(error instanceof RegistrationError)) throw error;
    ctx.log(`sync refused: ${error.message}`);
    // The SDK reads `status` and `error` from the body and answers the PUT with them.
    return { status: 400, body: { status: 400, error: error.message } };
  }
  const { modified } = await registerApp(ctx, app);
  return { status: 200, body: { ok: true, status: 200, modified } };
}

async function receiveEvents(ctx: EngineContext, req: http.IncomingMessage, key: string): Promise<{ status: number; body: unknown }> {
  if (!safeEqual(key, ctx.eventKey)) throw new HttpError(401, "Event key not found");
  const body = await readJson(req);
  const parsed = z.array(eventSchema).safeParse(Array.isArray(body) ? body : [body]);
  if (!parsed.success) throw new HttpError(400, `Invalid event: ${z.prettifyError(parsed.error)}`);
  const events: IncomingEvent[] = parsed.data.map((event) => ({
    name: event.name,
    data: event.data ?? {},
    ...(event.id ? { id: event.id } : {}),
    ...(event.ts ? { ts: event.ts } : {}),
    ...(event.user ? { user: event.user } : {}),
    ...(event.v ? { v: event.v } : {}),
  }));
  const seed = req.headers["x-inngest-event-id-seed"];
  const ids = await withTx(ctx, (scope) => ingestEvents(scope, events, typeof seed === "string" ? seed : undefined));
  return { status: 200, body: { ids, status: 200 } };
}

/** Recent runs, newest first, for operators; guarded like the Inngest API with the signing key. */
async function listRuns(ctx: EngineContext, req: http.IncomingMessage, url: URL): Promise<{ status: number; body: unknown }> {
  requireSigningKey(ctx, req);
  const limit = z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .catch(50)
    .parse(url.searchParams.get("limit") ?? 50);
  type Listed = {
    id: string;
    function_id: string;
    status: string;
    event_name: string;
    queued_at: Date;
    started_at: Date | null;
    ended_at: Date | null;
    error: unknown;
    attempt: number | null;
  };
  const rows = await ctx.sql<Listed[]>`
    select r.id, r.function_id, r.status, r.event_name, r.queued_at, r.started_at, r.ended_at, r.error,
      (select max(c.attempt) from calls c where c.run_id = r.id)::int as attempt
    from runs r order by r.queued_at desc, r.seq desc limit ${limit}`;
  const data = rows.map((row) => ({
    id: row.id,
    function: row.function_id,
    status: row.status,
    eventName: row.event_name,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    attempt: row.attempt ?? 0,
    error: row.error,
  }));
  return { status: 200, body: { data } };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "X-Inngest-Server-Kind": "cloud" });
  res.end(text);
}
