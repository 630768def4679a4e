import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { TRANSFER_STATES } from '@tongxin/contract';
import { organisations } from '../orgs/schema.ts';
import { members } from '../members/schema.ts';

/** 组织关系转接, one row per request; rows are never deleted, so the history stays. */
export const memberTransfers = pgTable(
  'member_transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    fromBranchId: uuid('from_branch_id')
      .notNull()
      .references(() => organisations.id),
    toBranchId: uuid('to_branch_id')
      .notNull()
      .references(() => organisations.id),
    reason: text('reason').notNull(),
    state: text('state', { enum: TRANSFER_STATES }).notNull().default('requested'),
    requestedBy: uuid('requested_by'),
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('member_transfers_member_idx').on(t.memberId, t.requestedAt),
    index('member_transfers_from_idx').on(t.fromBranchId),
    index('member_transfers_to_idx').on(t.toBranchId),
    // One pending transfer per member at a time.
    uniqueIndex('member_transfers_one_pending')
      .on(t.memberId)
      .where(sql`${t.state} = 'requested'`),
  ],
);
