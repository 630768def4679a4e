CREATE TABLE "user_event_heads" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"last_id" bigint NOT NULL,
	CONSTRAINT "user_event_heads_positive" CHECK ("user_event_heads"."last_id" > 0)
);
--> statement-breakpoint
CREATE TABLE "user_events" (
	"user_id" uuid NOT NULL,
	"id" bigint NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_events_user_id_id_pk" PRIMARY KEY("user_id","id")
);
--> statement-breakpoint
CREATE INDEX "user_events_at_idx" ON "user_events" USING btree ("at");