import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/types.ts';
import { jobRuns, type JobRunRow } from './schema.ts';

/*
 * Scheduled housekeeping (and later reminders): each job runs every so many minutes on one
 * node of the cluster. Every node ticks once a minute; a run starts only where the job's row
 * can be claimed: idle (or its claim lapsed) and due (its last start an interval ago). The
 * claim is one conditional UPDATE, so two nodes never run a job at once and a restart does not
 * run everything again. Runs are sequential within a node; a failing job is logged, recorded
 * and tried again at its next interval, and never stops the others.
 */

export interface Job {
  /** Stable, kebab-case: the row's key and the CLI's argument. */
  name: string;
  /** Minutes between starts. */
  everyMinutes: number;
  /** Longest a run may take before its claim lapses (default 30 minutes). */
  leaseMinutes?: number;
  /** Does the work; returns one line saying what it did. */
  run(now: Date): Promise<string>;
}

export interface JobOutcome {
  name: string;
  outcome: 'ok' | 'failed';
  summary: string;
}

export interface JobStatus {
  name: string;
  everyMinutes: number;
  running: boolean;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: 'ok' | 'failed' | null;
  lastSummary: string | null;
  runs: number;
  failures: number;
}

export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const DEFAULT_LEASE_MINUTES = 30;
const SUMMARY_MAX = 500;
const MINUTE = 60_000;

export class JobRunner {
  readonly node = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly jobs: Map<string, Job>;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<JobOutcome[]> | null = null;

  constructor(
    private readonly database: Database,
    jobs: readonly Job[],
    private readonly log: JobLog,
  ) {
    this.jobs = new Map(jobs.map((j) => [j.name, j]));
    if (this.jobs.size !== jobs.length) throw new Error('job names must be unique');
  }

  /** Ticks every `everyMs` (one minute) until stop(); the timer never keeps the process alive. */
  start(everyMs = MINUTE): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  /** Stops ticking and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Runs every job that is due and this node can claim, one after another. */
  tick(now: () => Date = () => new Date()): Promise<JobOutcome[]> {
    // A tick still running (a long prune) is not overlapped by the next one.
    this.ticking ??= this.runDue(now).finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async runDue(now: () => Date): Promise<JobOutcome[]> {
    const outcomes: JobOutcome[] = [];
    for (const job of this.jobs.values()) {
      try {
        const outcome = await this.attempt(job, now(), true);
        if (outcome) outcomes.push(outcome);
      } catch (err) {
        // The claim or its release failed (the database is away): try again next tick.
        this.log.error({ job: job.name, err }, 'job could not be claimed');
      }
    }
    return outcomes;
  }

  /**
   * Runs one job now, due or not (an operator's `tongxin jobs run NAME`); null when another
   * node is running it at this moment.
   */
  async runNow(name: string, now = new Date()): Promise<JobOutcome | null> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    return this.attempt(job, now, false);
  }

  /** Every job with its last run, in the order they were given. */
  async status(): Promise<JobStatus[]> {
    const rows = await this.database.db.select().from(jobRuns);
    const byName = new Map(rows.map((r) => [r.name, r]));
    const now = Date.now();
    return [...this.jobs.values()].map((job) => statusOf(job, byName.get(job.name), now));
  }

  private async attempt(job: Job, now: Date, onlyIfDue: boolean): Promise<JobOutcome | null> {
    if (!(await this.claim(job, now, onlyIfDue))) return null;
    let outcome: JobOutcome;
    try {
      const summary = await job.run(now);
      outcome = { name: job.name, outcome: 'ok', summary };
      this.log.info({ job: job.name, summary }, 'job done');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      outcome = { name: job.name, outcome: 'failed', summary: message };
      this.log.error({ job: job.name, err }, 'job failed');
    }
    await this.release(outcome);
    return outcome;
  }

  private async claim(job: Job, now: Date, onlyIfDue: boolean): Promise<boolean> {
    const lease = new Date(now.getTime() + (job.leaseMinutes ?? DEFAULT_LEASE_MINUTES) * MINUTE);
    const dueBefore = new Date(now.getTime() - job.everyMinutes * MINUTE);
    const idle = sql`(${jobRuns.claimedUntil} is null or ${jobRuns.claimedUntil} < ${now})`;
    const due = onlyIfDue
      ? sql`(${jobRuns.lastStartedAt} is null or ${jobRuns.lastStartedAt} <= ${dueBefore})`
      : sql`true`;
    return this.database.write(async (tx) => {
      await tx.insert(jobRuns).values({ name: job.name }).onConflictDoNothing();
      const claimed = await tx
        .update(jobRuns)
        .set({ claimedBy: this.node, claimedUntil: lease, lastStartedAt: now })
        .where(and(eq(jobRuns.name, job.name), idle, due))
        .returning({ name: jobRuns.name });
      return claimed.length === 1;
    });
  }

  private async release(outcome: JobOutcome): Promise<void> {
    const failed = outcome.outcome === 'failed';
    await this.database.write((tx) =>
      tx
        .update(jobRuns)
        .set({
          claimedBy: null,
          claimedUntil: null,
          lastFinishedAt: new Date(),
          lastOutcome: outcome.outcome,
          lastSummary: outcome.summary.slice(0, SUMMARY_MAX),
          runs: sql`${jobRuns.runs} + 1`,
          failures: failed ? sql`${jobRuns.failures} + 1` : 0,
        })
        .where(and(eq(jobRuns.name, outcome.name), eq(jobRuns.claimedBy, this.node))),
    );
  }
}

function statusOf(job: Job, row: JobRunRow | undefined, now: number): JobStatus {
  const outcome = row?.lastOutcome;
  return {
    name: job.name,
    everyMinutes: job.everyMinutes,
    running: Boolean(row?.claimedUntil && row.claimedUntil.getTime() > now),
    lastStartedAt: row?.lastStartedAt?.toISOString() ?? null,
    lastFinishedAt: row?.lastFinishedAt?.toISOString() ?? null,
    lastOutcome: outcome === 'ok' || outcome === 'failed' ? outcome : null,
    lastSummary: row?.lastSummary ?? null,
    runs: row?.runs ?? 0,
    failures: row?.failures ?? 0,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The node's scheduled jobs (server/src/jobs.ts); startServer starts them. */
    jobs: JobRunner;
  }
}
