CREATE TABLE "org_life_criticisms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"subject_member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_member_id" uuid,
	"body_cipher" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_life_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"meeting_date" date,
	"status" text DEFAULT 'preparing' NOT NULL,
	"activity_id" uuid,
	"summary" text DEFAULT '' NOT NULL,
	"opinion_summary" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by_name" text,
	"reported_to_org_id" uuid
);
--> statement-breakpoint
CREATE TABLE "org_life_opinions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"target" text NOT NULL,
	"target_member_id" uuid,
	"source" text NOT NULL,
	"from_member_id" uuid,
	"from_name" text,
	"anonymous" boolean NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_life_rectifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"problem" text NOT NULL,
	"measure" text NOT NULL,
	"owner_member_id" uuid NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"evidence" text,
	"closed_by" uuid,
	"closed_by_name" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "org_life_criticisms" ADD CONSTRAINT "org_life_criticisms_meeting_id_org_life_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."org_life_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_criticisms" ADD CONSTRAINT "org_life_criticisms_subject_member_id_members_id_fk" FOREIGN KEY ("subject_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_criticisms" ADD CONSTRAINT "org_life_criticisms_from_member_id_members_id_fk" FOREIGN KEY ("from_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_criticisms" ADD CONSTRAINT "org_life_criticisms_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_meetings" ADD CONSTRAINT "org_life_meetings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_meetings" ADD CONSTRAINT "org_life_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_meetings" ADD CONSTRAINT "org_life_meetings_reported_to_org_id_organisations_id_fk" FOREIGN KEY ("reported_to_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_opinions" ADD CONSTRAINT "org_life_opinions_meeting_id_org_life_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."org_life_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_opinions" ADD CONSTRAINT "org_life_opinions_target_member_id_members_id_fk" FOREIGN KEY ("target_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_opinions" ADD CONSTRAINT "org_life_opinions_from_member_id_members_id_fk" FOREIGN KEY ("from_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_rectifications" ADD CONSTRAINT "org_life_rectifications_meeting_id_org_life_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."org_life_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_rectifications" ADD CONSTRAINT "org_life_rectifications_owner_member_id_members_id_fk" FOREIGN KEY ("owner_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_life_rectifications" ADD CONSTRAINT "org_life_rectifications_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_life_criticisms_subject_idx" ON "org_life_criticisms" USING btree ("meeting_id","subject_member_id");--> statement-breakpoint
CREATE INDEX "org_life_meetings_org_idx" ON "org_life_meetings" USING btree ("org_id","year");--> statement-breakpoint
CREATE INDEX "org_life_meetings_reported_idx" ON "org_life_meetings" USING btree ("reported_to_org_id");--> statement-breakpoint
CREATE INDEX "org_life_opinions_meeting_idx" ON "org_life_opinions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "org_life_rectifications_meeting_idx" ON "org_life_rectifications" USING btree ("meeting_id","deadline");