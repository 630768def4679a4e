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

/**
 * One row per written event, whatever the number of its recipients: a message to a space of a
 * thousand stores its payload once, not a thousand times. `type` and `at` repeat the
 * recipients' rows so feed rewrites (withdrawal, redaction) can find payloads by them.
 */
export const eventPayloads = pgTable(
  'event_payloads',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_payloads_at_idx').on(t.at)],
);

/**
 * The durable per-account feed: what `GET /events?since=` replays to a reconnecting client.
 * Each row points at its event's shared payload (`payload_id`). `payload` is only set on rows
 * written before payloads were shared; readers take whichever is present. No foreign key:
 * a row and its payload are written in one statement and pruned by the same `at`, and a
 * per-row key check would cost as much as the row itself.
 */
export const userEvents = pgTable(
  'user_events',
  {
    userId: uuid('user_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    payloadId: bigint('payload_id', { mode: 'number' }),
    payload: jsonb('payload').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.id] }),
    index('user_events_at_idx').on(t.at),
    check('user_events_has_payload', sql`${t.payloadId} is not null or ${t.payload} is not null`),
  ],
);
