/**
 * Exports list benchmark: `npm run bench -- --list [--exports N] [--runs N]`. Starts its own embedded
 * Postgres (or uses DATABASE_URL), gives one tenant N exports of history (default 100,000) and another 64,
 * then times the list call as GET /api/v1/exports makes it (access check, the page query, the JSON views):
 * the first page, a page in the middle and the last page, each the median of --runs calls. Target: under
 * 50 ms at 100,000. Runs with the react-server condition (bench.ts starts it so) for the server-only views.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { toApiExportView } from "../../app/api/v1/_lib/export-ref";
import { createDb } from "../../db/client";
import { runMigrations } from "../../db/migrate";
import { env } from "../../lib/config/env";
import * as s from "../../db/schema";
import { seedExportHistory } from "../seed/export-history";
import { benchDatabase } from "./processes";
import { listTenantExports } from "../../lib/export-requests/service";
import { DEFAULT_ROLES } from "../../lib/permissions/roles";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const EXPORTS = Number(arg("--exports") ?? 100_000);
const RUNS = Math.max(5, Number(arg("--runs") ?? 40));
const TARGET_MS = 50;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main() {
  const { url, close } = await benchDatabase("list", env().DATABASE_URL);
  const { db, sql } = createDb(url, 4);
  try {
    await runMigrations(url);
    const organizationId = randomUUID();
    const tenants = [randomUUID(), randomUUID()];
    const userId = randomUUID();
    await db.insert(s.organizations).values({ id: organizationId, slug: `bench-${organizationId.slice(0, 8)}`, name: "Bench" });
    await db.insert(s.organizationSettings).values({ organizationId });
    await db.insert(s.tenants).values(tenants.map((id, i) => ({ id, organizationId, slug: `t${i}`, name: `Tenant ${i}` })));
    await db.insert(s.users).values({ id: userId, email: `bench-${userId.slice(0, 8)}@example.test`, name: "bench" });
    const admin = DEFAULT_ROLES.find((r) => r.key === "admin") ?? DEFAULT_ROLES[0];
    const roleId = randomUUID();
    await db.insert(s.roles).values({ id: roleId, organizationId, ...admin });
    await db.insert(s.memberships).values({ userId, organizationId, tenantId: null, roleId });

    const t0 = performance.now();
    await seedExportHistory(sql, { organizationId, tenantId: tenants[0] ?? "", requestedBy: userId, count: EXPORTS });
    await seedExportHistory(sql, { organizationId, tenantId: tenants[1] ?? "", requestedBy: userId, count: 64 });
    console.log(`seeded ${EXPORTS.toLocaleString("en")} + 64 exports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const actor = { userId, context: { ip: null, userAgent: null } };
    const cursorAt = async (tenantId: string, offset: number) => {
      const [row] = await sql<{ createdAt: string; id: string }[]>`
        select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "createdAt", id from exports
        where tenant_id = ${tenantId} order by created_at desc, id desc offset ${offset} limit 1`;
      return row ?? null;
    };
    /** The list call as the route makes it, JSON included. */
    const call = async (tenantId: string, cursor: { createdAt: string; id: string } | null, onlyMine = false) => {
      const started = performance.now();
      const now = new Date();
      const page = await listTenantExports({ db }, actor, { organizationId, tenantId, cursor, limit: 25, onlyMine });
      JSON.stringify({ items: page.items.map((row) => toApiExportView(row, page.access, now)), nextCursor: page.nextCursor });
      return performance.now() - started;
    };
    const cases = [
      { name: `${EXPORTS.toLocaleString("en")} exports, first page`, tenantId: tenants[0] ?? "", cursor: null, onlyMine: false },
      { name: `${EXPORTS.toLocaleString("en")} exports, first page, only mine`, tenantId: tenants[0] ?? "", cursor: null, onlyMine: true },
      {
        name: `${EXPORTS.toLocaleString("en")} exports, middle page`,
        tenantId: tenants[0] ?? "",
        cursor: await cursorAt(tenants[0] ?? "", Math.floor(EXPORTS / 2)),
        onlyMine: false,
      },
      {
        name: `${EXPORTS.toLocaleString("en")} exports, last page`,
        tenantId: tenants[0] ?? "",
        cursor: await cursorAt(tenants[0] ?? "", EXPORTS - 20),
        onlyMine: false,
      },
      { name: "64 exports, first page", tenantId: tenants[1] ?? "", cursor: null, onlyMine: false },
    ];
    const results: { case: string; medianMs: number; maxMs: number; targetMs: number; ok: boolean }[] = [];
    for (const c of cases) {
      for (let i = 0; i < 5; i++) await call(c.tenantId, c.cursor, c.onlyMine);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await call(c.tenantId, c.cursor, c.onlyMine));
      const m = median(times);
      results.push({ case: c.name, medianMs: Number(m.toFixed(2)), maxMs: Number(Math.max(...times).toFixed(2)), targetMs: TARGET_MS, ok: m < TARGET_MS });
    }
    const width = Math.max(...results.map((r) => r.case.length));
    console.log(`${"case".padEnd(width)}  median ms  max ms  target`);
    for (const r of results)
      console.log(`${r.case.padEnd(width)}  ${r.medianMs.toFixed(2).padStart(9)}  ${r.maxMs.toFixed(2).padStart(6)}  <${r.targetMs} ${r.ok ? "ok" : "MISSED"}`);
    console.log(JSON.stringify({ exports: EXPORTS, runs: RUNS, cores: os.cpus().length, node: process.version, results }));
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    await sql.end();
    await close();
  }
}

await main();
