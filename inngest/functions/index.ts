import { getDb } from "@/db/client";
import { appUrl, env } from "@/lib/config/env";
import { runDeps } from "../run-deps";
import { createExpireExports } from "./expire-exports";
import { createRunExport } from "./run-export";
import { createSendExportEmail } from "./send-export-email";

/** Every function the portal serves at /api/inngest, wired to the real database, warehouse and storage. */
export const functions = [
  createRunExport(runDeps, { perOrganization: env().EXPORT_CONCURRENCY_PER_ORGANIZATION }),
  createSendExportEmail(() => ({ db: getDb(), appUrl: appUrl() })),
  createExpireExports(runDeps, { schedule: env().EXPIRE_EXPORTS_CRON }),
];
