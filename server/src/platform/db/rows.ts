import type { SQL } from 'drizzle-orm';
import type { Queryable } from './types.ts';

/** Runs hand-written SQL (recursive CTEs and the like); both drivers answer with `rows`. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** True when a query failed on a unique index (Drizzle wraps the driver's error in `cause`). */
export function isUniqueViolation(err: unknown, index?: string): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint } = e as { code?: string; constraint?: string };
    if (code === '23505') return !index || constraint === index;
  }
  return false;
}
