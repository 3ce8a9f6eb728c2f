ALTER TABLE "organization_settings" ALTER COLUMN "max_range_days" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exports" ALTER COLUMN "date_from" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exports" ALTER COLUMN "date_to" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "to_as_of" timestamp (6) with time zone;