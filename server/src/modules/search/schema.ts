import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A `tsvector`, written as a literal built by platform/search (never through to_tsvector). */
const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => 'tsvector',
});

/**
 * The search index: one row per searchable record of any module (a message, a topic, a
 * notice, and later activities, minutes, rectification items). Written by the owning module's
 * service in the same transaction as the record itself, through modules/search/indexer.ts.
 * No foreign keys: the index belongs to no module's tables and is rebuilt from them.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the record is (contract SEARCH_KINDS) and its id in its own module. */
    kind: text('kind').notNull(),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    /** Plain text, for snippets. */
    body: text('body').notNull(),
    /** Where it lives, shown under the title (a message's topic title). */
    context: text('context').notNull().default(''),
    vector: tsvector('vector').notNull(),
    /**
     * Access keys: whoever holds one of them may open the record (`space:<id>`,
     * `account:<id>`, `org-track:<id>`). Searches filter on `acl && viewer's keys` inside
     * the query, so counts and pages never include what the viewer may not open.
     */
    acl: text('acl').array().notNull(),
    spaceId: uuid('space_id'),
    orgId: uuid('org_id'),
    authorId: uuid('author_id'),
    authorName: text('author_name').notNull().default(''),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The record this one belongs to (a message's topic), for re-indexing on rename or move. */
    parentRef: text('parent_ref'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    link: text('link').notNull(),
    indexedAt: timestamp('indexed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('search_documents_ref').on(t.kind, t.ref),
    index('search_documents_vector').using('gin', t.vector),
    index('search_documents_acl').using('gin', t.acl),
    index('search_documents_parent').on(t.parentRef),
    index('search_documents_at').on(t.at),
    // Suggestions of topics as you type: substring and similarity over titles.
    index('search_documents_title_trgm').using('gin', t.title.op('gin_trgm_ops')),
  ],
);
