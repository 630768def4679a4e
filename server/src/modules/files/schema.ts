import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { FILE_KINDS } from '@tongxin/contract';
import { users } from '../identity/schema.ts';

/**
 * One uploaded file. It belongs to its uploader until something claims it (owner_kind and
 * owner_id: a message, a notice...); who may then read it is that owner kind's decision.
 * The bytes live in platform/storage under keys only the server made.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storageKey: text('storage_key').notNull(),
    thumbnailKey: text('thumbnail_key'),
    /** The uploader's name for it, cleaned (no path, no control characters). */
    name: text('name').notNull(),
    size: integer('size').notNull(),
    /** Detected from the bytes, never taken from the request. */
    mime: text('mime').notNull(),
    kind: text('kind', { enum: FILE_KINDS }).notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width'),
    height: integer('height'),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ownerKind: text('owner_kind'),
    ownerId: text('owner_id'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
  },
  (t) => [
    index('files_owner_idx').on(t.ownerKind, t.ownerId),
    // The prune of abandoned uploads walks only unclaimed rows, oldest first.
    index('files_unclaimed_idx')
      .on(t.createdAt)
      .where(sql`${t.ownerKind} is null`),
    check('files_owner_pair', sql`(${t.ownerKind} is null) = (${t.ownerId} is null)`),
  ],
);
