import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ENGINES } from './test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, setupPlan, signIn, useHarness } from './test/harness.ts';
import { runCli } from './test/server-process.ts';
import { appendEvents } from './platform/bus/events.ts';
import { eventPayloads, userEvents } from './platform/bus/schema.ts';
import { sessions, users } from './modules/identity/schema.ts';

const DAY = 86_400_000;

// The node's scheduled jobs as the server runs them: through the app's own runner and context.
describe.each(ENGINES)('scheduled housekeeping on %s', (engine) => {
  const h = useHarness(engine);
  let cookie = '';
  let accountId = '';

  beforeAll(async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    cookie = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const [row] = await ctx.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'sysadmin'));
    accountId = row?.id ?? '';
  });

  it('prunes old feed events and old sessions, and leaves what is current alone', async () => {
    const { app, ctx } = h();
    const db = ctx.database;
    // Two events; the first was stored six weeks ago (retention is 30 days).
    const [old] = await db.write((tx) =>
      appendEvents(tx, [accountId], { type: 'test.old', payload: { n: 1 } }),
    );
    await db.write((tx) => appendEvents(tx, [accountId], { type: 'test.new', payload: { n: 2 } }));
    const sixWeeks = new Date(Date.now() - 42 * DAY);
    await db.write(async (tx) => {
      await tx
        .update(userEvents)
        .set({ at: sixWeeks })
        .where(sql`${userEvents.userId} = ${accountId} and ${userEvents.id} = ${old?.id ?? 0}`);
      await tx
        .update(eventPayloads)
        .set({ at: sixWeeks })
        .where(eq(eventPayloads.type, 'test.old'));
    });
    // A second session, signed out two months ago.
    const gone = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie: gone },
    });
    expect(out.statusCode, out.body).toBeLessThan(300);
    await db.write((tx) =>
      tx
        .update(sessions)
        .set({ endedAt: new Date(Date.now() - 60 * DAY) })
        .where(sql`${sessions.endedAt} is not null`),
    );
    const before = await db.db.select({ id: sessions.id }).from(sessions);

    const outcomes = await app.jobs.tick();
    expect(outcomes.map((o) => [o.name, o.outcome])).toEqual([
      ['archive-checkpoint', 'ok'],
      ['prune-events', 'ok'],
      ['prune-unclaimed-files', 'ok'],
      ['prune-sessions', 'ok'],
    ]);
    expect(outcomes.find((o) => o.name === 'prune-events')?.summary).toMatch(/^deleted 1 events/);
    expect(outcomes.find((o) => o.name === 'prune-sessions')?.summary).toBe(
      'removed 1 old sessions',
    );
    expect((await db.db.select({ id: sessions.id }).from(sessions)).length).toBe(before.length - 1);

    // The live session still works, and its client learns it must resync from the feed.
    const feed = await app.inject({
      method: 'GET',
      url: '/api/v1/events?since=0',
      headers: { cookie },
    });
    expect(feed.statusCode, feed.body).toBe(200);
    const page = feed.json<{ items: { type: string }[]; resync: boolean }>();
    expect(page.resync).toBe(true);
    expect(page.items.map((i) => i.type)).toContain('test.new');
    expect(page.items.map((i) => i.type)).not.toContain('test.old');

    // Nothing is due again a moment later.
    expect(await app.jobs.tick()).toEqual([]);
    const status = await app.jobs.status();
    expect(status.every((s) => s.runs === 1 && s.lastOutcome === 'ok')).toBe(true);
  });
});

// `tongxin jobs` as an operator runs it, on an embedded data directory.
describe('tongxin jobs (command line)', () => {
  it('lists the jobs, runs one by hand and refuses an unknown one', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-jobs-cli-'));
    try {
      const planFile = path.join(dataDir, 'plan.json');
      fs.writeFileSync(planFile, JSON.stringify(setupPlan()), { mode: 0o600 });
      const env = { DATA_DIR: dataDir };
      expect((await runCli(['setup', '--from', planFile], env)).code).toBe(0);

      const run = await runCli(['jobs', 'run', 'prune-sessions'], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('prune-sessions: ok: removed 0 old sessions');

      const list = await runCli(['jobs'], env);
      expect(list.code, list.stderr).toBe(0);
      const lines = list.stdout.split('\n');
      for (const name of ['archive-checkpoint', 'prune-events', 'prune-unclaimed-files']) {
        expect(lines.find((l) => l.startsWith(`${name} `))).toContain('never run');
      }
      expect(list.stdout).toMatch(/^prune-sessions .* ok .*removed 0 old sessions/m);

      const unknown = await runCli(['jobs', 'run', 'nope'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no job named "nope"');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // Four CLI processes, each opening the embedded database: slow on a busy machine.
  }, 180_000);
});
