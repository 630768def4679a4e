import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { NOTIFICATION_KINDS } from '@tongxin/contract';
import { users } from '../identity/schema.ts';

/**
 * One row per recipient account and thing to look at. Kept until the account goes: the list
 * is the member's inbox of mentions, replies and notices, unlike the event feed, which is a
 * delivery buffer that is pruned.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: the list's cursor (time alone is not unique within a batch). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    title: text('title').notNull(),
    excerpt: text('excerpt').notNull(),
    /** A web app path (starts with a single `/`), checked before insert. */
    link: text('link').notNull(),
    /** Id of the record it is about, in the module that made it (notice, message...). */
    sourceId: text('source_id').notNull(),
    actorAccountId: uuid('actor_account_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_account_seq_idx').on(t.accountId, t.seq),
    // The bell's count asks this on every poll: only unread rows are indexed.
    index('notifications_unread_idx')
      .on(t.accountId, t.seq)
      .where(sql`${t.readAt} is null`),
    index('notifications_source_idx').on(t.sourceId, t.accountId),
  ],
);
