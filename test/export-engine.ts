import type { Engine, EngineOptions } from "@portal/inngest-engine";
import { serveApp, startTestEngine, syncApp, pointAppAtEngine, type ServedApp } from "@portal/inngest-engine/testing";
import type { ExportDeps } from "../lib/export-requests/service";
import type { ExportStorage } from "../lib/exports";
import { testDb } from "./factories";

type AppModules = {
  createExportFunctions: typeof import("../inngest/functions/export-functions").createExportFunctions;
  createSendExportEmail: typeof import("../inngest/functions/send-export-email").createSendExportEmail;
  createExpireExports: typeof import("../inngest/functions/expire-exports").createExpireExports;
};

export interface ExportEngine {
  engine: Engine;
  app: ServedApp;
  /** What the export service needs to queue and cancel exports on this engine. */
  service: ExportDeps;
  stop(): Promise<void>;
}

/**
 * The embedded engine with the portal's own functions served to it, for tests that run real exports.
 * The Inngest client reads its keys when first imported, so the functions are imported once they exist.
 */
export async function startExportEngine(
  label: string,
  engineOptions: Partial<EngineOptions>,
  storage: ExportStorage,
  functions: (modules: AppModules) => Parameters<typeof serveApp>[1],
): Promise<ExportEngine> {
  const { db, sql } = testDb();
  const started = await startTestEngine(label, engineOptions);
  const engine = started.engine;
  pointAppAtEngine(started);
  const { inngest } = await import("../inngest/client");
  const { inngestExportEvents } = await import("../inngest/export-events");
  const { createExportFunctions } = await import("../inngest/functions/export-functions");
  const { createSendExportEmail } = await import("../inngest/functions/send-export-email");
  const { createExpireExports } = await import("../inngest/functions/expire-exports");
  const app = await serveApp(inngest, functions({ createExportFunctions, createSendExportEmail, createExpireExports }));
  const sync = await syncApp(app.url);
  if (sync.status !== 200) throw new Error(`the engine refused the functions (${sync.status}): ${sync.body.message ?? ""}`);
  return {
    engine,
    app,
    service: {
      db,
      warehouse: sql,
      events: inngestExportEvents,
      deleteFile: (key) => storage.delete(key),
      fileExists: async (key) => (await storage.stat(key)) !== null,
    },
    stop: async () => {
      await app.close();
      await engine.stop();
    },
  };
}
