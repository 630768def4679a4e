import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { TALK_PAIR_KINDS, TALK_STATUSES } from '@tongxin/contract';
import { organisations } from '../orgs/schema.ts';
import { members } from '../members/schema.ts';

/**
 * 谈心谈话: one row per talk, never deleted (a cancelled talk stays with its reason). The
 * topic, the record and a correction note are private: stored only as ciphertext from the
 * platform crypto provider, bound to this table, the column and the row id, so a value copied
 * to another talk or column does not decrypt. Time and place are logistics, kept in the clear
 * for the calendar and the coverage matrix, which never needs contents.
 */
export const talks = pgTable(
  'talks',
  {
    id: uuid('id').primaryKey(),
    /** The branch whose coverage the talk counts toward (the lower party's branch). */
    branchId: uuid('branch_id')
      .notNull()
      .references(() => organisations.id),
    initiatorMemberId: uuid('initiator_member_id')
      .notNull()
      .references(() => members.id),
    otherMemberId: uuid('other_member_id')
      .notNull()
      .references(() => members.id),
    pairKind: text('pair_kind', { enum: TALK_PAIR_KINDS }).notNull(),
    topicCipher: text('topic_cipher').notNull(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    status: text('status', { enum: TALK_STATUSES }).notNull(),
    recorderMemberId: uuid('recorder_member_id').references(() => members.id),
    recordCipher: text('record_cipher'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    correctionCipher: text('correction_cipher'),
    correctionRequestedAt: timestamp('correction_requested_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('talks_branch_idx').on(t.branchId, t.scheduledAt),
    index('talks_initiator_idx').on(t.initiatorMemberId, t.scheduledAt),
    index('talks_other_idx').on(t.otherMemberId, t.scheduledAt),
  ],
);
