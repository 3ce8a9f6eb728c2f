import type { Db } from "@/db/client";
import { sendExportEmail } from "@/lib/export-runs/email";
import { inngest } from "../client";
import { exportCompleted, exportFailed } from "../events";

/** send-export-email: tells the requester their export is ready or failed; one email per export and kind. */
export function createSendExportEmail(deps: () => { db: Db; appUrl: string }) {
  return inngest.createFunction(
    { id: "send-export-email", name: "Email the requester about their export", triggers: [exportCompleted, exportFailed], retries: 5 },
    async ({ event, step }) => {
      const kind = event.name === "export/completed" ? "ready" : "failed";
      return step.run("send-email", () => sendExportEmail(deps().db, event.data.exportId, kind, deps().appUrl));
    },
  );
}
