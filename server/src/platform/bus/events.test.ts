import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { EventPage, Me } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';
import { queryRows } from '../db/rows.ts';
import {
  appendEvents,
  eventsSince,
  pruneEvents,
  rewriteStoredPayloads,
  type UserEvent,
} from './events.ts';

describe.each(ENGINES)('event feed on %s', (engine) => {
  const h = useHarness(engine);

  const idsOf = async (userId: string) =>
    (await eventsSince(h().ctx.database.db, userId, 0, 1000)).items.map((e) => e.id);

  it('gives each account gap-free, strictly increasing ids under concurrent writers', async () => {
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const writers = 24;
    await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        h().ctx.database.write(async (tx) => {
          // Different orders and duplicates: appendEvents must still lock heads consistently.
          const order = i % 2 === 0 ? [...users] : [...users].reverse();
          const stored = await appendEvents(tx, [...order, order[0]!], {
            type: 'test.tick',
            payload: { i },
          });
          expect(stored).toHaveLength(users.length);
        }),
      ),
    );
    for (const user of users) {
      expect(await idsOf(user)).toEqual(Array.from({ length: writers }, (_, i) => i + 1));
    }
  });

  it('hands the stored events to bus subscribers once published after commit', async () => {
    const { ctx } = h();
    const user = randomUUID();
    const received = new Promise<readonly UserEvent[]>((resolve) => {
      const off = ctx.bus.subscribe((events) => {
        off();
        resolve(events);
      });
    });
    const stored = await ctx.database.write((tx) =>
      appendEvents(tx, [user], { type: 'test.hello', payload: { hi: true } }),
    );
    await ctx.bus.publish(stored);
    expect(await received).toEqual(stored);
    expect(stored[0]).toMatchObject({ userId: user, id: 1, type: 'test.hello' });
  });

  it('keeps nothing and leaves no gap when the transaction rolls back', async () => {
    const user = randomUUID();
    await h().ctx.database.write((tx) =>
      appendEvents(tx, [user], { type: 'a', payload: { n: 1 } }),
    );
    await expect(
      h().ctx.database.write(async (tx) => {
        await appendEvents(tx, [user], { type: 'lost', payload: { n: 2 } });
        throw new Error('writer failed');
      }),
    ).rejects.toThrow('writer failed');
    const [next] = await h().ctx.database.write((tx) =>
      appendEvents(tx, [user], { type: 'b', payload: { n: 3 } }),
    );
    expect(next?.id).toBe(2);
    const page = await eventsSince(h().ctx.database.db, user, 0, 10);
    expect(page.items.map((e) => [e.id, e.type, e.payload])).toEqual([
      [1, 'a', { n: 1 }],
      [2, 'b', { n: 3 }],
    ]);
    expect(page.head).toBe(2);
  });

  it('pages through since and reports resync after pruning', async () => {
    const user = randomUUID();
    for (let i = 0; i < 5; i++)
      await h().ctx.database.write((tx) => appendEvents(tx, [user], { type: 't', payload: { i } }));
    const db = h().ctx.database.db;
    const first = await eventsSince(db, user, 0, 2);
    expect(first).toMatchObject({ hasMore: true, head: 5, resync: false });
    expect(first.items.map((e) => e.id)).toEqual([1, 2]);
    const last = await eventsSince(db, user, 4, 2);
    expect(last.items.map((e) => e.id)).toEqual([5]);
    expect(last.hasMore).toBe(false);
    expect(await eventsSince(db, user, 5, 2)).toMatchObject({ items: [], resync: false });

    // Age the first three, prune them: a client at 1 cannot catch up any more.
    await queryRows(
      db,
      sql`update user_events set at = now() - interval '40 days' where user_id = ${user} and id <= 3`,
    );
    expect(await pruneEvents(db, new Date(Date.now() - 30 * 86_400_000))).toBeGreaterThanOrEqual(3);
    const behind = await eventsSince(db, user, 1, 10);
    expect(behind.resync).toBe(true);
    expect(behind.items.map((e) => e.id)).toEqual([4, 5]);
    expect((await eventsSince(db, user, 3, 10)).resync).toBe(false);
    // Ids are never reused after pruning.
    const [next] = await h().ctx.database.write((tx) =>
      appendEvents(tx, [user], { type: 't', payload: {} }),
    );
    expect(next?.id).toBe(6);
  });

  it('stores one payload for all recipients, rewrites and prunes it for all of them', async () => {
    const db = h().ctx.database.db;
    const users = Array.from({ length: 40 }, () => randomUUID());
    const marker = randomUUID();
    await h().ctx.database.write((tx) =>
      appendEvents(tx, users, { type: 'test.shared', payload: { marker, words: '原文' } }),
    );
    const count = async (table: 'event_payloads' | 'user_events') =>
      Number(
        (
          await queryRows<{ n: string | number }>(
            db,
            sql`select count(*) as n from ${sql.raw(table)} where payload->>'marker' = ${marker}`,
          )
        )[0]?.n,
      );
    expect(await count('event_payloads')).toBe(1);
    expect(await count('user_events')).toBe(0);
    for (const user of [users[0]!, users[39]!]) {
      expect((await eventsSince(db, user, 0, 10)).items.map((e) => e.payload)).toEqual([
        { marker, words: '原文' },
      ]);
    }

    // A row written before payloads were shared keeps its own payload and is rewritten too.
    const legacyUser = randomUUID();
    await queryRows(
      db,
      sql`insert into user_event_heads (user_id, last_id) values (${legacyUser}::uuid, 1)`,
    );
    await queryRows(
      db,
      sql`insert into user_events (user_id, id, type, payload)
          values (${legacyUser}::uuid, 1, 'test.shared', ${JSON.stringify({ marker, words: '原文' })}::jsonb)`,
    );
    await h().ctx.database.write((tx) =>
      rewriteStoredPayloads(
        tx,
        sql`type = 'test.shared' and payload->>'marker' = ${marker}`,
        sql`jsonb_set(payload, '{words}', '""'::jsonb)`,
      ),
    );
    for (const user of [users[7]!, legacyUser]) {
      expect((await eventsSince(db, user, 0, 10)).items.map((e) => e.payload)).toEqual([
        { marker, words: '' },
      ]);
    }

    await queryRows(
      db,
      sql`update event_payloads set at = now() - interval '40 days' where payload->>'marker' = ${marker}`,
    );
    await queryRows(
      db,
      sql`update user_events set at = now() - interval '40 days' where type = 'test.shared'`,
    );
    expect(await pruneEvents(db, new Date(Date.now() - 30 * 86_400_000))).toBeGreaterThanOrEqual(
      41,
    );
    expect(await count('event_payloads')).toBe(0);
    expect((await eventsSince(db, users[3]!, 0, 10)).items).toEqual([]);
  });

  it("GET /events returns only the caller's own events", async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    const sys = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const sec = await signIn(app, 'secadmin', ADMIN_PASSWORDS.security);
    const idOf = async (cookie: string) =>
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json<Me>().id;
    const sysId = await idOf(sys);
    const secId = await idOf(sec);
    expect(sysId).not.toBe(secId);

    await ctx.database.write(async (tx) => {
      await appendEvents(tx, [sysId], { type: 'only.sys', payload: { n: 1 } });
      await appendEvents(tx, [secId], { type: 'only.sec', payload: { n: 2 } });
      await appendEvents(tx, [sysId, secId], { type: 'both', payload: { n: 3 } });
    });

    const get = (cookie: string, query = '') =>
      app.inject({ method: 'GET', url: `/api/v1/events${query}`, headers: { cookie } });
    const res = await get(sys);
    expect(res.statusCode).toBe(200);
    const page = res.json<EventPage>();
    expect(page.items.map((e) => [e.id, e.type])).toEqual([
      [1, 'only.sys'],
      [2, 'both'],
    ]);
    expect(page).toMatchObject({ head: 2, hasMore: false, resync: false });
    expect(page.items[0]?.payload).toEqual({ n: 1 });
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(['at', 'id', 'payload', 'type']);

    const secPage = (await get(sec, '?since=0&limit=1')).json<EventPage>();
    expect(secPage.items.map((e) => e.type)).toEqual(['only.sec']);
    expect(secPage.hasMore).toBe(true);

    expect((await get(sys, '?limit=1001')).statusCode).toBe(400);
    expect((await get(sys, '?since=-1')).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/events' })).statusCode).toBe(401);
  });
});
