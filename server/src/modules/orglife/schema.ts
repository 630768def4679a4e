import { boolean, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../orgs/schema.ts';
import { members } from '../members/schema.ts';
import { users } from '../identity/schema.ts';

/** 组织生活会: one cycle of a branch in a year, from preparation to the report upward. */
export const orgLifeMeetings = pgTable(
  'org_life_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    meetingDate: date('meeting_date', { mode: 'string' }),
    /** preparing | held | rectifying | reported */
    status: text('status').notNull().default('preparing'),
    /**
     * The activity (type org_life_meeting) it was held as. No foreign key: the activities
     * module lands separately, and the link is checked through its service when present.
     */
    activityId: uuid('activity_id'),
    summary: text('summary').notNull().default(''),
    opinionSummary: text('opinion_summary').notNull().default(''),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedByName: text('submitted_by_name'),
    reportedToOrgId: uuid('reported_to_org_id').references(() => organisations.id),
  },
  (t) => [
    index('org_life_meetings_org_idx').on(t.orgId, t.year),
    index('org_life_meetings_reported_idx').on(t.reportedToOrgId),
  ],
);

/**
 * 征求意见: opinions about the committee or one of its members, collected before the meeting.
 * An anonymous one stores no giver at all, so nobody (administrators included) can tell who.
 */
export const orgLifeOpinions = pgTable(
  'org_life_opinions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => orgLifeMeetings.id),
    /** committee | member */
    target: text('target').notNull(),
    targetMemberId: uuid('target_member_id').references(() => members.id),
    /** member | masses */
    source: text('source').notNull(),
    /** The giving member; null when anonymous or from the masses. */
    fromMemberId: uuid('from_member_id').references(() => members.id),
    /** The giver's name as shown; null when anonymous. */
    fromName: text('from_name'),
    anonymous: boolean('anonymous').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('org_life_opinions_meeting_idx').on(t.meetingId)],
);

/**
 * 批评与自我批评: kind self (one per member and meeting) or received (who said it). The text is
 * encrypted through platform/crypto, bound to its row: a database copy reveals nothing.
 */
export const orgLifeCriticisms = pgTable(
  'org_life_criticisms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => orgLifeMeetings.id),
    subjectMemberId: uuid('subject_member_id')
      .notNull()
      .references(() => members.id),
    /** self | received */
    kind: text('kind').notNull(),
    fromMemberId: uuid('from_member_id').references(() => members.id),
    bodyCipher: text('body_cipher').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('org_life_criticisms_subject_idx').on(t.meetingId, t.subjectMemberId)],
);

/** 整改事项: what was found, what will be done, by whom and when, and the proof it was. */
export const orgLifeRectifications = pgTable(
  'org_life_rectifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => orgLifeMeetings.id),
    problem: text('problem').notNull(),
    measure: text('measure').notNull(),
    ownerMemberId: uuid('owner_member_id')
      .notNull()
      .references(() => members.id),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** open | in_progress | done */
    status: text('status').notNull().default('open'),
    evidence: text('evidence'),
    closedBy: uuid('closed_by').references(() => users.id),
    closedByName: text('closed_by_name'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('org_life_rectifications_meeting_idx').on(t.meetingId, t.deadline)],
);
