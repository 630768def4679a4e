import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../identity/schema.ts';

/** 密级标识 catalogue; the migration seeds 公开 0, 内部 1, 敏感 2. One label per level. */
export const securityLabels = pgTable(
  'security_labels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    level: integer('level').notNull(),
    colour: text('colour').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('security_labels_level_idx').on(t.level),
    uniqueIndex('security_labels_name_idx').on(t.name),
    check('security_labels_level_range', sql`${t.level} between 0 and 9`),
  ],
);

/** An account's clearance, where the 安全管理员 has set one; otherwise DEFAULT_CLEARANCE. */
export const accountClearances = pgTable('account_clearances', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  level: integer('level').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});
