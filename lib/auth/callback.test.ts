import { describe, expect, it } from "vitest";
import { DEFAULT_CALLBACK, safeCallbackPath } from "./callback";

describe("safeCallbackPath", () => {
  it.each([
    ["/admin/audit", "/admin/audit"],
    ["/admin/audit?action=member.added", "/admin/audit?action=member.added"],
    ["/o/2c4e/t/9f1a/exports/abc#top", "/o/2c4e/t/9f1a/exports/abc#top"],
    ["/exports/../admin", "/admin"],
  ])("keeps the portal's own path %s", (value, kept) => {
    expect(safeCallbackPath(value)).toBe(kept);
  });

  it.each([
    ["another origin", "https://evil.example/exports"],
    ["a protocol-relative URL", "//evil.example/exports"],
    ["a backslash browsers read as //", "/\\evil.example"],
    ["a backslash later on", "/exports\\..\\evil"],
    ["a script URL", "javascript:alert(1)"],
    ["a relative path", "exports"],
    ["a tab that browsers drop", "/\t/evil.example"],
    ["a newline", "/exports\n//evil.example"],
    ["the sign-in page itself", "/sign-in?callbackUrl=/admin"],
    ["Auth.js's own routes", "/api/auth/signout"],
    ["nothing", ""],
    ["not text", 42],
    ["a very long value", `/${"a".repeat(2100)}`],
  ])("refuses %s, falling back to the exports page", (_what, value) => {
    expect(safeCallbackPath(value)).toBe(DEFAULT_CALLBACK);
  });
});
