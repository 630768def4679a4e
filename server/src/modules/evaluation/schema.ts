import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { EVALUATION_GRADES, EVALUATION_STATUSES, type EvaluationGrade } from '@tongxin/contract';
import { organisations } from '../orgs/schema.ts';
import { members } from '../members/schema.ts';
import { users } from '../identity/schema.ts';

/** 民主评议党员: one round per branch and year, draft → open → closed → finalised. */
export const evaluationRounds = pgTable(
  'evaluation_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: EVALUATION_STATUSES }).notNull().default('draft'),
    /** The 民主评议 activity it belongs to; no foreign key, activities live in another module. */
    activityId: uuid('activity_id'),
    createdByAccountId: uuid('created_by_account_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    finalisedAt: timestamp('finalised_at', { withTimezone: true }),
    finalisedByName: text('finalised_by_name'),
  },
  (t) => [uniqueIndex('evaluation_rounds_org_year_unique').on(t.orgId, t.year)],
);

/**
 * Who is evaluated, fixed when the round opens, with their self assessment (自评) and, once
 * finalised, the grade the committee set.
 */
export const evaluationSubjects = pgTable(
  'evaluation_subjects',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => evaluationRounds.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    name: text('name').notNull(),
    probationary: boolean('probationary').notNull(),
    selfText: text('self_text'),
    selfGrade: text('self_grade', { enum: EVALUATION_GRADES }),
    selfSubmittedAt: timestamp('self_submitted_at', { withTimezone: true }),
    finalGrade: text('final_grade', { enum: EVALUATION_GRADES }),
    finalReason: text('final_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.memberId] }),
    index('evaluation_subjects_member_idx').on(t.memberId),
  ],
);

/** 互评: not anonymous (the rater may revise it while the round is open). */
export const evaluationPeerRatings = pgTable(
  'evaluation_peer_ratings',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => evaluationRounds.id),
    raterMemberId: uuid('rater_member_id')
      .notNull()
      .references(() => members.id),
    subjectMemberId: uuid('subject_member_id')
      .notNull()
      .references(() => members.id),
    grade: text('grade', { enum: EVALUATION_GRADES }).notNull(),
    comment: text('comment').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.raterMemberId, t.subjectMemberId] })],
);

/**
 * The electoral roll: who may cast a ballot and whether they have. Nothing here points at a
 * ballot, and no time is kept. Every vote rewrites the round's rows in member-id order, so
 * their position and their transaction id (xmin) are the same for all and say nothing about
 * when any one of them voted (see docs/evaluation.md).
 */
export const evaluationVoters = pgTable(
  'evaluation_voters',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => evaluationRounds.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    voted: boolean('voted').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.memberId] })],
);

/**
 * 民主测评 ballots: a random id, the round and the grades, nothing else: no voter, no time, no
 * sequence. Every vote rewrites the round's ballots ordered by their random ids, in the same
 * transaction as the roll, so neither physical order nor xmin links a ballot to a voter.
 */
export const evaluationBallots = pgTable(
  'evaluation_ballots',
  {
    id: uuid('id').primaryKey(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => evaluationRounds.id),
    /** Member id → grade, for every member evaluated. */
    grades: jsonb('grades').$type<Record<string, EvaluationGrade>>().notNull(),
  },
  (t) => [index('evaluation_ballots_round_idx').on(t.roundId)],
);
