import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase, type TestDatabase } from '../../test/engines.ts';
import { queryRows } from './rows.ts';
import { SelfWaitError } from './open.ts';

/*
 * On PGlite (one connection) a query on the database inside write() used to hang for ever:
 * it queued behind the very transaction waiting for it. It now fails at once, naming the fix.
 */
describe('PGlite refuses to wait for itself', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    await t.database.db.execute(sql`create table self_wait (n int)`);
  });
  afterAll(async () => t.dispose());

  const count = async () =>
    Number(
      (await queryRows<{ n: string }>(t.database.db, sql`select count(*) as n from self_wait`))[0]
        ?.n,
    );

  it('fails a query on the database inside a transaction, and rolls the transaction back', async () => {
    const { database } = t;
    await expect(
      database.write(async (tx) => {
        await tx.execute(sql`insert into self_wait values (1)`);
        await database.db.execute(sql`select 1`);
      }),
    ).rejects.toSatisfy(
      // Drizzle wraps it ("Failed query: select 1") with ours as the cause.
      (err) => err instanceof Error && err.cause instanceof SelfWaitError,
    );
    expect(await count()).toBe(0);
  });

  it('fails a transaction started inside another', async () => {
    const { database } = t;
    await expect(
      database.write(async () => database.write(async (tx) => tx.execute(sql`select 1`))),
    ).rejects.toThrow(/a second transaction inside a transaction/);
  });

  it('lets work the transaction only started query once it has ended', async () => {
    const { database } = t;
    let later: Promise<number> = Promise.resolve(-1);
    await database.write(async (tx) => {
      await tx.execute(sql`insert into self_wait values (2)`);
      later = new Promise((resolve) => setTimeout(resolve, 10)).then(count);
    });
    expect(await later).toBe(1);
    // And the database goes on serving queries and transactions as before.
    await database.write((tx) => tx.execute(sql`insert into self_wait values (3)`));
    expect(await count()).toBe(2);
  });
});
