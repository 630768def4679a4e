CREATE TABLE "member_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"from_branch_id" uuid NOT NULL,
	"to_branch_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"requested_by" uuid,
	"requested_by_name" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "id_card_cipher" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "id_card_index" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "phone_cipher" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "phone_index" text;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_from_branch_id_organisations_id_fk" FOREIGN KEY ("from_branch_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_transfers" ADD CONSTRAINT "member_transfers_to_branch_id_organisations_id_fk" FOREIGN KEY ("to_branch_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_transfers_member_idx" ON "member_transfers" USING btree ("member_id","requested_at");--> statement-breakpoint
CREATE INDEX "member_transfers_from_idx" ON "member_transfers" USING btree ("from_branch_id");--> statement-breakpoint
CREATE INDEX "member_transfers_to_idx" ON "member_transfers" USING btree ("to_branch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_transfers_one_pending" ON "member_transfers" USING btree ("member_id") WHERE "member_transfers"."state" = 'requested';--> statement-breakpoint
CREATE UNIQUE INDEX "members_id_card_unique" ON "members" USING btree ("id_card_index") WHERE "members"."id_card_index" is not null;--> statement-breakpoint
CREATE INDEX "members_phone_idx" ON "members" USING btree ("phone_index");