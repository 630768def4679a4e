CREATE TABLE "account_clearances" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"level" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "security_labels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" integer NOT NULL,
	"colour" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "security_labels_level_range" CHECK ("security_labels"."level" between 0 and 9)
);
--> statement-breakpoint
ALTER TABLE "account_clearances" ADD CONSTRAINT "account_clearances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "security_labels_level_idx" ON "security_labels" USING btree ("level");--> statement-breakpoint
CREATE UNIQUE INDEX "security_labels_name_idx" ON "security_labels" USING btree ("name");--> statement-breakpoint
-- The default catalogue (DEFAULT_LABELS in the contract): 公开 0, 内部 1, 敏感 2.
INSERT INTO "security_labels" ("name", "level", "colour") VALUES ('公开', 0, '#52c41a'), ('内部', 1, '#1677ff'), ('敏感', 2, '#fa8c16');
