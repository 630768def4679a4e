import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { setupPlan } from './test/harness.ts';
import { runCli } from './test/server-process.ts';
import { openDatabase } from './platform/db/open.ts';

// The real `tongxin` command on an embedded data directory, as an operator runs it.
describe('tongxin audit verify and prune (command line)', () => {
  it('exits 0 on an intact chain, 1 naming the first broken entry, and refuses a young prune', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-audit-cli-'));
    try {
      const planFile = path.join(dataDir, 'plan.json');
      fs.writeFileSync(planFile, JSON.stringify(setupPlan()), { mode: 0o600 });
      const env = { DATA_DIR: dataDir };
      expect((await runCli(['setup', '--from', planFile], env)).code).toBe(0);

      const ok = await runCli(['audit', 'verify'], env);
      expect(ok.stdout).toMatch(/Audit chain intact: \d+ entries verified/);
      expect(ok.code).toBe(0);

      const young = await runCli(
        ['audit', 'prune', '--before', new Date().toISOString().slice(0, 10)],
        env,
      );
      expect(young.code).toBe(1);
      expect(young.stderr).toContain('180 days');
      const old = await runCli(['audit', 'prune', '--before', '2020-01-01'], env);
      expect(old.stdout).toContain('No audit entries before 2020-01-01');
      expect(old.code).toBe(0);

      const database = await openDatabase({
        databaseUrl: null,
        pgliteDir: path.join(dataDir, 'pgdata'),
      });
      try {
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`alter table audit_log disable trigger user`);
          await tx.execute(sql`update audit_log set actor_name = 'someone' where seq = 2`);
          await tx.execute(sql`alter table audit_log enable trigger user`);
        });
      } finally {
        await database.close();
      }
      const broken = await runCli(['audit', 'verify'], env);
      expect(broken.stderr).toContain('Audit chain BROKEN at seq 2: hash_mismatch');
      expect(broken.code).toBe(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
