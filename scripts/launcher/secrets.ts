import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Secrets generated on first start and kept under DATA_DIR, so sessions survive restarts. */
export function loadOrCreateAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
