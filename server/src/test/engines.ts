import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../platform/db/open.ts';
import { applyMigrations } from '../platform/db/migrate.ts';
import type { Database } from '../platform/db/types.ts';

export type Engine = 'pglite' | 'postgres';

/** Every database test runs on PGlite, and on PostgreSQL too when DATABASE_URL is set. */
export const ENGINES: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  database: Database;
  /** Connection string of the throwaway PostgreSQL database (postgres engine only). */
  url: string | null;
  dispose(): Promise<void>;
}

/** A fresh, migrated database of its own: in-memory PGlite, or a new PostgreSQL database. */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const database = await openDatabase({ databaseUrl: null, pgliteDir: null });
    await applyMigrations(database);
    return { database, url: null, dispose: () => database.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: url, pgliteDir: null, poolMax: 5 });
  await applyMigrations(database);
  return {
    database,
    url,
    async dispose() {
      await database.close();
      await drop();
    },
  };
}

/** An empty PostgreSQL database on the server named by DATABASE_URL, and how to drop it. */
export async function createPostgresDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `tongxin_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** One throwaway field-encryption key per test process, so tests never write key files. */
const TEST_MASTER_KEY = `t1:${randomBytes(32).toString('base64')}`;

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    LOG_LEVEL: 'silent',
    WEB_DIR: '/nonexistent-web-dir',
    TONGXIN_MASTER_KEY: TEST_MASTER_KEY,
    // The archive signing key of tests lives outside the repository (created 0600 on first use).
    ARCHIVE_SIGNING_KEY_FILE: path.join(os.tmpdir(), `tongxin-test-archive-${process.pid}.key`),
    ...env,
  });
}
