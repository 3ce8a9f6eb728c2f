import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  adminHref,
  exportHref,
  parsePlaceHeader,
  parseWorkspaceHeader,
  placedHref,
  placeHeaderValue,
  samePageIn,
  schedulesHref,
  splitPlacePath,
  splitWorkspacePath,
  tokensHref,
  workspaceHref,
} from "./url";

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
    ["an admin page inside a tenant", `/o/${org}/t/${tenant}/admin`],
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

describe("the other pages' paths", () => {
  const ws = { organizationId: org, tenantId: tenant };

  it("builds and reads back Schedules, Developer and Admin", () => {
    const id = randomUUID();
    expect(splitPlacePath(schedulesHref(ws))).toEqual({ place: ws, rest: "/schedules" });
    expect(splitPlacePath(schedulesHref(ws, id))).toEqual({ place: ws, rest: `/schedules/${id}` });
    expect(splitPlacePath(tokensHref(ws))).toEqual({ place: ws, rest: "/settings/tokens" });
    expect(splitPlacePath(adminHref(org))).toEqual({ place: { organizationId: org, tenantId: null }, rest: "/admin" });
    expect(splitPlacePath(adminHref(org.toUpperCase(), "/audit"))).toEqual({ place: { organizationId: org, tenantId: null }, rest: "/admin/audit" });
    // An organization's page is no tenant's workspace.
    expect(splitWorkspacePath(adminHref(org, "/members"))).toBeNull();
  });

  it.each([
    ["an admin page inside a tenant", `/o/${org}/t/${tenant}/admin`],
    ["a tenant page without a tenant", `/o/${org}/schedules`],
    ["a path that only starts like admin", `/o/${org}/administration`],
    ["an organization that is not an id", "/o/acme/admin"],
    ["a page that is not the workspace's", `/o/${org}/t/${tenant}/sign-in`],
  ])("is no workspace path: %s", (_what, path) => {
    expect(splitPlacePath(path)).toBeNull();
  });

  it("moves an old address into the workspace, keeping the rest of the path and the query", () => {
    expect(placedHref(ws, "/admin/audit?action=member.added")).toBe(`/o/${org}/admin/audit?action=member.added`);
    expect(placedHref(ws, "/admin")).toBe(`/o/${org}/admin`);
    expect(placedHref(ws, "/schedules?x=1")).toBe(`/o/${org}/t/${tenant}/schedules?x=1`);
    expect(placedHref(ws, "/settings/tokens")).toBe(`/o/${org}/t/${tenant}/settings/tokens`);
    expect(placedHref(ws, "/sign-in")).toBeNull();
    expect(placedHref(ws, "/adminx")).toBeNull();
  });

  it("the switcher keeps the kind of page; one thing's page becomes its list", () => {
    const other = { organizationId: randomUUID(), tenantId: randomUUID() };
    expect(samePageIn(other, adminHref(org, "/audit"))).toBe(adminHref(other.organizationId, "/audit"));
    expect(samePageIn(other, adminHref(org))).toBe(adminHref(other.organizationId));
    expect(samePageIn(other, schedulesHref(ws, randomUUID()))).toBe(schedulesHref(other));
    expect(samePageIn(other, tokensHref(ws))).toBe(tokensHref(other));
    expect(samePageIn(other, exportHref(ws, randomUUID()))).toBe(workspaceHref(other));
    expect(samePageIn(other, workspaceHref(ws, "/exports/studies/x"))).toBe(workspaceHref(other, "/exports/studies"));
  });

  it("reads an organization's header, and nothing malformed", () => {
    expect(parsePlaceHeader(`${org}:`)).toEqual({ organizationId: org, tenantId: null });
    expect(parsePlaceHeader(placeHeaderValue({ organizationId: org, tenantId: tenant }))).toEqual(ws);
    expect(parseWorkspaceHeader(`${org}:`)).toBeNull();
    for (const bad of [null, "", org, `:${tenant}`, `${org}:x`, `${org}::`]) expect(parsePlaceHeader(bad)).toBeNull();
  });
});
