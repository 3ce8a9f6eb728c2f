ALTER TABLE "exports" ADD COLUMN "stream_hash" text;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "snapshot" text;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "snapshot_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "since_export_id" uuid;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "previous_snapshot" text;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "previous_to_as_of" timestamp (6) with time zone;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "checkpoint_token" text;--> statement-breakpoint
ALTER TABLE "warehouse"."events" ADD COLUMN "ingest_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "warehouse"."jobs" ADD COLUMN "ingest_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "warehouse"."lab_results" ADD COLUMN "ingest_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "exports_checkpoint_token_uniq" ON "exports" USING btree ("checkpoint_token");--> statement-breakpoint
CREATE INDEX "exports_stream_checkpoint_idx" ON "exports" USING btree ("tenant_id","stream_hash","completed_at" DESC NULLS LAST) WHERE "exports"."checkpoint_token" is not null;--> statement-breakpoint
CREATE INDEX "events_org_ingest_idx" ON "warehouse"."events" USING btree ("organization_id","ingest_xid");--> statement-breakpoint
CREATE INDEX "jobs_org_ingest_idx" ON "warehouse"."jobs" USING btree ("organization_id","ingest_xid");--> statement-breakpoint
CREATE INDEX "lab_results_org_ingest_idx" ON "warehouse"."lab_results" USING btree ("organization_id","ingest_xid");--> statement-breakpoint
-- A corrected lab result arrives again: its marker becomes the correcting transaction, so the next incremental export carries it.
CREATE OR REPLACE FUNCTION "warehouse"."mark_reingested"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.ingest_xid := pg_current_xact_id();
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "lab_results_reingest" BEFORE UPDATE ON "warehouse"."lab_results" FOR EACH ROW EXECUTE FUNCTION "warehouse"."mark_reingested"();
