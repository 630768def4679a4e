CREATE TABLE "exchange_message_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" bigint NOT NULL,
	"source" text NOT NULL,
	"html" text NOT NULL,
	"replaced_by" uuid NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exchange_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"topic_id" uuid NOT NULL,
	"space_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"source" text NOT NULL,
	"html" text NOT NULL,
	"plain_text" text NOT NULL,
	"mentions" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"mentions_all" boolean DEFAULT false NOT NULL,
	"reply_to_id" bigint,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawn_by_name" text,
	"withdraw_reason" text,
	"pinned_at" timestamp with time zone,
	"pinned_by" uuid
);
--> statement-breakpoint
CREATE TABLE "exchange_reactions" (
	"message_id" bigint NOT NULL,
	"account_id" uuid NOT NULL,
	"emoji" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_reactions_message_id_account_id_emoji_pk" PRIMARY KEY("message_id","account_id","emoji")
);
--> statement-breakpoint
CREATE TABLE "exchange_read_markers" (
	"account_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"last_read_id" bigint NOT NULL,
	CONSTRAINT "exchange_read_markers_account_id_topic_id_pk" PRIMARY KEY("account_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "exchange_sensitive_words" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"word" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_space_members" (
	"space_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_space_members_space_id_account_id_pk" PRIMARY KEY("space_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "exchange_space_reads" (
	"account_id" uuid NOT NULL,
	"space_id" uuid NOT NULL,
	"floor_id" bigint NOT NULL,
	CONSTRAINT "exchange_space_reads_account_id_space_id_pk" PRIMARY KEY("account_id","space_id")
);
--> statement-breakpoint
CREATE TABLE "exchange_spaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"org_id" uuid,
	"dm_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_topic_subscriptions" (
	"account_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"level" text NOT NULL,
	CONSTRAINT "exchange_topic_subscriptions_account_id_topic_id_pk" PRIMARY KEY("account_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "exchange_topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space_id" uuid NOT NULL,
	"title" text NOT NULL,
	"tag_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"message_count" bigint DEFAULT 0 NOT NULL,
	"last_message_id" bigint,
	"last_message_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "exchange_message_versions" ADD CONSTRAINT "exchange_message_versions_message_id_exchange_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."exchange_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_messages" ADD CONSTRAINT "exchange_messages_topic_id_exchange_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."exchange_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_messages" ADD CONSTRAINT "exchange_messages_space_id_exchange_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."exchange_spaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_reactions" ADD CONSTRAINT "exchange_reactions_message_id_exchange_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."exchange_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_read_markers" ADD CONSTRAINT "exchange_read_markers_topic_id_exchange_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."exchange_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_space_members" ADD CONSTRAINT "exchange_space_members_space_id_exchange_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."exchange_spaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_space_reads" ADD CONSTRAINT "exchange_space_reads_space_id_exchange_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."exchange_spaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_spaces" ADD CONSTRAINT "exchange_spaces_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_topic_subscriptions" ADD CONSTRAINT "exchange_topic_subscriptions_topic_id_exchange_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."exchange_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_topics" ADD CONSTRAINT "exchange_topics_space_id_exchange_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."exchange_spaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_message_versions_message_idx" ON "exchange_message_versions" USING btree ("message_id","replaced_at");--> statement-breakpoint
CREATE INDEX "exchange_messages_topic_idx" ON "exchange_messages" USING btree ("topic_id","id");--> statement-breakpoint
CREATE INDEX "exchange_messages_space_idx" ON "exchange_messages" USING btree ("space_id","id");--> statement-breakpoint
CREATE INDEX "exchange_messages_text_trgm" ON "exchange_messages" USING gin ("plain_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "exchange_messages_pinned_idx" ON "exchange_messages" USING btree ("topic_id") WHERE "exchange_messages"."pinned_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_sensitive_words_word" ON "exchange_sensitive_words" USING btree ("word");--> statement-breakpoint
CREATE INDEX "exchange_space_members_account_idx" ON "exchange_space_members" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_spaces_one_per_org" ON "exchange_spaces" USING btree ("org_id") WHERE "exchange_spaces"."kind" = 'org';--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_spaces_dm_key" ON "exchange_spaces" USING btree ("dm_key");--> statement-breakpoint
CREATE INDEX "exchange_spaces_org_idx" ON "exchange_spaces" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_tags_name" ON "exchange_tags" USING btree ("name");--> statement-breakpoint
CREATE INDEX "exchange_topic_subscriptions_topic_idx" ON "exchange_topic_subscriptions" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "exchange_topics_space_idx" ON "exchange_topics" USING btree ("space_id","last_message_id");--> statement-breakpoint
-- The default category tags (DEFAULT_TOPIC_TAGS in contract/src/exchange.ts); officers add more.
INSERT INTO "exchange_tags" ("name", "built_in") VALUES ('理论学习', true), ('工作交流', true), ('经验分享', true), ('问题求助', true);
