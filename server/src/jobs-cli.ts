import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './server.ts';
import { operatorActor, recordAudit } from './platform/audit/audit.ts';
import { createServiceContext } from './platform/context.ts';
import { JobRunner, type JobLog, type JobStatus } from './platform/jobs/runner.ts';
import { scheduledJobs } from './jobs.ts';

const USAGE = `tongxin jobs                 list the scheduled jobs and how their last runs went
tongxin jobs run NAME        run one job now (due or not); waits for nothing if another node
                             is running it`;

/** Messages go to the console the operator is watching, not to a JSON log. */
const consoleLog: JobLog = {
  info: () => {},
  error: (obj) => {
    const err = (obj as { err?: unknown }).err;
    console.error(err instanceof Error ? err.message : String(err));
  },
};

const shanghai = (iso: string | null): string =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '-';

function table(jobs: readonly JobStatus[]): string {
  const rows = jobs.map((j) => [
    j.name,
    `${j.everyMinutes} min`,
    j.running ? 'running' : (j.lastOutcome ?? 'never run'),
    shanghai(j.lastStartedAt),
    String(j.runs),
    j.failures > 0 ? `${j.failures} failed in a row` : '',
    j.lastSummary ?? '',
  ]);
  const head = ['job', 'every', 'state', 'last start (Beijing)', 'runs', '', 'last result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `tongxin jobs [run NAME]`. */
export async function jobsCommand(args: readonly string[]): Promise<number> {
  const [sub, name] = args;
  if (sub !== undefined && !(sub === 'run' && name)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    const runner = new JobRunner(
      database,
      scheduledJobs(createServiceContext(database, config)),
      consoleLog,
    );
    if (sub === undefined) {
      console.log(table(await runner.status()));
      return 0;
    }
    if (!(await runner.status()).some((j) => j.name === name)) {
      console.error(`tongxin jobs: no job named "${name}"\n\n${USAGE}`);
      return 2;
    }
    const outcome = await runner.runNow(name ?? '');
    if (!outcome) {
      console.error(`${name} is running on another node now; try again when it finishes.`);
      return 1;
    }
    await database.write((tx) =>
      recordAudit(tx, operatorActor('cli'), {
        action: 'jobs.run',
        result: outcome.outcome === 'ok' ? 'success' : 'failure',
        details: { job: outcome.name, summary: outcome.summary },
      }),
    );
    console.log(`${outcome.name}: ${outcome.outcome}: ${outcome.summary}`);
    return outcome.outcome === 'ok' ? 0 : 1;
  } finally {
    await database.close();
  }
}
