import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { openTestDatabase, testConfig } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';

describe('sign-in throttling', () => {
  it('limits attempts per address on one node', async () => {
    const testDb = await openTestDatabase('pglite');
    const app = await buildApp({ config: testConfig(), database: testDb.database, logger: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username: 'x', password: 'y' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);
      const limited = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'x', password: 'y' },
      });
      expect(limited.json().error.code).toBe('rate_limited');
    } finally {
      await app.close();
      await testDb.dispose();
    }
  });

  it.runIf(process.env.REDIS_URL)('shares the limit between nodes through Redis', async () => {
    const testDb = await openTestDatabase('pglite');
    const config = testConfig({ REDIS_URL: process.env.REDIS_URL ?? '' });
    const [a, b] = await Promise.all(
      [1, 2].map(() => buildApp({ config, database: testDb.database, logger: false })),
    );
    // A fresh address per run, so earlier runs' counters in Redis do not interfere.
    const remoteAddress = `10.${randomInt(255)}.${randomInt(255)}.${randomInt(1, 255)}`;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) {
        const node = i % 2 === 0 ? a! : b!;
        const res = await node.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { username: 'x', password: 'y' },
          remoteAddress,
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.join(',')).toMatch(/^(401,){20}429,429$/);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
      await testDb.dispose();
    }
  });
});

describe('limits for signed-in callers', () => {
  const h = useHarness('pglite');

  it('count per account, so people sharing an office address do not share a budget', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    const sys = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const sec = await signIn(app, 'secadmin', ADMIN_PASSWORDS.security);
    // The roster export allows 20 a minute.
    const exportAs = (cookie: string, remoteAddress = '10.1.1.1') =>
      app.inject({
        method: 'GET',
        url: '/api/v1/members/export.xlsx',
        headers: { cookie },
        remoteAddress,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await exportAs(sys)).statusCode);
    expect(statuses.slice(0, 20)).not.toContain(429);
    expect(statuses[20]).toBe(429);
    // Another account at the same address still has its own budget ...
    expect((await exportAs(sec)).statusCode).not.toBe(429);
    // ... and the limited account stays limited from another address.
    expect((await exportAs(sys, '10.2.2.2')).statusCode).toBe(429);
  });
});
