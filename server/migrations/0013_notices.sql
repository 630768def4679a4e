CREATE TABLE "notice_recipients" (
	"notice_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"name" text NOT NULL,
	"branch_name" text NOT NULL,
	"read_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	CONSTRAINT "notice_recipients_notice_id_account_id_pk" PRIMARY KEY("notice_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"include_subtree" boolean NOT NULL,
	"chosen_members" boolean NOT NULL,
	"title" text NOT NULL,
	"body_source" text NOT NULL,
	"body_html" text NOT NULL,
	"requires_ack" boolean NOT NULL,
	"deadline" timestamp with time zone,
	"sender_account_id" uuid NOT NULL,
	"sender_name" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recipient_count" integer NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by_name" text,
	"withdraw_reason" text
);
--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_account_id_users_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_recipients" ADD CONSTRAINT "notice_recipients_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_sender_account_id_users_id_fk" FOREIGN KEY ("sender_account_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_recipients_account_idx" ON "notice_recipients" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "notices_org_idx" ON "notices" USING btree ("org_id","sent_at");--> statement-breakpoint
CREATE INDEX "notices_sender_idx" ON "notices" USING btree ("sender_account_id","sent_at");