import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The permission matrix, one row per capability the 安全管理员 has saved. A capability with no
 * row carries its default posts, so a capability added in a later release starts with its
 * default rather than with nobody.
 */
export const partyPermissions = pgTable('party_permissions', {
  capability: text('capability').primaryKey(),
  posts: text('posts').array().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});
