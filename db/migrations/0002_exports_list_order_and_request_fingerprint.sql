DROP INDEX "exports_tenant_created_idx";--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "request_fingerprint" text;--> statement-breakpoint
CREATE INDEX "exports_tenant_requester_created_idx" ON "exports" USING btree ("tenant_id","requested_by","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "exports_active_request_uniq" ON "exports" USING btree ("request_fingerprint") WHERE "exports"."status" in ('pending', 'running') and "exports"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "exports_tenant_created_idx" ON "exports" USING btree ("tenant_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);