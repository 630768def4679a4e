import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from '../orgs/schema.ts';
import { members } from '../members/schema.ts';
import { users } from '../identity/schema.ts';

/** 通知公告: one row per notice; never deleted (withdrawal keeps it for the archive). */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    includeSubtree: boolean('include_subtree').notNull(),
    chosenMembers: boolean('chosen_members').notNull(),
    title: text('title').notNull(),
    /** What the sender wrote (Markdown) and the sanitised HTML rendered from it once. */
    bodySource: text('body_source').notNull(),
    bodyHtml: text('body_html').notNull(),
    requiresAck: boolean('requires_ack').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }),
    senderAccountId: uuid('sender_account_id')
      .notNull()
      .references(() => users.id),
    senderName: text('sender_name').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    recipientCount: integer('recipient_count').notNull(),
    /** The last 一键提醒: reminders are limited per notice. */
    lastRemindedAt: timestamp('last_reminded_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnByName: text('withdrawn_by_name'),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [
    index('notices_org_idx').on(t.orgId, t.sentAt),
    index('notices_sender_idx').on(t.senderAccountId, t.sentAt),
  ],
);

/** Who a notice reached, fixed at send time, with each one's read and acknowledged state. */
export const noticeRecipients = pgTable(
  'notice_recipients',
  {
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => users.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    /** Name and branch as they were when sent: the tracking list reads as the sender saw it. */
    name: text('name').notNull(),
    branchName: text('branch_name').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.noticeId, t.accountId] }),
    index('notice_recipients_account_idx').on(t.accountId),
  ],
);
