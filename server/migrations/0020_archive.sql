CREATE TABLE "archive_checkpoints" (
	"seq" integer PRIMARY KEY NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"time" text NOT NULL,
	"signature" text NOT NULL,
	"public_key" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "archive_entries" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"org_name" text NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"version" integer NOT NULL,
	"supersedes" bigint,
	"title" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone NOT NULL,
	"archived_by" text NOT NULL,
	"archived_by_id" uuid,
	"content" text NOT NULL,
	"leaf_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "archive_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"org_name" text NOT NULL,
	"include_subtree" boolean NOT NULL,
	"from_date" text NOT NULL,
	"to_date" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"file_key" text,
	"size" bigint,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "archive_entries" ADD CONSTRAINT "archive_entries_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_exports" ADD CONSTRAINT "archive_exports_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "archive_entries_id" ON "archive_entries" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "archive_entries_version" ON "archive_entries" USING btree ("kind","ref_id","version");--> statement-breakpoint
CREATE INDEX "archive_entries_org_idx" ON "archive_entries" USING btree ("org_id","occurred_at");--> statement-breakpoint
CREATE INDEX "archive_exports_requester_idx" ON "archive_exports" USING btree ("requested_by","created_at");