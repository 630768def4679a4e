import { describe, expect, it } from 'vitest';
import type { EventPage, NotificationPage, UnreadCount } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { completeSetup, useHarness } from '../../test/harness.ts';
import { buildTwoBranches, type TwoBranches } from '../../test/org-fixture.ts';
import { notify, type NotificationInput } from './service.ts';

describe.each(ENGINES)('notifications on %s', (engine) => {
  const h = useHarness(engine);
  let f: TwoBranches;
  const cookies: Record<string, string> = {};
  const accounts: Record<string, string> = {};

  const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });

  const entry = (to: string, over: Partial<NotificationInput> = {}): NotificationInput => ({
    accountId: to,
    kind: 'mention',
    title: '甲书记在「学习交流」提到了你',
    excerpt: '@甲党员 请准备下周的发言',
    link: '/exchange/messages/1',
    sourceId: 'message-1',
    actorAccountId: accounts['secretary.a'] ?? null,
    ...over,
  });

  it('stores one row and one event per recipient, only for them', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    f = await buildTwoBranches(ctx);
    for (const u of ['secretary.a', 'member.a', 'member.b'] as const) {
      cookies[u] = await f.cookie(app, u);
      accounts[u] = (await call('GET', '/me', cookies[u])).json<{ id: string }>().id;
    }
    const before = await call('GET', '/events', cookies['member.b']!);
    const headB = before.json<EventPage>().head;

    const stored = await ctx.database.write((tx) =>
      notify(tx, [
        entry(accounts['member.a']!),
        entry(accounts['secretary.a']!, { kind: 'reply', title: '回复', sourceId: 'message-2' }),
      ]),
    );
    await ctx.bus.publish(stored);
    expect(stored.map((e) => e.userId).sort()).toEqual(
      [accounts['member.a'], accounts['secretary.a']].sort(),
    );

    const events = await call('GET', '/events', cookies['member.a']!);
    const mine = events.json<EventPage>().items.filter((e) => e.type === 'notification.created');
    expect(mine.map((e) => e.payload)).toEqual([
      {
        kind: 'mention',
        title: '甲书记在「学习交流」提到了你',
        excerpt: '@甲党员 请准备下周的发言',
        link: '/exchange/messages/1',
        sourceId: 'message-1',
      },
    ]);
    // The other branch's member was told nothing.
    const after = await call('GET', `/events?since=${headB}`, cookies['member.b']!);
    expect(after.json<EventPage>().items).toEqual([]);

    const list = await call('GET', '/notifications', cookies['member.a']!);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<NotificationPage>().items).toMatchObject([
      { kind: 'mention', actorName: '甲书记', readAt: null, link: '/exchange/messages/1' },
    ]);
    expect((await call('GET', '/notifications', cookies['member.b']!)).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses a link that leaves the app, storing nothing', async () => {
    const { ctx } = h();
    for (const link of ['https://evil.example', '//evil.example', '/\\evil.example', 'x/y']) {
      await expect(
        ctx.database.write((tx) => notify(tx, [entry(accounts['member.b']!, { link })])),
      ).rejects.toThrow(/app path/);
    }
    const count = await call('GET', '/notifications/unread-count', cookies['member.b']!);
    expect(count.json<UnreadCount>()).toEqual({ unread: 0 });
  });

  it('pages by cursor, filters unread, and marks read by id or all', async () => {
    const { ctx } = h();
    const to = accounts['member.a']!;
    await ctx.database.write((tx) =>
      notify(
        tx,
        Array.from({ length: 5 }, (_, i) =>
          entry(to, { kind: 'notice', title: `通知${i}`, sourceId: `notice-${i}` }),
        ),
      ),
    );
    const cookie = cookies['member.a']!;
    expect((await call('GET', '/notifications/unread-count', cookie)).json()).toEqual({
      unread: 6,
    });
    const first = (await call('GET', '/notifications?limit=4', cookie)).json<NotificationPage>();
    expect(first.items.map((n) => n.title)).toEqual(['通知4', '通知3', '通知2', '通知1']);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await call('GET', `/notifications?limit=4&before=${first.nextCursor}`, cookie)
    ).json<NotificationPage>();
    expect(second.items.map((n) => n.title)).toEqual(['通知0', '甲书记在「学习交流」提到了你']);
    expect(second.nextCursor).toBeNull();

    const ids = first.items.slice(0, 2).map((n) => n.id);
    // Someone else's ids change nothing of theirs.
    const foreign = await call('POST', '/notifications/read', cookies['member.b']!, { ids });
    expect(foreign.json()).toEqual({ unread: 0 });
    const marked = await call('POST', '/notifications/read', cookie, { ids });
    expect(marked.json()).toEqual({ unread: 4 });
    const unread = (
      await call('GET', '/notifications?unread=true', cookie)
    ).json<NotificationPage>();
    expect(unread.items.map((n) => n.title)).toEqual([
      '通知2',
      '通知1',
      '通知0',
      '甲书记在「学习交流」提到了你',
    ]);
    const bad = await call('POST', '/notifications/read', cookie, { ids: [], all: true });
    expect(bad.statusCode).toBe(400);
    expect((await call('POST', '/notifications/read', cookie, { all: true })).json()).toEqual({
      unread: 0,
    });
    const events = (await call('GET', '/events', cookie)).json<EventPage>().items;
    expect(events.filter((e) => e.type === 'notification.read').map((e) => e.payload)).toEqual([
      { unread: 4 },
      { unread: 0 },
    ]);
  });
  it('stores a batch larger than one statement takes', async () => {
    const { ctx } = h();
    const to = accounts['member.b']!;
    const many = Array.from({ length: 9500 }, () =>
      entry(to, { kind: 'notice', title: '大型通知', sourceId: 'bulk' }),
    );
    const stored = await ctx.database.write((tx) => notify(tx, many));
    expect(stored.length).toBeGreaterThan(0);
    const count = await call('GET', '/notifications/unread-count', cookies['member.b']!);
    expect(count.json<UnreadCount>()).toEqual({ unread: 9500 });
  });
});
