import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ORG_HISTORY_ACTIONS, ORG_KINDS, POSTS } from '@tongxin/contract';
import { members } from '../members/schema.ts';

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id').references((): AnyPgColumn => organisations.id),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    name: text('name').notNull(),
    termStartedOn: date('term_started_on'),
    nextElectionOn: date('next_election_on'),
    /** 3 years, or 5 for village and community branches (DOMAIN: committee terms). */
    termYears: integer('term_years').notNull().default(3),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dissolvedAt: timestamp('dissolved_at', { withTimezone: true }),
  },
  (t) => [
    index('organisations_parent_idx').on(t.parentId),
    // Exactly one root: the 基层党委 created at setup.
    uniqueIndex('organisations_single_root')
      .on(sql`(true)`)
      .where(sql`${t.parentId} is null`),
    // Siblings are told apart by name.
    uniqueIndex('organisations_sibling_name')
      .on(t.parentId, t.name)
      .where(sql`${t.dissolvedAt} is null`),
  ],
);

export const orgPosts = pgTable(
  'org_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    post: text('post', { enum: POSTS }).notNull(),
    termStartedOn: date('term_started_on').notNull(),
    endedOn: date('ended_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('org_posts_member_idx').on(t.memberId),
    // One holder per single-seat post at a time.
    uniqueIndex('org_posts_single_seat')
      .on(t.orgId, t.post)
      .where(
        sql`${t.endedOn} is null and ${t.post} in ('secretary','organisation_officer','publicity_officer','discipline_officer','group_leader')`,
      ),
  ],
);

/**
 * What happened to an organisation, kept for good: created, renamed, moved, a new term,
 * posts assigned and ended, dissolved. Old and new values are kept as the people read them
 * (names), ids in details, so the timeline stays readable after later renames.
 */
export const orgHistory = pgTable(
  'org_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    action: text('action', { enum: ORG_HISTORY_ACTIONS }).notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    /** The account (no foreign key: identity is another module) and its name at the time. */
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    // clock_timestamp, not now(): several changes in one transaction keep their order.
    at: timestamp('at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [index('org_history_org_idx').on(t.orgId, t.at)],
);
