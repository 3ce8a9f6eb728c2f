import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { isValidSigningKey } from "./signature";

export interface EngineKeys {
  signingKey: string;
  eventKey: string;
}

const KEYS_FILE = "inngest-engine-keys.json";

const keysSchema = z.object({
  signingKey: z.string().refine(isValidSigningKey, "signingKey must look like signkey-prod-<hex>"),
  eventKey: z.string().min(16),
});

/**
 * The engine's signing and event keys, generated on first start and kept in dataDir so the app and the
 * engine agree on them across restarts. The file is private to the user (0600): it holds secrets.
 */
export async function loadOrCreateEngineKeys(dataDir: string): Promise<EngineKeys> {
  const file = path.join(dataDir, KEYS_FILE);
  await fs.mkdir(dataDir, { recursive: true });
  const fresh: EngineKeys = {
    signingKey: `signkey-prod-${randomBytes(32).toString("hex")}`,
    eventKey: randomBytes(32).toString("hex"),
  };
  try {
    // "wx" fails when the file exists, so two processes starting together end up reading the same keys.
    await fs.writeFile(file, `${JSON.stringify(fresh, null, 2)}\n`, { flag: "wx", mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const parsed = keysSchema.safeParse(JSON.parse(await fs.readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a valid engine keys file: ${parsed.error.message}`);
  return parsed.data;
}
