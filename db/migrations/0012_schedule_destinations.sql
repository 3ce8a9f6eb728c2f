CREATE TABLE "export_deliveries" (
	"export_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"bucket" text NOT NULL,
	"manifest_key" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_destinations" (
	"schedule_id" uuid PRIMARY KEY NOT NULL,
	"type" text DEFAULT 's3' NOT NULL,
	"bucket" text NOT NULL,
	"prefix" text DEFAULT '' NOT NULL,
	"endpoint" text,
	"region" text NOT NULL,
	"force_path_style" boolean DEFAULT false NOT NULL,
	"access_key_hint" text NOT NULL,
	"credentials" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "export_deliveries" ADD CONSTRAINT "export_deliveries_export_id_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."exports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_destinations" ADD CONSTRAINT "schedule_destinations_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."schedules"("id") ON DELETE cascade ON UPDATE no action;