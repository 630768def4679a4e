import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Database, Queryable } from './types.ts';
import { queryRows } from './rows.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');
/** Arbitrary but fixed: every node contends for the same lock. */
const MIGRATION_LOCK = 0x746f6e67786e01n;

function journalLength(): number {
  const journal = JSON.parse(
    fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: unknown[] };
  return journal.entries.length;
}

/** Applies pending migrations; nodes starting together wait on one advisory lock. */
export async function applyMigrations(database: Database): Promise<void> {
  await database.withAdvisoryLock(MIGRATION_LOCK, async (db) => {
    const config = { migrationsFolder: MIGRATIONS_DIR };
    if (database.engine === 'pglite') {
      await migratePglite(db as unknown as PgliteDatabase<Record<string, never>>, config);
    } else {
      await migratePg(db as unknown as NodePgDatabase<Record<string, never>>, config);
    }
  });
}

export async function migrationsPending(db: Queryable): Promise<number> {
  try {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    return journalLength() - (row?.n ?? 0);
  } catch {
    return journalLength();
  }
}
