import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type * as schema from '../../db-schema.ts';

export type Schema = typeof schema;
/** The same Drizzle surface over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: reads accept both. */
export type Queryable = Db | Tx;

export interface Database {
  readonly engine: 'pglite' | 'postgres';
  readonly db: Db;
  /** One transaction; resolves only once the commit is durable for this engine's mode. */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs work while holding a cluster-wide advisory lock (safe across nodes). */
  withAdvisoryLock<T>(key: bigint, work: (db: Db) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
