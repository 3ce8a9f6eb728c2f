import os from "node:os";
import { getDb, getWarehouseSql } from "@/db/client";
import { appUrl, env } from "@/lib/config/env";
import { exportStorage } from "@/lib/exports";
import { inngestExportEvents } from "../export-events";
import { runDeps } from "../run-deps";
import { createExpireExports } from "./expire-exports";
import { createExportFunctions } from "./export-functions";
import { createSendExportEmail } from "./send-export-email";
import { createDeliverWebhook, createWebhookFanOut } from "./deliver-webhooks";
import { createTickSchedules } from "./tick-schedules";
import { createDeliverToBucket } from "./deliver-to-bucket";

/** One partition per worker process of an export at a time, unless configured. */
const partitionsPerExport = () => env().EXPORT_PARTITIONS_PER_EXPORT ?? env().WORKERS ?? os.availableParallelism();

const webhookDeps = () => ({ db: getDb(), appUrl: appUrl(), allowPrivate: env().WEBHOOKS_ALLOW_PRIVATE });
const webhookFunctions = [createWebhookFanOut(webhookDeps), createDeliverWebhook(webhookDeps)];

/** Every function the portal serves at /api/inngest, wired to the real database, warehouse and storage. */
export const functions = [
  ...createExportFunctions(runDeps, {
    perOrganization: env().EXPORT_CONCURRENCY_PER_ORGANIZATION,
    partitionRows: env().EXPORT_PARTITION_ROWS,
    partitionsPerExport: partitionsPerExport(),
    partitionsAtOnce: env().EXPORT_PARTITIONS_AT_ONCE ?? 2 * partitionsPerExport(),
  }),
  createSendExportEmail(() => ({ db: getDb(), appUrl: appUrl() })),
  createExpireExports(runDeps, { schedule: env().EXPIRE_EXPORTS_CRON }),
  ...webhookFunctions,
  createTickSchedules(
    () => ({
      db: getDb(),
      warehouse: getWarehouseSql(),
      events: inngestExportEvents,
      deleteFile: (key) => exportStorage().delete(key),
      fileExists: async (key) => (await exportStorage().stat(key)) !== null,
    }),
    { cron: env().SCHEDULES_TICK_CRON === "off" ? null : env().SCHEDULES_TICK_CRON },
  ),
  createDeliverToBucket(() => ({ db: getDb(), storage: exportStorage(), credentialsKey: env().DESTINATION_CREDENTIALS_KEY })),
];
