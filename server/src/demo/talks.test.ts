import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ENGINES, openTestDatabase, testConfig, type TestDatabase } from '../test/engines.ts';
import { createServiceContext, type ServiceContext } from '../platform/context.ts';
import { queryRows } from '../platform/db/rows.ts';
import { listOrgs } from '../modules/orgs/service.ts';
import { OrgTree, PostBook } from '../modules/talks/policy.ts';
import { talkCoverage } from '../modules/talks/service.ts';
import { seedDemo } from './seed.ts';

const TODAY = '2026-11-24';

describe.each(ENGINES)('the demo talks on %s', (engine) => {
  let testDb: TestDatabase;
  let ctx: ServiceContext;
  let dir: string;

  beforeAll(async () => {
    testDb = await openTestDatabase(engine);
    ctx = createServiceContext(testDb.database, testConfig());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-demo-talks-'));
    await seedDemo(ctx, path.join(dir, 'demo-accounts.json'), { today: TODAY });
  });

  afterAll(async () => {
    await testDb?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('covers most required pairs of every branch this year, with a few missing', async () => {
    const tree = await OrgTree.load(ctx);
    const branches = (await listOrgs(ctx, 'all')).filter((o) => o.kind === 'branch');
    expect(branches.length).toBeGreaterThan(2);
    let required = 0;
    let covered = 0;
    for (const branch of branches) {
      const m = await talkCoverage(ctx, tree, new PostBook(ctx.database.db), branch.id, 2026);
      for (const kind of Object.values(m.summary)) {
        required += kind.required;
        covered += kind.covered;
      }
      // Every branch has talks with its committee, and at least one member still to talk with.
      expect(m.summary.committee_member.covered, branch.name).toBeGreaterThan(0);
      expect(
        m.committeeMember.some((r) => !r.covered && r.hasAccount),
        branch.name,
      ).toBe(true);
    }
    expect(covered / required).toBeGreaterThan(0.5);
    expect(covered).toBeLessThan(required);
  });

  it('has talks at every stage, dated in the year and before today, contents encrypted', async () => {
    const rows = await queryRows<{
      status: string;
      correction: boolean;
      scheduled_at: string;
      topic_cipher: string;
    }>(
      testDb.database.db,
      sql`select status, correction_cipher is not null as correction,
                 to_char(scheduled_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as scheduled_at,
                 topic_cipher
          from talks`,
    );
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(['scheduled', 'recorded', 'confirmed', 'cancelled']),
    );
    expect(rows.some((r) => r.status === 'recorded' && r.correction)).toBe(true);
    for (const r of rows.filter((r) => r.status !== 'scheduled')) {
      expect(r.scheduled_at.startsWith('2026-')).toBe(true);
      expect(r.scheduled_at <= TODAY).toBe(true);
    }
    // Scheduled ones lie ahead: next week's talks.
    expect(rows.filter((r) => r.status === 'scheduled').every((r) => r.scheduled_at > TODAY)).toBe(
      true,
    );
    expect(rows.every((r) => r.topic_cipher.startsWith('tx1.'))).toBe(true);
  });
});
