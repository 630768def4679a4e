CREATE TABLE "party_permissions" (
	"capability" text PRIMARY KEY NOT NULL,
	"posts" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
