ALTER TABLE "exports" ADD COLUMN "realms" jsonb;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "rows_by_realm" jsonb;