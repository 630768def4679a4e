import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { SPACE_KINDS, SUBSCRIPTION_LEVELS, type FileRef } from '@tongxin/contract';
import { organisations } from '../orgs/schema.ts';

/*
 * People are account ids (users.id) with no foreign key: identity is another module, and
 * names are copied at write time so the archive reads the same after renames.
 */

/** A space: org (derived members), study_group / cross_branch (explicit), announcement, dm. */
export const exchangeSpaces = pgTable(
  'exchange_spaces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: SPACE_KINDS }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Bound organisation (org, announcement) or owning one (study_group, cross_branch). */
    orgId: uuid('org_id').references(() => organisations.id),
    /** For one-to-one DMs: the two account ids sorted and joined, so a pair has one DM. */
    dmKey: text('dm_key'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One org space per organisation, created lazily by whoever opens it first.
    uniqueIndex('exchange_spaces_one_per_org')
      .on(t.orgId)
      .where(sql`${t.kind} = 'org'`),
    uniqueIndex('exchange_spaces_dm_key').on(t.dmKey),
    index('exchange_spaces_org_idx').on(t.orgId),
  ],
);

/** Explicit members of study_group, cross_branch and dm spaces. */
export const exchangeSpaceMembers = pgTable(
  'exchange_space_members',
  {
    spaceId: uuid('space_id')
      .notNull()
      .references(() => exchangeSpaces.id),
    accountId: uuid('account_id').notNull(),
    addedBy: uuid('added_by'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.spaceId, t.accountId] }),
    index('exchange_space_members_account_idx').on(t.accountId),
  ],
);

export const exchangeTags = pgTable(
  'exchange_tags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    builtIn: boolean('built_in').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('exchange_tags_name').on(t.name)],
);

export const exchangeTopics = pgTable(
  'exchange_topics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => exchangeSpaces.id),
    title: text('title').notNull(),
    tagIds: uuid('tag_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    messageCount: bigint('message_count', { mode: 'number' }).notNull().default(0),
    lastMessageId: bigint('last_message_id', { mode: 'number' }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
  },
  (t) => [index('exchange_topics_space_idx').on(t.spaceId, t.lastMessageId)],
);

/**
 * Messages. The id is an identity sequence: increasing in posting order, the cursor for
 * scroll-back and the read marker. A withdrawn message keeps its source for the archive;
 * readers get it without the body.
 */
export const exchangeMessages = pgTable(
  'exchange_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => exchangeTopics.id),
    /** Copied from the topic (kept in step when a topic moves) for per-space unread counts. */
    spaceId: uuid('space_id')
      .notNull()
      .references(() => exchangeSpaces.id),
    authorId: uuid('author_id').notNull(),
    authorName: text('author_name').notNull(),
    source: text('source').notNull(),
    html: text('html').notNull(),
    plainText: text('plain_text').notNull(),
    mentions: uuid('mentions')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    mentionsAll: boolean('mentions_all').notNull().default(false),
    replyToId: bigint('reply_to_id', { mode: 'number' }),
    /** Files claimed for this message, as the files module described them. */
    attachments: jsonb('attachments')
      .$type<FileRef[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by'),
    withdrawnByName: text('withdrawn_by_name'),
    withdrawReason: text('withdraw_reason'),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }),
    pinnedBy: uuid('pinned_by'),
  },
  (t) => [
    index('exchange_messages_topic_idx').on(t.topicId, t.id),
    index('exchange_messages_space_idx').on(t.spaceId, t.id),
    // Substring search (Chinese included) over the message text.
    index('exchange_messages_text_trgm').using('gin', t.plainText.op('gin_trgm_ops')),
    index('exchange_messages_pinned_idx')
      .on(t.topicId)
      .where(sql`${t.pinnedAt} is not null`),
  ],
);

/** Earlier versions of edited messages: every edit keeps what it replaced. */
export const exchangeMessageVersions = pgTable(
  'exchange_message_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => exchangeMessages.id),
    source: text('source').notNull(),
    html: text('html').notNull(),
    replacedBy: uuid('replaced_by').notNull(),
    replacedAt: timestamp('replaced_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [index('exchange_message_versions_message_idx').on(t.messageId, t.replacedAt)],
);

export const exchangeReactions = pgTable(
  'exchange_reactions',
  {
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => exchangeMessages.id),
    accountId: uuid('account_id').notNull(),
    emoji: text('emoji').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.accountId, t.emoji] })],
);

/** The highest message id an account has read in a topic. */
export const exchangeReadMarkers = pgTable(
  'exchange_read_markers',
  {
    accountId: uuid('account_id').notNull(),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => exchangeTopics.id),
    lastReadId: bigint('last_read_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.topicId] })],
);

/**
 * Mark-all-read per space: everything up to `floorId` counts as read in every topic of the
 * space, without writing a marker per topic.
 */
export const exchangeSpaceReads = pgTable(
  'exchange_space_reads',
  {
    accountId: uuid('account_id').notNull(),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => exchangeSpaces.id),
    floorId: bigint('floor_id', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.spaceId] })],
);

export const exchangeTopicSubscriptions = pgTable(
  'exchange_topic_subscriptions',
  {
    accountId: uuid('account_id').notNull(),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => exchangeTopics.id),
    level: text('level', { enum: SUBSCRIPTION_LEVELS }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.topicId] }),
    index('exchange_topic_subscriptions_topic_idx').on(t.topicId),
  ],
);

/**
 * Sensitive words (敏感词), kept by the security administrator: a message or topic title
 * containing one is refused.
 */
export const exchangeSensitiveWords = pgTable(
  'exchange_sensitive_words',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    word: text('word').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('exchange_sensitive_words_word').on(t.word)],
);
