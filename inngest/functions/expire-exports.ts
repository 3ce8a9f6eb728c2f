import { cron } from "inngest";
import { expireExports } from "@/lib/export-runs/expire";
import { inngest } from "../client";
import { runDeps } from "../run-deps";

export const EXPIRE_EXPORTS_CRON = process.env.EXPIRE_EXPORTS_CRON || "*/10 * * * *";

export const expireExportsFn = inngest.createFunction(
  { id: "expire-exports", name: "Expire exports past their retention", triggers: [cron(EXPIRE_EXPORTS_CRON)], retries: 3 },
  async ({ step }) => step.run("expire", () => expireExports(runDeps())),
);
