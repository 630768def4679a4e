ALTER TABLE "members" ADD COLUMN "id_card_cipher" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "id_card_index" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "phone_cipher" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "phone_index" text;--> statement-breakpoint
CREATE UNIQUE INDEX "members_id_card_unique" ON "members" USING btree ("id_card_index") WHERE "members"."id_card_index" is not null;--> statement-breakpoint
CREATE INDEX "members_phone_idx" ON "members" USING btree ("phone_index");