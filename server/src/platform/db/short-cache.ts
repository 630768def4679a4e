import type { Database } from './types.ts';

/**
 * A value read on nearly every request (policy, permission matrix) kept in memory per database
 * for `ms`. The node that writes it drops its copy at once; with several nodes on one
 * PostgreSQL, the others see a change within `ms`.
 */
export function perDatabaseCache<T>(load: (database: Database) => Promise<T>, ms: number) {
  const cache = new WeakMap<Database, { at: number; value: T }>();
  return {
    async get(database: Database): Promise<T> {
      const hit = cache.get(database);
      if (hit && Date.now() - hit.at < ms) return hit.value;
      const value = await load(database);
      cache.set(database, { at: Date.now(), value });
      return value;
    },
    drop(database: Database): void {
      cache.delete(database);
    },
  };
}
