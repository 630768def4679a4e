import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { WS_CLOSE, type Me } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';
import { buildTwoBranches, type TwoBranches } from '../../test/org-fixture.ts';
import { connect, upgradeStatus, type TestSocket } from '../../test/ws-client.ts';
import { appendEvents, pruneEvents, type UserEvent } from '../bus/events.ts';
import { sessions } from '../../modules/identity/schema.ts';

describe.each(ENGINES)('the WebSocket gateway on %s', (engine) => {
  const h = useHarness(engine);
  let f: TwoBranches;
  let base = '';
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  /** Stores an event for each account and publishes it as a service would, after commit. */
  async function produce(accounts: string[], type = 'test.tick', payload = {}) {
    const { ctx } = h();
    const stored = await ctx.database.write((tx) => appendEvents(tx, accounts, { type, payload }));
    await ctx.bus.publish(stored);
    return stored;
  }

  async function as(user: 'member.a' | 'member.b' | 'secretary.a') {
    const cookie = await f.cookie(h().app, user);
    const me = await h().app.inject({ url: '/api/v1/me', headers: { cookie } });
    return { cookie, id: me.json<Me>().id };
  }

  /** Connects, takes the hello, resumes from `since` (its head when not given). */
  async function live(cookie: string, since?: number): Promise<TestSocket> {
    const socket = await connect(base, cookie);
    const hello = await socket.next('hello');
    socket.send({ t: 'resume', since: since ?? hello.head });
    await socket.next('synced');
    return socket;
  }

  beforeAll(async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    f = await buildTwoBranches(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const user of ['member.a', 'member.b', 'secretary.a'] as const) {
      const { cookie, id } = await as(user);
      cookies[user] = cookie;
      ids[user] = id;
    }
  });

  it('refuses anonymous upgrades, foreign or missing Origins, and accepts its own', async () => {
    expect(await upgradeStatus(base, { origin: base })).toBe(401);
    expect(
      await upgradeStatus(base, { origin: base, cookie: 'tongxin_session=' + 'x'.repeat(43) }),
    ).toBe(401);
    const cookie = cookies['member.a'] ?? '';
    expect(await upgradeStatus(base, { cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(base, { cookie, origin: 'http://127.0.0.1:1' })).toBe(403);
    expect(await upgradeStatus(base, { cookie })).toBe(403);
    expect(await upgradeStatus(base, { cookie, origin: base })).toBe(101);
    // A plain GET (no upgrade) of the socket's URL is no page.
    const plain = await h().app.inject({
      url: '/api/v1/ws',
      headers: { cookie, origin: 'http://localhost:80' },
    });
    expect(plain.statusCode).toBe(404);
  });

  it("delivers a member's own events, and never another account's", async () => {
    const a = await live(cookies['member.a'] ?? '');
    const b = await live(cookies['member.b'] ?? '');
    const [forB] = await produce([ids['member.b'] ?? '']);
    const [forA] = await produce([ids['member.a'] ?? ''], 'test.mine', { n: 1 });
    const got = await a.next('event');
    // B's event was published first; A's first event is its own.
    expect(got).toMatchObject({ id: forA?.id, type: 'test.mine', payload: { n: 1 } });
    expect((await b.next('event')).id).toBe(forB?.id);
    const both = await produce([ids['member.a'] ?? '', ids['member.b'] ?? ''], 'test.both');
    expect((await a.next('event')).type).toBe('test.both');
    expect((await b.next('event')).type).toBe('test.both');
    expect(a.unread('event')).toEqual([]);
    expect(both).toHaveLength(2);
    a.close();
    b.close();
  });

  it('resumes from since with nothing missed and nothing twice, across pages and races', async () => {
    const member = ids['member.a'] ?? '';
    const before = await produce([member]);
    const since = before[0]?.id ?? 0;
    // More than one replay page, stored while nobody listens.
    for (let i = 0; i < 25; i++) {
      const { ctx } = h();
      await ctx.database.write(async (tx) => {
        for (let j = 0; j < 10; j++)
          await appendEvents(tx, [member], { type: 'test.old', payload: {} });
      });
    }
    const socket = await connect(base, cookies['member.a'] ?? '');
    await socket.next('hello');
    socket.send({ t: 'resume', since });
    // Live events race the replay.
    const raced: UserEvent[] = [];
    for (let i = 0; i < 20; i++) raced.push(...(await produce([member], 'test.race')));
    const last = raced.at(-1)?.id ?? 0;
    const seen: number[] = [];
    while (seen.at(-1) !== last) seen.push((await socket.next('event')).id);
    expect(seen).toEqual(Array.from({ length: last - since }, (_, i) => since + i + 1));
    await new Promise((r) => setTimeout(r, 100));
    expect(socket.unread('event')).toEqual([]);

    // Published out of order (two writers committing then publishing in the other order):
    // the gateway fills the gap from the feed and still sends each id once, in order.
    const { ctx } = h();
    const first = await ctx.database.write((tx) =>
      appendEvents(tx, [member], { type: 'test.first', payload: {} }),
    );
    const second = await ctx.database.write((tx) =>
      appendEvents(tx, [member], { type: 'test.second', payload: {} }),
    );
    await ctx.bus.publish(second);
    await ctx.bus.publish(first);
    expect((await socket.next('event')).type).toBe('test.first');
    expect((await socket.next('event')).type).toBe('test.second');
    await new Promise((r) => setTimeout(r, 100));
    expect(socket.unread('event')).toEqual([]);
    socket.close();
  });

  it('tells a client that resumes from pruned events to resync, then goes live', async () => {
    const member = ids['member.b'] ?? '';
    const old = await produce([member]);
    await produce([member]);
    await pruneEvents(h().ctx.database.db, new Date(Date.now() + 1000));
    const socket = await connect(base, cookies['member.b'] ?? '');
    const hello = await socket.next('hello');
    socket.send({ t: 'resume', since: (old[0]?.id ?? 1) - 1 });
    expect(await socket.next('resync')).toEqual({ t: 'resync', head: hello.head });
    const [next] = await produce([member]);
    expect((await socket.next('event')).id).toBe(next?.id);
    expect(next?.id).toBe(hello.head + 1);
    socket.close();
  });

  it('answers malformed, oversized and too many frames with error frames, then closes', async () => {
    const socket = await live(cookies['member.a'] ?? '');
    socket.send('not json');
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame' });
    socket.send({ t: 'nope' });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame' });
    socket.send({ t: 'resume', since: -1 });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame' });
    socket.send([1, 2]);
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame' });
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_frame' });
    socket.send({ t: 'message', type: 'no.such', data: {} });
    expect(await socket.next('error')).toMatchObject({ code: 'unknown_message' });
    socket.send({ t: 'ping', pad: 'x'.repeat(9000) });
    expect(await socket.next('error')).toMatchObject({ code: 'too_large' });
    // Still open and serving.
    await new Promise((r) => setTimeout(r, 1500));
    socket.send({ t: 'ping' });
    await socket.next('pong');

    // A flood is cut off: some frames refused, then the socket closed.
    for (let i = 0; i < 200; i++) socket.send({ t: 'ping' });
    expect(await socket.next('error', (e) => e.code === 'rate_limited')).toBeTruthy();
    expect((await socket.closed).code).toBe(WS_CLOSE.policy);

    // Past the hard cap, ws itself closes with 1009; the server carries on.
    const big = await live(cookies['member.a'] ?? '');
    big.send('x'.repeat(70 * 1024));
    expect((await big.closed).code).toBe(WS_CLOSE.tooBig);
    const after = await live(cookies['member.a'] ?? '');
    after.send({ t: 'ping' });
    await after.next('pong');
    after.close();
  });

  it('routes a registered client message only to the recipients its handler names', async () => {
    const { app } = h();
    const seenBy: string[] = [];
    app.realtime.registerClientMessage(
      'test.poke',
      Type.Object(
        { to: Type.String({ format: 'uuid' }), n: Type.Integer() },
        { additionalProperties: false },
      ),
      async (_ctx, accountId, data) => {
        seenBy.push(accountId);
        return {
          recipients: [data.to],
          type: 'test.poked',
          payload: { from: accountId, n: data.n },
        };
      },
    );
    const a = await live(cookies['member.a'] ?? '');
    const b = await live(cookies['member.b'] ?? '');
    const sec = await live(cookies['secretary.a'] ?? '');
    a.send({ t: 'message', type: 'test.poke', data: { to: ids['member.b'], n: 1 } });
    expect(await b.next('transient')).toEqual({
      t: 'transient',
      type: 'test.poked',
      payload: { from: ids['member.a'], n: 1 },
    });
    a.send({ t: 'message', type: 'test.poke', data: { to: ids['secretary.a'], n: 2 } });
    // The secretary's first transient frame is the second poke: the first never reached them.
    expect((await sec.next('transient')).payload).toMatchObject({ n: 2 });
    expect(a.unread('transient')).toEqual([]);
    expect(seenBy).toEqual([ids['member.a'], ids['member.a']]);
    a.send({ t: 'message', type: 'test.poke', data: { to: 'not-a-uuid', n: 3 } });
    expect(await a.next('error')).toMatchObject({ code: 'invalid_frame' });
    for (const s of [a, b, sec]) s.close();
  });

  it('answers presence over HTTP and tells watchers when an account comes and goes', async () => {
    const { app } = h();
    const ask = async (cookie: string, list: string[]) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/presence',
          headers: { cookie },
          payload: { ids: list },
        })
      ).json<{ online: string[] }>().online;
    const member = ids['member.b'] ?? '';
    const watcher = await live(cookies['secretary.a'] ?? '');
    watcher.send({ t: 'presence.watch', ids: [member] });
    expect(await watcher.next('presence')).toEqual({
      t: 'presence',
      accountId: member,
      online: false,
    });
    expect(await ask(cookies['secretary.a'] ?? '', [member])).toEqual([]);
    const b = await live(cookies['member.b'] ?? '');
    expect(await watcher.next('presence')).toEqual({
      t: 'presence',
      accountId: member,
      online: true,
    });
    expect(await ask(cookies['secretary.a'] ?? '', [member, ids['member.a'] ?? ''])).toEqual([
      member,
    ]);
    b.close();
    expect(await watcher.next('presence')).toEqual({
      t: 'presence',
      accountId: member,
      online: false,
    });
    expect(await ask(cookies['secretary.a'] ?? '', [member])).toEqual([]);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/presence',
      payload: { ids: [member] },
    });
    expect(anonymous.statusCode).toBe(401);
    const tooMany = await app.inject({
      method: 'POST',
      url: '/api/v1/presence',
      headers: { cookie: cookies['secretary.a'] ?? '' },
      payload: { ids: Array.from({ length: 201 }, () => member) },
    });
    expect(tooMany.statusCode).toBe(400);
    watcher.close();
  });

  it('closes the sockets of a session when it ends, and only those', async () => {
    const { app, ctx } = h();
    // Sign-out.
    const own = await as('member.a');
    const other = await live(cookies['member.a'] ?? '');
    const s1 = await live(own.cookie);
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie: own.cookie },
    });
    expect((await s1.closed).code).toBe(WS_CLOSE.sessionEnded);
    // The same account's other session keeps its socket.
    other.send({ t: 'ping' });
    await other.next('pong');

    // Ended from the sessions list of another session.
    const second = await as('member.a');
    const s2 = await live(second.cookie);
    const ended = await app.inject({
      method: 'POST',
      url: `/api/v1/me/sessions/end-others`,
      headers: { cookie: cookies['member.a'] ?? '' },
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await s2.closed).code).toBe(WS_CLOSE.sessionEnded);

    // Expired without any notice: the periodic check closes it.
    const third = await as('member.a');
    const s3 = await live(third.cookie);
    const mine = await app.inject({
      url: '/api/v1/me/sessions',
      headers: { cookie: third.cookie },
    });
    const current = mine.json<Array<{ id: string; current: boolean }>>().find((x) => x.current);
    await ctx.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, current?.id ?? ''));
    await app.realtime.recheckSessions();
    expect((await s3.closed).code).toBe(WS_CLOSE.sessionEnded);
    other.send({ t: 'ping' });
    await other.next('pong');

    // Disabled by the system administrator: every socket of the account closes.
    const admin = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const disabled = await app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${ids['member.a']}/disable`,
      headers: { cookie: admin },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect((await other.closed).code).toBe(WS_CLOSE.sessionEnded);
    expect(await upgradeStatus(base, { cookie: cookies['member.a'] ?? '', origin: base })).toBe(
      401,
    );
  });
});

describe('the gateway timers', () => {
  const h = useHarness('pglite', {}, { realtime: { heartbeatMs: 150, sessionCheckMs: 200 } });

  it('terminates sockets that stop answering pings, and keeps the others', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    const f = await buildTwoBranches(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const cookie = await f.cookie(app, 'member.a');
    const healthy = await connect(base, cookie);
    const silent = await connect(base, cookie, base, { autoPong: false });
    expect((await silent.closed).code).toBe(1006);
    await new Promise((r) => setTimeout(r, 400));
    healthy.send({ t: 'ping' });
    await healthy.next('pong');
    expect(app.realtime.size).toBe(1);

    // Session expiry is noticed by the periodic check alone, within its interval.
    const mine = await app.inject({ url: '/api/v1/me/sessions', headers: { cookie } });
    const current = mine.json<Array<{ id: string; current: boolean }>>().find((x) => x.current);
    await ctx.database.db
      .update(sessions)
      .set({ endedAt: new Date() })
      .where(eq(sessions.id, current?.id ?? ''));
    expect((await healthy.closed).code).toBe(WS_CLOSE.sessionEnded);
  });
});

describe('the Origin check behind PUBLIC_URL', () => {
  const h = useHarness('pglite', { PUBLIC_URL: 'https://tongxin.example/' });

  it('accepts only the public origin, not the address the proxy connects to', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    const f = await buildTwoBranches(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const cookie = await f.cookie(app, 'member.a');
    expect(await upgradeStatus(base, { cookie, origin: base })).toBe(403);
    expect(await upgradeStatus(base, { cookie, origin: 'https://tongxin.example.evil' })).toBe(403);
    expect(await upgradeStatus(base, { cookie, origin: 'https://tongxin.example' })).toBe(101);
  });
});
