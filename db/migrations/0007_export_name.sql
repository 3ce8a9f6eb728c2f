-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "name" text;--> statement-breakpoint
CREATE INDEX "exports_tenant_realm_created_idx" ON "exports" USING btree ("tenant_id","realm","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "exports_name_trgm_idx" ON "exports" USING gin ("name" gin_trgm_ops);