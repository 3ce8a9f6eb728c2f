import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkKey, type ExportStorage } from "./types";

/** Archives on local disk under rootDir. Writes go to a temporary name and are renamed into place. */
export function createLocalStorage(rootDir: string): ExportStorage {
  const root = path.resolve(rootDir);
  const file = (key: string) => path.join(root, checkKey(key));

  return {
    async put(key, source) {
      const target = file(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.partial`);
      try {
        if (typeof source === "string") await fs.promises.copyFile(source, temp);
        else await pipeline(source, fs.createWriteStream(temp));
        await fs.promises.rename(temp, target);
      } catch (err) {
        await fs.promises.rm(temp, { force: true });
        throw err;
      }
      return { sizeBytes: (await fs.promises.stat(target)).size };
    },
    async get(key, range): Promise<Readable> {
      const target = file(key);
      await fs.promises.access(target);
      return fs.createReadStream(target, range ? { start: range.start, end: range.end } : {});
    },
    async stat(key) {
      try {
        const s = await fs.promises.stat(file(key));
        return { sizeBytes: s.size, modifiedAt: s.mtime };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async delete(key) {
      await fs.promises.rm(file(key), { force: true });
    },
    async downloadUrl() {
      return null;
    },
  };
}
