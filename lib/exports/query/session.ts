import type { Readable } from "node:stream";
import postgres from "postgres";
import { ExportRequestError } from "../errors";

export type Sql = postgres.Sql;

/**
 * One connection of its own (same settings as the caller's pool) in a read-only transaction whose TimeZone
 * is the request's, so Postgres prints timestamps with that zone's offset. It is not borrowed from the
 * pool because postgres.js never clears its "COPY in progress" state when a COPY fails or is cancelled;
 * a connection of our own is simply closed, whatever state it is in.
 */
export class ExportSession {
  private constructor(
    private readonly pool: Sql,
    readonly conn: Sql,
    private readonly pid: number,
  ) {}

  static async open(pool: Sql, timezone: string, settings: Record<string, string> = {}): Promise<ExportSession> {
    // postgres() takes already-parsed options back as they are (they carry `shared`), so this copies the pool's settings.
    // That is postgres.js's private behaviour: it is pinned for it (pinned-internals.test.ts).
    const conn = postgres({ ...pool.options, max: 1, onnotice: () => {} } as unknown as postgres.Options<Record<string, never>>);
    try {
      await conn`begin isolation level repeatable read read only`;
      const [{ pid }] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
      try {
        await conn`select set_config('TimeZone', ${timezone}, true)`;
      } catch (err) {
        throw new ExportRequestError("timezone", `Unknown time zone "${timezone}" in the database: ${(err as Error).message}`);
      }
      const all = { DateStyle: "ISO, YMD", statement_timeout: "0", extra_float_digits: "1", ...settings };
      for (const [name, value] of Object.entries(all)) await conn`select set_config(${name}, ${value}, true)`;
      return new ExportSession(pool, conn, pid);
    } catch (err) {
      await conn.end({ timeout: 0 });
      throw err;
    }
  }

  /** COPY ... TO STDOUT as a byte stream that honours back-pressure. */
  async copyOut(copySql: string): Promise<Readable> {
    const stream: Readable = await this.conn.unsafe(copySql).readable();
    // postgres.js leaves the socket paused when the last CopyData filled the buffer and CopyDone arrived
    // in the same packet (porsager/postgres#499); nothing would ever resume it and the connection hangs.
    stream.once("end", () => stream._read(0));
    return stream;
  }

  /** Asks the server to stop the running statement (from the pool, since this connection is busy). */
  async cancel(): Promise<void> {
    await this.pool`select pg_cancel_backend(${this.pid})`.catch(() => {});
  }

  async close(ok: boolean): Promise<void> {
    if (ok) await this.conn`commit`.catch(() => {});
    // A failed or cancelled export may still be running server-side; wait (up to 1 s) until it is gone.
    else await this.pool`select pg_terminate_backend(${this.pid}, 1000)`.catch(() => {});
    // Closing the socket ends the transaction (rolled back) and stops any statement still running.
    await this.conn.end({ timeout: ok ? 5 : 0 });
  }
}
