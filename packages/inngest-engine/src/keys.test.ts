import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateEngineKeys } from "./keys";

describe("loadOrCreateEngineKeys", () => {
  it("generates keys once, in a private file, and returns the same keys afterwards", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-keys-"));
    try {
      const first = await loadOrCreateEngineKeys(path.join(dir, "nested"));
      expect(first.signingKey).toMatch(/^signkey-prod-[0-9a-f]{64}$/);
      expect(first.eventKey).toMatch(/^[0-9a-f]{64}$/);
      const file = path.join(dir, "nested", "inngest-engine-keys.json");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(await loadOrCreateEngineKeys(path.join(dir, "nested"))).toEqual(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
