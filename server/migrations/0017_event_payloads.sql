CREATE TABLE "event_payloads" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_payloads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_events" ALTER COLUMN "payload" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "user_events" ADD COLUMN "payload_id" bigint;--> statement-breakpoint
CREATE INDEX "event_payloads_at_idx" ON "event_payloads" USING btree ("at");--> statement-breakpoint
ALTER TABLE "user_events" ADD CONSTRAINT "user_events_has_payload" CHECK ("user_events"."payload_id" is not null or "user_events"."payload" is not null);