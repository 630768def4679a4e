import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadConfig } from './config.ts';
import { setupPlan } from './test/harness.ts';
import { runCli } from './test/server-process.ts';
import { openDatabase } from './platform/db/open.ts';
import { createServiceContext } from './platform/context.ts';
import { operatorActor } from './platform/audit/audit.ts';
import { rootOrg } from './modules/orgs/service.ts';
import { archiveRecord, checkpointNow } from './modules/archive/service.ts';

// The real `tongxin archive verify` on an embedded data directory, as an operator runs it.
describe('tongxin archive verify (command line)', () => {
  it('exits 0 on an intact archive and 1 naming the first bad entry after a raw edit', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-archive-cli-'));
    try {
      const planFile = path.join(dataDir, 'plan.json');
      fs.writeFileSync(planFile, JSON.stringify(setupPlan()), { mode: 0o600 });
      const env = { DATA_DIR: dataDir };
      expect((await runCli(['setup', '--from', planFile], env)).code).toBe(0);

      // Three entries and a checkpoint, written as a module would, with this data dir's key.
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      const open = () =>
        openDatabase({ databaseUrl: null, pgliteDir: path.join(dataDir, 'pgdata') });
      const database = await open();
      try {
        const ctx = createServiceContext(database, config);
        const root = await rootOrg(database.db);
        if (!root) throw new Error('no root');
        for (const n of [1, 2, 3]) {
          await database.write((tx) =>
            archiveRecord(ctx, tx, operatorActor('test'), {
              orgId: root.id,
              kind: 'minutes',
              refId: `meeting-${n}`,
              title: `第${n}次支部委员会会议记录`,
              occurredAt: new Date(Date.UTC(2026, 10, n)),
              content: { agenda: ['学习传达上级精神'], resolution: `决议${n}` },
            }),
          );
        }
        await checkpointNow(ctx, operatorActor('test'), 'demand');
      } finally {
        await database.close();
      }
      expect(fs.statSync(config.archiveSigningKeyFile).mode & 0o777).toBe(0o600);

      const ok = await runCli(['archive', 'verify'], env);
      expect(ok.stdout).toContain('Archive intact: 3 entries and 1 signed checkpoints verified.');
      expect(ok.code).toBe(0);

      const again = await open();
      try {
        await again.db.execute(
          sql`update archive_entries set content = replace(content, '决议2', '决议X') where seq = 1`,
        );
      } finally {
        await again.close();
      }
      const broken = await runCli(['archive', 'verify'], env);
      expect(broken.stderr).toContain(
        'Archive BROKEN at entry 1: content changed (leaf hash differs)',
      );
      expect(broken.code).toBe(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
