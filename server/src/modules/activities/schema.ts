import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  ATTENDANCE_STATUSES,
  LEAVE_STATUSES,
  MAKEUP_METHODS,
  SIGN_IN_METHODS,
  type ActivityDetails,
  type ActivityRecord,
  type MinutesInput,
} from '@tongxin/contract';
import { organisations } from '../orgs/schema.ts';
import { members } from '../members/schema.ts';
import { users } from '../identity/schema.ts';
import { notices } from '../notices/schema.ts';
import { exchangeSpaces, exchangeTopics } from '../exchange/schema.ts';

/**
 * 组织生活 activities. The type-specific fields are a discriminated union checked by the route
 * schema (ActivityDetails) and kept together; everything the lists filter on is a column.
 */
export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The host organisation (a branch, a 党小组, or a level above). */
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    type: text('type', { enum: ACTIVITY_TYPES }).notNull(),
    status: text('status', { enum: ACTIVITY_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    hostMemberId: uuid('host_member_id').references(() => members.id),
    recorderMemberId: uuid('recorder_member_id').references(() => members.id),
    details: jsonb('details').$type<ActivityDetails>().notNull(),
    signInOpensBeforeMinutes: integer('sign_in_opens_before_minutes').notNull(),
    signInClosesAfterMinutes: integer('sign_in_closes_after_minutes').notNull(),
    /** The record as the recorder wrote it; pass/quorum are derived when shown. */
    minutes: jsonb('minutes').$type<MinutesInput>(),
    minutesUpdatedAt: timestamp('minutes_updated_at', { withTimezone: true }),
    minutesUpdatedByName: text('minutes_updated_by_name'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => users.id),
    /** The notice (with read tracking) sent to the expected attendees on publishing. */
    noticeId: uuid('notice_id').references(() => notices.id),
    finalisedAt: timestamp('finalised_at', { withTimezone: true }),
    finalisedByName: text('finalised_by_name'),
    /** 0 until finalised; then the number of the latest row in activity_versions. */
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('activities_org_idx').on(t.orgId, t.startsAt),
    index('activities_starts_idx').on(t.startsAt),
  ],
);

/**
 * Every organisation an activity counts for: the host, and for 联学联建 each partner branch.
 * Lists and calendars of an organisation read this, so a joint activity shows in each.
 */
export const activityOrgs = pgTable(
  'activity_orgs',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    host: boolean('host').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.orgId] }),
    index('activity_orgs_org_idx').on(t.orgId),
  ],
);

/** 应到 and what became of each: fixed from the roster when planned, marked or signed in. */
export const activityAttendees = pgTable(
  'activity_attendees',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    /** Name, branch, vote and committee seat as they were when planned: the record stays true. */
    name: text('name').notNull(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => organisations.id),
    branchName: text('branch_name').notNull(),
    voting: boolean('voting').notNull(),
    committee: boolean('committee').notNull(),
    status: text('status', { enum: ATTENDANCE_STATUSES }).notNull().default('expected'),
    signedInAt: timestamp('signed_in_at', { withTimezone: true }),
    signInMethod: text('sign_in_method', { enum: SIGN_IN_METHODS }),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.memberId] }),
    index('activity_attendees_member_idx').on(t.memberId),
  ],
);

/** 请假: asked by an expected attendee, decided by an officer. */
export const activityLeaveRequests = pgTable(
  'activity_leave_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    name: text('name').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: LEAVE_STATUSES }).notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [index('activity_leave_activity_idx').on(t.activityId, t.createdAt)],
);

/** 补学 of an absentee, confirmed by the officer who records it. */
export const activityMakeups = pgTable(
  'activity_makeups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    name: text('name').notNull(),
    date: date('date').notNull(),
    method: text('method', { enum: MAKEUP_METHODS }).notNull(),
    content: text('content').notNull(),
    confirmedBy: uuid('confirmed_by')
      .notNull()
      .references(() => users.id),
    confirmedByName: text('confirmed_by_name').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('activity_makeups_activity_idx').on(t.activityId)],
);

/** The activity's discussion topic(s) in exchange spaces. */
export const activityTopics = pgTable(
  'activity_topics',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    spaceId: uuid('space_id')
      .notNull()
      .references(() => exchangeSpaces.id),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => exchangeTopics.id),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.orgId] })],
);

/**
 * Finalised records: version 1 is the record as finalised, each amendment adds the next with
 * its reason. Rows are never changed; the snapshot is the whole record as shown.
 */
export const activityVersions = pgTable(
  'activity_versions',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id),
    version: integer('version').notNull(),
    reason: text('reason'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    snapshot: jsonb('snapshot').$type<ActivityRecord>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.version] })],
);
