import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { exportHref, parseWorkspaceHeader, splitWorkspacePath, workspaceHref } from "./url";

const org = randomUUID();
const tenant = randomUUID();

describe("workspace paths", () => {
  it("builds and reads back the exports list and an export's page", () => {
    const ws = { organizationId: org, tenantId: tenant };
    expect(splitWorkspacePath(workspaceHref(ws))).toEqual({ workspace: ws, rest: "/exports" });
    const id = randomUUID();
    expect(splitWorkspacePath(exportHref(ws, id))).toEqual({ workspace: ws, rest: `/exports/${id}` });
    expect(splitWorkspacePath(`/o/${org.toUpperCase()}/t/${tenant}/exports`)?.workspace).toEqual(ws);
  });

  it.each([
    ["the plain exports page", "/exports"],
    ["an admin page", `/o/${org}/t/${tenant}/admin`],
    ["a path that only starts like exports", `/o/${org}/t/${tenant}/exportsx`],
    ["an organization that is not an id", `/o/acme/t/${tenant}/exports`],
    ["a tenant that is not an id", `/o/${org}/t/research/exports`],
    ["no tenant", `/o/${org}/exports`],
  ])("is not a workspace path: %s", (_what, path) => {
    expect(splitWorkspacePath(path)).toBeNull();
  });

  it("reads the proxy's header, and nothing malformed", () => {
    expect(parseWorkspaceHeader(`${org}:${tenant}`)).toEqual({ organizationId: org, tenantId: tenant });
    for (const bad of [null, "", `${org}`, `${org}:`, `${org}:${tenant}:${tenant}`, `${org}:not-a-tenant`]) expect(parseWorkspaceHeader(bad)).toBeNull();
  });
});
