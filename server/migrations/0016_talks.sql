CREATE TABLE "talks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"branch_id" uuid NOT NULL,
	"initiator_member_id" uuid NOT NULL,
	"other_member_id" uuid NOT NULL,
	"pair_kind" text NOT NULL,
	"topic_cipher" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"status" text NOT NULL,
	"recorder_member_id" uuid,
	"record_cipher" text,
	"recorded_at" timestamp with time zone,
	"correction_cipher" text,
	"correction_requested_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "talks" ADD CONSTRAINT "talks_branch_id_organisations_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talks" ADD CONSTRAINT "talks_initiator_member_id_members_id_fk" FOREIGN KEY ("initiator_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talks" ADD CONSTRAINT "talks_other_member_id_members_id_fk" FOREIGN KEY ("other_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talks" ADD CONSTRAINT "talks_recorder_member_id_members_id_fk" FOREIGN KEY ("recorder_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "talks_branch_idx" ON "talks" USING btree ("branch_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "talks_initiator_idx" ON "talks" USING btree ("initiator_member_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "talks_other_idx" ON "talks" USING btree ("other_member_id","scheduled_at");