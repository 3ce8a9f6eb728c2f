import net from "node:net";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { freePort } from "@/test/free-port";
import { connectRefusingSelf, createDb } from "./client";

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

describe("connections to the database refuse to reach themselves", () => {
  // The kernel's self-connect: a client bound to the very port it dials, with nothing listening there,
  // "connects" to itself. Reconnect loops hit it by chance on ports in the ephemeral range; here it is forced.
  it("refuses a socket whose local address and port are its remote ones, and frees the port", async () => {
    const port = await freePort();
    await expect(connectRefusingSelf({ host: "127.0.0.1", port, localPort: port })).rejects.toThrow(/reached itself/);
    expect(await canListen(port)).toBe(true);
  });

  it("a pool whose connection reaches itself fails its query with that message", async () => {
    const port = await freePort();
    const socket = () => connectRefusingSelf({ host: "127.0.0.1", port, localPort: port });
    const options = { host: "127.0.0.1", port, max: 1, connect_timeout: 2, onnotice: () => {}, socket };
    const sql = postgres(options);
    await expect(sql`select 1`).rejects.toThrow(/reached itself/);
    await sql.end({ timeout: 1 });
    expect(await canListen(port)).toBe(true);
  });

  it("the portal's pools still reach the real database through the guard", async () => {
    const { sql } = createDb(process.env.DATABASE_URL ?? "", 1);
    const [row] = await sql<{ ok: number }[]>`select 1 as ok`;
    expect(row?.ok).toBe(1);
    expect(Object.keys(sql.options)).toContain("socket");
    await sql.end();
  });
});
