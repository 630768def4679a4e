CREATE TABLE "search_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"context" text DEFAULT '' NOT NULL,
	"vector" "tsvector" NOT NULL,
	"acl" text[] NOT NULL,
	"space_id" uuid,
	"org_id" uuid,
	"author_id" uuid,
	"author_name" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"parent_ref" text,
	"at" timestamp with time zone NOT NULL,
	"link" text NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "search_documents_ref" ON "search_documents" USING btree ("kind","ref");--> statement-breakpoint
CREATE INDEX "search_documents_vector" ON "search_documents" USING gin ("vector");--> statement-breakpoint
CREATE INDEX "search_documents_acl" ON "search_documents" USING gin ("acl");--> statement-breakpoint
CREATE INDEX "search_documents_parent" ON "search_documents" USING btree ("parent_ref");--> statement-breakpoint
CREATE INDEX "search_documents_at" ON "search_documents" USING btree ("at");--> statement-breakpoint
CREATE INDEX "search_documents_title_trgm" ON "search_documents" USING gin ("title" gin_trgm_ops);