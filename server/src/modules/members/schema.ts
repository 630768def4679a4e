import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { GENDERS, MEMBER_CONDITIONS, MEMBER_STATUSES } from '@tongxin/contract';
import { organisations } from '../orgs/schema.ts';

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    gender: text('gender', { enum: GENDERS }).notNull(),
    ethnicity: text('ethnicity').notNull().default('汉族'),
    birthDate: date('birth_date'),
    education: text('education'),
    unit: text('unit'),
    job: text('job'),
    joinedOn: date('joined_on'),
    fullMemberOn: date('full_member_on'),
    status: text('status', { enum: MEMBER_STATUSES }).notNull(),
    condition: text('condition', { enum: MEMBER_CONDITIONS }).notNull().default('normal'),
    /** 组织关系: exactly one branch at a time. */
    branchId: uuid('branch_id')
      .notNull()
      .references(() => organisations.id),
    groupId: uuid('group_id').references(() => organisations.id),
    /**
     * Personal data, encrypted by the CryptoProvider and bound to this row and column; the
     * index columns hold keyed hashes (HMAC-SM3) for exact lookup and uniqueness.
     */
    idCardCipher: text('id_card_cipher'),
    idCardIndex: text('id_card_index'),
    phoneCipher: text('phone_cipher'),
    phoneIndex: text('phone_index'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('members_branch_idx').on(t.branchId),
    index('members_group_idx').on(t.groupId),
    // One person, one record: an ID card number appears once.
    uniqueIndex('members_id_card_unique')
      .on(t.idCardIndex)
      .where(sql`${t.idCardIndex} is not null`),
    index('members_phone_idx').on(t.phoneIndex),
  ],
);
