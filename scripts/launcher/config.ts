import { EnvError, env, type Env } from "../../lib/config/env";

/** The validated configuration; on a bad value the process ends (exit code 1) with one line per variable. */
export function configOrExit(): Env;
export function configOrExit<T>(read: () => T): T;
export function configOrExit<T>(read: () => T | Env = env): T | Env {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    console.error("The portal cannot start because of its configuration:");
    for (const p of e.problems) console.error(`  ${p}`);
    process.exit(1);
  }
}
