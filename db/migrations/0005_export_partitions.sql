CREATE TYPE "public"."export_partition_status" AS ENUM('waiting', 'running', 'retrying', 'done');--> statement-breakpoint
CREATE TABLE "export_partitions" (
	"export_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"realm" text NOT NULL,
	"from_ts" timestamp (3) with time zone,
	"to_ts" timestamp (3) with time zone,
	"rows_estimate" bigint DEFAULT 0 NOT NULL,
	"status" "export_partition_status" DEFAULT 'waiting' NOT NULL,
	"rows" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	"sha256" text,
	"storage_key" text,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "export_partitions_export_id_index_pk" PRIMARY KEY("export_id","index")
);
--> statement-breakpoint
ALTER TABLE "export_partitions" ADD CONSTRAINT "export_partitions_export_id_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."exports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "export_partitions_status_idx" ON "export_partitions" USING btree ("export_id","status");