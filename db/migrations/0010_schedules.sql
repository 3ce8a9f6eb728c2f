CREATE TYPE "public"."schedule_mode" AS ENUM('incremental', 'fixed_window');--> statement-breakpoint
CREATE TYPE "public"."schedule_state" AS ENUM('active', 'paused');--> statement-breakpoint
CREATE TABLE "schedule_backfills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"requested_by" text NOT NULL,
	"from_date" text NOT NULL,
	"to_date" text NOT NULL,
	"due_times" jsonb NOT NULL,
	"queued" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"request" jsonb NOT NULL,
	"cadence" jsonb NOT NULL,
	"timezone" text NOT NULL,
	"mode" "schedule_mode" DEFAULT 'incremental' NOT NULL,
	"state" "schedule_state" DEFAULT 'active' NOT NULL,
	"paused_reason" text,
	"paused_at" timestamp with time zone,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"skipped" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "schedule_id" uuid;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "interval_start" timestamp (6) with time zone;--> statement-breakpoint
ALTER TABLE "exports" ADD COLUMN "interval_end" timestamp (6) with time zone;--> statement-breakpoint
ALTER TABLE "schedule_backfills" ADD CONSTRAINT "schedule_backfills_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_backfills" ADD CONSTRAINT "schedule_backfills_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "schedule_backfills_schedule_idx" ON "schedule_backfills" USING btree ("schedule_id");--> statement-breakpoint
CREATE INDEX "schedules_due_idx" ON "schedules" USING btree ("next_run_at") WHERE "schedules"."state" = 'active';--> statement-breakpoint
CREATE INDEX "schedules_org_idx" ON "schedules" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "schedules_owner_idx" ON "schedules" USING btree ("owner_id");--> statement-breakpoint
ALTER TABLE "exports" ADD CONSTRAINT "exports_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."schedules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exports_schedule_interval_uniq" ON "exports" USING btree ("schedule_id","interval_end");