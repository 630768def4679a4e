import type { ServiceContext } from './platform/context.ts';
import type { Job } from './platform/jobs/runner.ts';
import { pruneEvents } from './platform/bus/events.ts';
import { checkpointIfDue } from './modules/archive/service.ts';
import { pruneUnclaimedFiles } from './modules/files/service.ts';
import { pruneSessions } from './modules/identity/sessions.ts';

/*
 * The scheduled jobs of a Tongxin node (platform/jobs runs them, one node at a time). Modules
 * own the work; this list only says how often. docs/operations.md#scheduled-jobs.
 */

/** Uploads never attached are kept this long (a draft being written), then removed. */
export const UNCLAIMED_FILE_HOURS = 24;
/** Sessions that ended, expired or went idle are removed this long after. */
export const SESSION_KEEP_DAYS = 30;

const hoursBefore = (now: Date, hours: number): Date => new Date(now.getTime() - hours * 3_600_000);

export function scheduledJobs(ctx: ServiceContext): Job[] {
  return [
    {
      // Signed checkpoints on the interval rule (ARCHIVE_CHECKPOINT_MINUTES), checked each minute.
      name: 'archive-checkpoint',
      everyMinutes: 1,
      run: async (now) => ((await checkpointIfDue(ctx, now)) ? 'signed a checkpoint' : 'none due'),
    },
    {
      name: 'prune-events',
      everyMinutes: 6 * 60,
      run: async (now) => {
        const before = hoursBefore(now, ctx.config.eventRetentionDays * 24);
        const n = await ctx.database.write((tx) => pruneEvents(tx, before));
        return `deleted ${n} events before ${before.toISOString()}`;
      },
    },
    {
      name: 'prune-unclaimed-files',
      everyMinutes: 60,
      run: async (now) =>
        `removed ${await pruneUnclaimedFiles(ctx, hoursBefore(now, UNCLAIMED_FILE_HOURS))} unattached uploads`,
    },
    {
      name: 'prune-sessions',
      everyMinutes: 6 * 60,
      run: async (now) =>
        `removed ${await pruneSessions(ctx, hoursBefore(now, SESSION_KEEP_DAYS * 24))} old sessions`,
    },
  ];
}
