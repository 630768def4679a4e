import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/*
 * Keyed by account id, not member id: administrators have accounts without members and
 * receive events too. No foreign key to `users`, so platform code stays free of modules;
 * callers pass account ids they already hold.
 */

/** The last event id handed out per account; the row lock serialises concurrent writers. */
export const userEventHeads = pgTable(
  'user_event_heads',
  {
    userId: uuid('user_id').primaryKey(),
    lastId: bigint('last_id', { mode: 'number' }).notNull(),
  },
  (t) => [check('user_event_heads_positive', sql`${t.lastId} > 0`)],
);

/** The durable per-account feed: what `GET /events?since=` replays to a reconnecting client. */
export const userEvents = pgTable(
  'user_events',
  {
    userId: uuid('user_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.id] }), index('user_events_at_idx').on(t.at)],
);
