import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per scheduled job (platform/jobs): when it last ran, how it went, and which node
 * holds it now. The row is the claim: every node ticks, and a conditional update lets exactly
 * one of them start a due run, on PGlite and PostgreSQL alike, without a lock held open.
 */
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  /** The node running it now; null when idle. */
  claimedBy: text('claimed_by'),
  /** A claim past this time has lapsed (its node died mid-run): another node may start. */
  claimedUntil: timestamp('claimed_until', { withTimezone: true }),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  /** ok | failed */
  lastOutcome: text('last_outcome'),
  /** What the run did, one line ("deleted 120 events"), or why it failed. */
  lastSummary: text('last_summary'),
  runs: integer('runs').notNull().default(0),
  /** Failed runs in a row; 0 after a success. */
  failures: integer('failures').notNull().default(0),
});

export type JobRunRow = typeof jobRuns.$inferSelect;
