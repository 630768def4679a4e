CREATE TABLE "evaluation_ballots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"round_id" uuid NOT NULL,
	"grades" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_peer_ratings" (
	"round_id" uuid NOT NULL,
	"rater_member_id" uuid NOT NULL,
	"subject_member_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "evaluation_peer_ratings_round_id_rater_member_id_subject_member_id_pk" PRIMARY KEY("round_id","rater_member_id","subject_member_id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"activity_id" uuid,
	"created_by_account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"finalised_at" timestamp with time zone,
	"finalised_by_name" text
);
--> statement-breakpoint
CREATE TABLE "evaluation_subjects" (
	"round_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"name" text NOT NULL,
	"probationary" boolean NOT NULL,
	"self_text" text,
	"self_grade" text,
	"self_submitted_at" timestamp with time zone,
	"final_grade" text,
	"final_reason" text,
	CONSTRAINT "evaluation_subjects_round_id_member_id_pk" PRIMARY KEY("round_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_voters" (
	"round_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"voted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "evaluation_voters_round_id_member_id_pk" PRIMARY KEY("round_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "evaluation_ballots" ADD CONSTRAINT "evaluation_ballots_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_peer_ratings" ADD CONSTRAINT "evaluation_peer_ratings_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_peer_ratings" ADD CONSTRAINT "evaluation_peer_ratings_rater_member_id_members_id_fk" FOREIGN KEY ("rater_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_peer_ratings" ADD CONSTRAINT "evaluation_peer_ratings_subject_member_id_members_id_fk" FOREIGN KEY ("subject_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "evaluation_rounds_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "evaluation_rounds_created_by_account_id_users_id_fk" FOREIGN KEY ("created_by_account_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_voters" ADD CONSTRAINT "evaluation_voters_round_id_evaluation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."evaluation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_voters" ADD CONSTRAINT "evaluation_voters_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_ballots_round_idx" ON "evaluation_ballots" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_rounds_org_year_unique" ON "evaluation_rounds" USING btree ("org_id","year");--> statement-breakpoint
CREATE INDEX "evaluation_subjects_member_idx" ON "evaluation_subjects" USING btree ("member_id");