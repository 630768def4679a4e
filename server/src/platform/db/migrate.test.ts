import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createPostgresDatabase, openTestDatabase } from '../../test/engines.ts';
import { openDatabase } from './open.ts';
import { applyMigrations, migrationsPending } from './migrate.ts';
import { queryRows } from './rows.ts';

describe('migrations', () => {
  it('apply on PGlite with pg_trgm available, and applying again changes nothing', async () => {
    const { database, dispose } = await openTestDatabase('pglite');
    try {
      await applyMigrations(database);
      expect(await migrationsPending(database.db)).toBe(0);
      const [row] = await queryRows<{ s: number }>(
        database.db,
        sql`select similarity('三会一课', '三会一课制度') as s`,
      );
      expect(row?.s).toBeGreaterThan(0.3);
    } finally {
      await dispose();
    }
  });

  it('make the audit log append-only in the database itself', async () => {
    const { database, dispose } = await openTestDatabase('pglite');
    try {
      await database.db.execute(
        sql`insert into audit_log (seq, actor_name, actor_role, action, result, prev_hash, hash) values (1, 't', 'operator', 'test', 'success', '', '')`,
      );
      await expect(
        database.db.execute(sql`update audit_log set action = 'forged'`),
      ).rejects.toThrow();
      await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
      await expect(database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    } finally {
      await dispose();
    }
  });

  it.runIf(process.env.DATABASE_URL)(
    'are safe when two nodes start together on PostgreSQL',
    async () => {
      const { url, drop } = await createPostgresDatabase();
      const nodes = await Promise.all(
        [1, 2, 3].map(() => openDatabase({ databaseUrl: url, pgliteDir: null, poolMax: 2 })),
      );
      try {
        await Promise.all(nodes.map((n) => applyMigrations(n)));
        for (const node of nodes) expect(await migrationsPending(node.db)).toBe(0);
        const [row] = await queryRows<{ n: number }>(
          nodes[0]!.db,
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        );
        expect(row?.n).toBeGreaterThan(1);
        const [trgm] = await queryRows<{ n: number }>(
          nodes[0]!.db,
          sql`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`,
        );
        expect(trgm?.n).toBe(1);
      } finally {
        await Promise.all(nodes.map((n) => n.close()));
        await drop();
      }
    },
  );
});
