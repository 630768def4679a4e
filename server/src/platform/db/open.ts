import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as schema from '../../db-schema.ts';
import type { Database, Db } from './types.ts';
import { WalSync } from './wal-sync.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';

export interface OpenOptions {
  databaseUrl: string | null;
  /** PGlite data directory; `null` keeps the database in memory (tests). */
  pgliteDir: string | null;
  pgliteDurability?: 'fsync' | 'os';
  poolMax?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolMax ?? 10)
    : openPglite(options.pgliteDir, options.pgliteDurability ?? 'fsync');
}

/** Whether this async context is inside a PGlite transaction that has not finished yet. */
const insidePgliteTransaction = new AsyncLocalStorage<{ open: boolean }>();

export class SelfWaitError extends Error {
  constructor(what: string) {
    super(
      `PGlite runs one transaction at a time: ${what} inside a transaction would wait for that ` +
        'transaction forever. Use the transaction (tx) passed to write(), or read before it.',
    );
  }
}

/**
 * PGlite is one connection: a query on the database, or a second transaction, started while
 * the same flow holds a transaction queues behind it, and the flow waits for itself forever
 * (on PostgreSQL the same code takes a second connection and works). The client is wrapped so
 * that mistake fails at once with a clear error instead of hanging. Work the transaction only
 * started (a timer, a promise nobody awaits) may query once the transaction has ended.
 */
function guardAgainstSelfWait(client: PGlite): PGlite {
  const refuse = (what: string): boolean => {
    if (insidePgliteTransaction.getStore()?.open) throw new SelfWaitError(what);
    return true;
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === 'query' || property === 'exec' || property === 'sql') {
        return async (...args: unknown[]) =>
          refuse('a query on the database') && method.apply(target, args);
      }
      if (property === 'transaction') {
        return async (...args: unknown[]) => {
          refuse('a second transaction');
          const state = { open: true };
          try {
            return await insidePgliteTransaction.run(state, () => method.apply(target, args));
          } finally {
            state.open = false;
          }
        };
      }
      return method.bind(target);
    },
  });
}

async function openPglite(dir: string | null, durability: 'fsync' | 'os'): Promise<Database> {
  let releaseLock = (): void => {};
  if (dir) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Two processes on one PGlite directory corrupt it; refuse the second clearly.
    releaseLock = acquireDataDirLock(path.join(dir, '..', 'tongxin.lock'));
  }
  // The options-only form: `new PGlite(undefined, options)` silently drops the extensions.
  const client = new PGlite(
    dir ? { dataDir: dir, extensions: { pg_trgm } } : { extensions: { pg_trgm } },
  );
  await client.waitReady;
  const db = drizzlePglite({ client: guardAgainstSelfWait(client), schema }) as unknown as Db;
  const walSync = dir && durability === 'fsync' ? new WalSync(path.join(dir, 'pg_wal')) : null;
  let closed = false;
  return {
    engine: 'pglite',
    db,
    async write(work) {
      const result = await db.transaction(work);
      if (walSync) await walSync.flush();
      return result;
    },
    // PGlite is one connection in one process: the lock still documents intent and
    // keeps the code path identical to PostgreSQL's.
    async withAdvisoryLock(key, work) {
      await db.execute(sql`select pg_advisory_lock(${key})`);
      try {
        return await work(db);
      } finally {
        await db.execute(sql`select pg_advisory_unlock(${key})`);
      }
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
      releaseLock();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'tongxin' });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  let closed = false;
  return {
    engine: 'postgres',
    db,
    write: (work) => db.transaction(work),
    async withAdvisoryLock(key, work) {
      // Session-level advisory locks belong to one connection: pin one for the duration.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key.toString()]);
        try {
          return await work(drizzlePg({ client, schema }) as unknown as Db);
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key.toString()]);
        }
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
