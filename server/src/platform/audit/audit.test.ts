import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ENGINES, openTestDatabase, type TestDatabase } from '../../test/engines.ts';
import { queryRows } from '../db/rows.ts';
import { openDatabase } from '../db/open.ts';
import { appendAudit, operatorActor, recordAudit } from './audit.ts';
import { canonicalJson } from './chain.ts';
import { verifyAuditChain } from './verify.ts';
import { pruneAudit } from './prune.ts';

const actor = operatorActor('test');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

/** Runs raw SQL with the audit triggers switched off, as a database owner could. */
async function tamper(t: TestDatabase, statement: ReturnType<typeof sql>): Promise<void> {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger user`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger user`);
  });
}

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
  });
});

describe.each(ENGINES)('audit chain on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(async () => t.dispose());

  const count = async () =>
    (
      await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log`)
    )[0]!.n;

  it('chains entries written concurrently from many transactions, with no gaps', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.database.write((tx) =>
          recordAudit(tx, actor, {
            action: 'test.parallel',
            objectId: String(i),
            details: { i, nested: { z: 1, a: [true, null, '中文'] }, when: new Date(0) },
          }),
        ),
      ),
    );
    // A rolled-back transaction leaves no gap behind it.
    await expect(
      t.database.write(async (tx) => {
        await recordAudit(tx, actor, { action: 'test.rolled_back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    // Without a transaction of its own the call makes one.
    await recordAudit(t.database.db, actor, { action: 'test.bare' });
    const result = await verifyAuditChain(t.database.db);
    expect(result).toEqual({ ok: true, checked: 51, firstSeq: '1', lastSeq: '51' });
    const [first] = await queryRows<{ prev_hash: string; hash: string }>(
      t.database.db,
      sql`select prev_hash, hash from audit_log where seq = 1`,
    );
    expect(first?.prev_hash).toBe('0'.repeat(64));
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.runIf(engine === 'postgres')(
    'chains entries from two nodes sharing one PostgreSQL',
    async () => {
      const other = await openDatabase({ databaseUrl: t.url, pgliteDir: null, poolMax: 5 });
      try {
        const before = await count();
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? other : t.database).write((tx) =>
              recordAudit(tx, actor, { action: 'test.two_nodes', objectId: String(i) }),
            ),
          ),
        );
        expect(await count()).toBe(before + 40);
        expect((await verifyAuditChain(other.db)).ok).toBe(true);
        // Back to the state the next tests expect.
        await tamper(t, sql`delete from audit_log where action = 'test.two_nodes'`);
      } finally {
        await other.close();
      }
    },
  );

  it('refuses UPDATE, DELETE and TRUNCATE in the database', async () => {
    await expect(
      t.database.db.execute(sql`update audit_log set action = 'forged'`),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(sql`delete from audit_log where seq = 51`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    // Declaring a prune does not help for young entries.
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('tongxin.audit_prune', 'on', true)`);
        await tx.execute(sql`delete from audit_log where seq = 1`);
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(51);
  });

  it('names the first broken entry: an edited field, a forged hash, a deleted row', async () => {
    await tamper(t, sql`update audit_log set source_ip = '6.6.6.6' where seq = 20`);
    expect((await verifyAuditChain(t.database.db)).firstBroken).toEqual({
      seq: '20',
      reason: 'hash_mismatch',
    });
    await tamper(t, sql`update audit_log set source_ip = null where seq = 20`);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);

    await tamper(t, sql`update audit_log set details = '{"i": 999}' where seq = 10`);
    await tamper(t, sql`update audit_log set action = 'x' where seq = 30`);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({
      ok: false,
      checked: 9,
      firstBroken: { seq: '10', reason: 'hash_mismatch' },
    });
  });

  it('notices a deleted middle entry and a forged one put in its place', async () => {
    const u = await openTestDatabase(engine);
    try {
      for (let i = 0; i < 5; i++) await recordAudit(u.database.db, actor, { action: `a${i}` });
      await tamper(u, sql`delete from audit_log where seq = 3`);
      expect((await verifyAuditChain(u.database.db)).firstBroken).toEqual({
        seq: '4',
        reason: 'seq_gap',
      });
      // A forger who recomputes nothing: the next entry's link no longer matches.
      const [two] = await queryRows<{ hash: string }>(
        u.database.db,
        sql`select hash from audit_log where seq = 2`,
      );
      await u.database.db.execute(
        sql`insert into audit_log (seq, actor_name, actor_role, action, result, prev_hash, hash)
            values (3, 'x', 'operator', 'forged', 'success', ${two!.hash}, ${'f'.repeat(64)})`,
      );
      expect((await verifyAuditChain(u.database.db)).firstBroken).toEqual({
        seq: '3',
        reason: 'hash_mismatch',
      });
    } finally {
      await u.dispose();
    }
  });

  it('prunes only the old prefix, keeps the chain verifiable, and guards raw SQL', async () => {
    const u = await openTestDatabase(engine);
    try {
      for (const days of [400, 300, 250, 200]) {
        await appendAudit(u.database.db, actor, { action: 'old' }, { at: daysAgo(days) });
      }
      for (let i = 0; i < 3; i++) await recordAudit(u.database.db, actor, { action: 'new' });

      await expect(pruneAudit(u.database, actor, daysAgo(179))).rejects.toMatchObject({
        code: 'retention_period',
      });
      // Raw SQL: a middle entry, an entry without an anchor, a young entry.
      const rawDelete = (where: ReturnType<typeof sql>) =>
        u.database.db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('tongxin.audit_prune', 'on', true)`);
          await tx.execute(sql`delete from audit_log where ${where}`);
        });
      await expect(rawDelete(sql`seq = 2`)).rejects.toThrow();
      await expect(rawDelete(sql`seq <= 2`)).rejects.toThrow();
      await expect(rawDelete(sql`seq = 6`)).rejects.toThrow();

      const result = await pruneAudit(u.database, actor, daysAgo(270));
      expect(result).toEqual({ pruned: 2, throughSeq: '2' });
      const left = await queryRows<{ seq: string; action: string }>(
        u.database.db,
        sql`select seq::text as seq, action from audit_log order by audit_log.seq`,
      );
      expect(left.map((r) => r.seq)).toEqual(['3', '4', '5', '6', '7', '8']);
      expect(left.at(-1)?.action).toBe('audit.prune');
      expect(await verifyAuditChain(u.database.db)).toEqual({
        ok: true,
        checked: 6,
        firstSeq: '3',
        lastSeq: '8',
      });
      // Tampering with the first remaining entry is still caught, through the anchor.
      await tamper(u, sql`update audit_log set prev_hash = ${'0'.repeat(64)} where seq = 3`);
      expect((await verifyAuditChain(u.database.db)).firstBroken).toEqual({
        seq: '3',
        reason: 'prev_hash_mismatch',
      });
    } finally {
      await u.dispose();
    }
  });
});
