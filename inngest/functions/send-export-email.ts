import { getDb } from "@/db/client";
import { sendExportEmail } from "@/lib/export-runs/email";
import { inngest } from "../client";
import { exportCompleted, exportFailed } from "../events";
import { appUrl } from "../run-deps";

export const sendExportEmailFn = inngest.createFunction(
  { id: "send-export-email", name: "Email the requester about their export", triggers: [exportCompleted, exportFailed], retries: 5 },
  async ({ event, step }) => {
    const kind = event.name === "export/completed" ? "ready" : "failed";
    return step.run("send-email", () => sendExportEmail(getDb(), event.data.exportId, kind, appUrl()));
  },
);
