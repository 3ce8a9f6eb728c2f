import { failDelivery, planDelivery, uploadArchive, writeManifest, type DeliveryDeps } from "@/lib/destinations/deliver";
import { inngest } from "../client";
import { exportCompleted } from "../events";

/**
 * deliver-to-bucket: a finished schedule run is copied to its schedule's bucket, the archive first and the
 * manifest last. Each step reads the credentials from the database and opens them itself, so events and step
 * outputs hold ids and object keys only. A failed upload throws and the engine retries the step.
 */
export function createDeliverToBucket(deps: () => DeliveryDeps, opts: { retries?: 2 | 3 | 5 | 10 } = {}) {
  return inngest.createFunction(
    {
      id: "deliver-to-bucket",
      name: "Copy a schedule's run to its bucket",
      triggers: [exportCompleted],
      retries: opts.retries ?? 10,
      onFailure: async ({ event, error }) => {
        const original = event.data.event.data as { exportId: string };
        await failDelivery(deps().db, original.exportId, error.message);
      },
    },
    async ({ event, step }) => {
      const plan = await step.run("plan", () => planDelivery(deps().db, event.data.exportId));
      if (!plan) return { delivered: false };
      await step.run("upload-archive", () => uploadArchive(deps(), plan));
      const { manifestKey } = await step.run("write-manifest", () => writeManifest(deps(), plan));
      return { delivered: true, bucket: plan.bucket, manifestKey };
    },
  );
}
