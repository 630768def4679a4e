CREATE TABLE "org_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"action" text NOT NULL,
	"old_value" text,
	"new_value" text,
	"reason" text,
	"details" jsonb,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "term_years" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "org_history" ADD CONSTRAINT "org_history_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_history_org_idx" ON "org_history" USING btree ("org_id","at");