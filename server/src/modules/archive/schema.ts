import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ARCHIVE_EXPORT_STATES, ARCHIVE_KINDS } from '@tongxin/contract';
import { organisations } from '../orgs/schema.ts';

/**
 * Archive entries: leaves of the Merkle tree, in leaf order (`seq` = leaf index from 0).
 * Append-only: no code path updates or deletes a row. Every column is in the leaf data, so a
 * raw SQL change to any of them is found by `tongxin archive verify`. `content` is the
 * record's canonical JSON as text (jsonb would re-encode numbers and reorder keys).
 */
export const archiveEntries = pgTable(
  'archive_entries',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    orgName: text('org_name').notNull(),
    kind: text('kind', { enum: ARCHIVE_KINDS }).notNull(),
    refId: text('ref_id').notNull(),
    version: integer('version').notNull(),
    supersedes: bigint('supersedes', { mode: 'number' }),
    title: text('title').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }).notNull(),
    archivedBy: text('archived_by').notNull(),
    archivedById: uuid('archived_by_id'),
    content: text('content').notNull(),
    /** SM3 leaf hash of the leaf data, kept so proofs need not re-read every content. */
    leafHash: text('leaf_hash').notNull(),
  },
  (t) => [
    uniqueIndex('archive_entries_id').on(t.id),
    uniqueIndex('archive_entries_version').on(t.kind, t.refId, t.version),
    index('archive_entries_org_idx').on(t.orgId, t.occurredAt),
  ],
);

/** Signed checkpoints (tree size, root, time), append-only, numbered from 1. */
export const archiveCheckpoints = pgTable('archive_checkpoints', {
  seq: integer('seq').primaryKey(),
  treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
  rootHash: text('root_hash').notNull(),
  /** The signed time, exactly as signed (ISO 8601, milliseconds, Z). */
  time: text('time').notNull(),
  signature: text('signature').notNull(),
  publicKey: text('public_key').notNull(),
  /** entries | interval | demand | export */
  reason: text('reason').notNull(),
});

/** Package exports: a background job each, with its progress; the zip lives in storage. */
export const archiveExports = pgTable(
  'archive_exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    orgName: text('org_name').notNull(),
    includeSubtree: boolean('include_subtree').notNull(),
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    status: text('status', { enum: ARCHIVE_EXPORT_STATES }).notNull(),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    fileKey: text('file_key'),
    size: bigint('size', { mode: 'number' }),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('archive_exports_requester_idx').on(t.requestedBy, t.createdAt)],
);
