import { spawnSync } from "node:child_process";
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// Each case is source text linted as if it lived at the given path, through the repository's own
// eslint.config.mjs, so the rule is tested exactly as `npm run lint` applies it.
const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function crossings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === "portal/boundaries").map((m) => m.message);
}

const CLIENT = '"use client";\n';

describe("import boundaries", () => {
  it("keeps lib/ free of app/, Next.js and auth.ts, by alias and by relative path", async () => {
    const found = await crossings(
      "lib/exports/example.ts",
      [
        'import { toActionResult } from "@/app/_lib/action-result";',
        'import { problem } from "../../app/_lib/problem";',
        'import { redirect } from "next/navigation";',
        'import { auth } from "@/auth";',
        'import { signIn } from "../../auth";',
        "export const x = [toActionResult, problem, redirect, auth, signIn];",
      ].join("\n"),
    );
    expect(found).toHaveLength(5);
    expect(found[0]).toContain('"@/app/_lib/action-result": app/ is the top layer');
    expect(found[1]).toContain('"../../app/_lib/problem": app/ is the top layer');
    expect(found[2]).toContain('"next/navigation": lib/ is the domain and stays free of Next.js');
    expect(found[3]).toContain('"@/auth": lib/ never imports auth.ts');
    expect(found[4]).toContain('"../../auth": lib/ never imports auth.ts');
  });

  it("lets lib/ use db/, its own modules and packages", async () => {
    const code =
      'import { db } from "@/db/client";\nimport { a } from "./sibling";\nimport { b } from "../other/thing";\nimport { z } from "zod";\nexport const x = [db, a, b, z];';
    expect(await crossings("lib/exports/example.ts", code)).toEqual([]);
  });

  it("keeps db/ below lib/", async () => {
    const found = await crossings(
      "db/seed/example.ts",
      'import { A } from "@/lib/permissions/roles";\nimport { B } from "../../lib/permissions/roles";\nexport const x = [A, B];',
    );
    expect(found).toHaveLength(2);
    expect(found.every((m) => m.includes("db/ is below lib/"))).toBe(true);
  });

  it("lets app/ use lib/, db/, components/ and auth.ts", async () => {
    const code =
      'import { a } from "@/lib/utils";\nimport { b } from "@/db/client";\nimport { C } from "@/components/ui/button";\nimport { auth } from "@/auth";\nimport { d } from "../_lib/problem";\nexport const x = [a, b, C, auth, d];';
    expect(await crossings("app/(portal)/exports/page.tsx", code)).toEqual([]);
  });

  it("keeps server modules out of client components, but allows their types, actions and pure lib/ modules", async () => {
    const found = await crossings(
      "app/(portal)/exports/_components/example.tsx",
      CLIENT +
        [
          'import { db } from "@/db/client";',
          'import { listExports } from "../../../../lib/export-requests/service";',
          'import "server-only";',
          'import { readFile } from "node:fs/promises";',
          'import { createHash } from "crypto";',
          'import { auth } from "@/auth";',
          'import { requestContext } from "@/app/_lib/request-context";',
          'import type { TenantChoice } from "@/db/queries/tenants";',
          'import { type MemberView } from "@/lib/admin/members";',
          'import { cn } from "@/lib/utils";',
          'import { createExportAction } from "../actions";',
          "export const x = [db, listExports, readFile, createHash, auth, requestContext, cn, createExportAction];",
          "export type Y = TenantChoice | MemberView;",
        ].join("\n"),
    );
    expect(found.map((m) => m.slice(0, m.indexOf('": ') + 1))).toEqual([
      '"@/db/client"',
      '"../../../../lib/export-requests/service"',
      '"server-only"',
      '"node:fs/promises"',
      '"crypto"',
      '"@/auth"',
      '"@/app/_lib/request-context"',
    ]);
    expect(found[0]).toContain('a "use client" component never imports a server module');
  });

  it("does not treat a server component as a client one", async () => {
    expect(await crossings("app/(portal)/exports/_components/example.tsx", 'import { db } from "@/db/client";\nexport const x = db;')).toEqual([]);
  });

  it("keeps packages/inngest-engine/ free of the portal", async () => {
    const found = await crossings(
      "packages/inngest-engine/src/example.ts",
      [
        'import { env } from "@/lib/config/env";',
        'import { db } from "../../../db/client";',
        'import { fns } from "../../../inngest/functions/index";',
        'import { inngest } from "../../../inngest/client";',
        'import type { X } from "@/inngest/events";',
        'import { ulid } from "./ulid";',
        'import { Cron } from "croner";',
        "export const x = [env, db, fns, inngest, ulid, Cron];",
        "export type Y = X;",
      ].join("\n"),
    );
    expect(found.map((m) => m.slice(0, m.indexOf('": ') + 1))).toEqual([
      '"@/lib/config/env"',
      '"../../../db/client"',
      '"../../../inngest/functions/index"',
      '"../../../inngest/client"',
      '"@/inngest/events"',
    ]);
    expect(found[0]).toContain("packages/inngest-engine/ is a self-contained engine");
  });

  it("keeps the engine's test support out of production code, the engine's own included", async () => {
    const testing = 'import { waitFor } from "@portal/inngest-engine/testing";\nexport const x = waitFor;';
    const engineTesting = 'import { waitFor } from "../testing";\nexport const x = waitFor;';
    expect(await crossings("lib/export-runs/example.ts", testing)).toEqual([
      '"@portal/inngest-engine/testing": @portal/inngest-engine/testing is test support: only tests and the shared test helpers (test/) import it.',
    ]);
    expect(await crossings("scripts/example.ts", testing)).toHaveLength(1);
    expect(await crossings("packages/inngest-engine/src/example.ts", engineTesting)).toEqual([
      '"../testing": the engine\'s production code never imports its test support (testing/); only tests do.',
    ]);
    expect(await crossings("lib/export-runs/example.test.ts", testing)).toEqual([]);
    expect(await crossings("test/example.ts", testing)).toEqual([]);
    expect(await crossings("packages/inngest-engine/src/example.test.ts", engineTesting)).toEqual([]);
  });

  it("reaches the engine by its package name only, and never from a client component", async () => {
    const found = await crossings(
      "db/example.ts",
      [
        'import { guarded } from "../packages/inngest-engine/src/self-connect";',
        'import { freePort } from "@/packages/inngest-engine/src/free-port";',
        'import { connectRefusingSelf } from "@portal/inngest-engine/self-connect";',
        "export const x = [guarded, freePort, connectRefusingSelf];",
      ].join("\n"),
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('"../packages/inngest-engine/src/self-connect": import the engine by its package name (@portal/inngest-engine');
    expect(found[1]).toContain('"@/packages/inngest-engine/src/free-port": import the engine by its package name');
    const client = await crossings(
      "components/example.tsx",
      CLIENT + 'import { freePort } from "@portal/inngest-engine/free-port";\nexport const x = freePort;',
    );
    expect(client).toHaveLength(1);
    expect(client[0]).toContain('a "use client" component never imports a server module');
  });

  it("keeps the workers free of the web app: no app/, no Next.js; the functions, lib/ and db/ are theirs to use", async () => {
    const found = await crossings(
      "workers/example.ts",
      [
        'import { problem } from "@/app/_lib/problem";',
        'import { NextResponse } from "next/server";',
        'import { functions } from "../inngest/functions";',
        'import { syncRefusal } from "../lib/http/inngest-sync";',
        'import { getDb } from "@/db/client";',
        'import { serve } from "inngest/node";',
        "export const x = [problem, NextResponse, functions, syncRefusal, getDb, serve];",
      ].join("\n"),
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('"@/app/_lib/problem": app/ is the top layer');
    expect(found[1]).toContain('"next/server": workers/ run the functions in plain Node');
  });

  it("fails the lint run for a test file that breaks a boundary", () => {
    // The deliberate violation: a lib/ test that reaches up into app/. Fed to the real CLI as
    // `npm run lint` runs it, it must exit non-zero and name the import.
    const fixture = 'import { toActionResult } from "@/app/_lib/action-result";\nexport const x = toActionResult;\n';
    const bin = path.join(root, "node_modules/eslint/bin/eslint.js");
    const run = spawnSync(process.execPath, [bin, "--max-warnings", "0", "--stdin", "--stdin-filename", "lib/exports/boundary-violation.test.ts"], {
      cwd: root,
      input: fixture,
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('"@/app/_lib/action-result": app/ is the top layer');
    expect(run.stdout).toContain("portal/boundaries");
  });
});
