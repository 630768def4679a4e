import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../test/engines.ts';
import { JobRunner, type Job, type JobLog } from './runner.ts';

const quiet: JobLog = { info: () => {}, error: () => {} };
const at = (minutes: number): Date => new Date(Date.UTC(2026, 11, 4, 8, 0) + minutes * 60_000);

/** A job whose runs are counted and, when `hold` is set, wait until released. */
function countingJob(name: string, everyMinutes: number, leaseMinutes = 30) {
  const state = { runs: 0, release: () => {}, hold: false };
  const job: Job = {
    name,
    everyMinutes,
    leaseMinutes,
    run: async () => {
      state.runs += 1;
      if (state.hold) await new Promise<void>((resolve) => (state.release = resolve));
      return `run ${state.runs}`;
    },
  };
  return { job, state };
}

describe.each(ENGINES)('scheduled jobs on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(async () => t.dispose());

  it('runs a due job on one node only, then not again until its interval has passed', async () => {
    const { job, state } = countingJob('count-once', 10);
    const a = new JobRunner(t.database, [job], quiet);
    const b = new JobRunner(t.database, [job], quiet);
    const first = await Promise.all([a.tick(() => at(0)), b.tick(() => at(0))]);
    expect(state.runs).toBe(1);
    expect(first.flat()).toEqual([{ name: 'count-once', outcome: 'ok', summary: 'run 1' }]);
    // A restarted node (a new runner) does not run it again early either.
    await new JobRunner(t.database, [job], quiet).tick(() => at(9));
    expect(state.runs).toBe(1);
    await b.tick(() => at(10));
    expect(state.runs).toBe(2);
    const [status] = await a.status();
    expect(status).toMatchObject({
      name: 'count-once',
      running: false,
      lastOutcome: 'ok',
      lastSummary: 'run 2',
      runs: 2,
      failures: 0,
      lastStartedAt: at(10).toISOString(),
    });
  });

  it('lets another node take over a claim its node never released', async () => {
    const { job, state } = countingJob('take-over', 1, 5);
    const a = new JobRunner(t.database, [job], quiet);
    const b = new JobRunner(t.database, [job], quiet);
    state.hold = true;
    const stuck = a.tick(() => at(0));
    await expect.poll(() => state.runs).toBe(1);
    expect(await b.tick(() => at(2))).toEqual([]); // due, but a holds it
    expect(await b.runNow('take-over', at(2))).toBeNull();
    state.hold = false;
    expect(await b.tick(() => at(6))).toHaveLength(1); // a's 5-minute lease has lapsed
    expect(state.runs).toBe(2);
    state.release();
    await stuck;
    // a's late finish does not overwrite what b recorded.
    const [status] = await b.status();
    expect(status).toMatchObject({ runs: 1, lastStartedAt: at(6).toISOString() });
  });

  it('records a failure, keeps running the other jobs and retries at the next interval', async () => {
    let fail = true;
    const flaky: Job = {
      name: 'flaky',
      everyMinutes: 60,
      run: async () => {
        if (fail) throw new Error('storage unreachable');
        return 'recovered';
      },
    };
    const { job: steady, state } = countingJob('steady', 60);
    const runner = new JobRunner(t.database, [flaky, steady], quiet);
    expect(await runner.tick(() => at(0))).toEqual([
      { name: 'flaky', outcome: 'failed', summary: 'storage unreachable' },
      { name: 'steady', outcome: 'ok', summary: 'run 1' },
    ]);
    expect((await runner.status())[0]).toMatchObject({ lastOutcome: 'failed', failures: 1 });
    expect(await runner.tick(() => at(30))).toEqual([]);
    fail = false;
    expect(await runner.tick(() => at(60))).toHaveLength(2);
    expect((await runner.status())[0]).toMatchObject({
      lastOutcome: 'ok',
      lastSummary: 'recovered',
      failures: 0,
      runs: 2,
    });
    expect(state.runs).toBe(2);
  });

  it('runs a job by hand whether due or not, and refuses unknown names', async () => {
    const { job, state } = countingJob('by-hand', 24 * 60);
    const runner = new JobRunner(t.database, [job], quiet);
    await runner.tick(() => at(0));
    expect(await runner.runNow('by-hand', at(1))).toMatchObject({ outcome: 'ok' });
    expect(state.runs).toBe(2);
    await expect(runner.runNow('nope')).rejects.toThrow(/no job named nope/);
    expect(() => new JobRunner(t.database, [job, job], quiet)).toThrow(/unique/);
  });
});
