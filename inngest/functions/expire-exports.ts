import { cron } from "inngest";
import type { RunDeps } from "@/lib/export-runs/deps";
import { expireExports } from "@/lib/export-runs/expire";
import { inngest } from "../client";

/** expire-exports: on a schedule, deletes the files of exports past their retention and marks them expired. */
export function createExpireExports(deps: () => RunDeps, opts: { schedule: string }) {
  return inngest.createFunction(
    { id: "expire-exports", name: "Expire exports past their retention", triggers: [cron(opts.schedule)], retries: 3 },
    async ({ step }) => step.run("expire", () => expireExports(deps())),
  );
}
