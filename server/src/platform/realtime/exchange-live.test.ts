import { beforeAll, describe, expect, it } from 'vitest';
import type { Message, SpaceDetail, SpaceList, Topic } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { useHarness } from '../../test/harness.ts';
import { buildFixture, type Fixture } from '../../modules/members/test-fixture.ts';
import { connect, type TestSocket } from '../../test/ws-client.ts';

type User = 'sec.a' | 'member.a' | 'sec.b';

/** The gateway with the exchange module as the app wires it: messages and typing. */
describe.each(ENGINES)('exchange over the WebSocket on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  let base = '';
  const cookies = {} as Record<User, string>;
  const accounts = {} as Record<User, string>;
  const sockets = {} as Record<User, TestSocket>;
  const spaces: Record<string, string> = {};

  const call = (user: User, method: 'GET' | 'POST', url: string, payload?: object) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: cookies[user] },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const u of ['sec.a', 'member.a', 'sec.b'] as const) {
      cookies[u] = await f.cookie(u);
      accounts[u] = (await call(u, 'GET', '/me')).json<{ id: string }>().id;
      const socket = await connect(base, cookies[u]);
      const hello = await socket.next('hello');
      socket.send({ t: 'resume', since: hello.head });
      await socket.next('synced');
      sockets[u] = socket;
    }
    spaces.a =
      (await call('member.a', 'GET', '/exchange/spaces')).json<SpaceList>().items[0]?.id ?? '';
    const b = await call('sec.b', 'GET', `/exchange/orgs/${f.orgs.b}/space`);
    spaces.b = b.json<SpaceDetail>().space.id;
  });

  it('pushes a posted message to the members of its space, and to nobody else', async () => {
    const posted = await call('member.a', 'POST', `/exchange/spaces/${spaces.a}/topics`, {
      title: '实时测试',
      body: '大家好',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const { message } = posted.json<{ topic: Topic; message: Message }>();
    const got = await sockets['sec.a'].next('event', (e) => e.type === 'exchange.message.created');
    expect(got.payload).toMatchObject({ message: { id: message.id } });
    // B's secretary: the first exchange event they get is their own space's, not A's.
    const own = await call('sec.b', 'POST', `/exchange/spaces/${spaces.b}/topics`, {
      title: '乙支部',
      body: '通知',
    });
    expect(own.statusCode, own.body).toBe(201);
    const first = await sockets['sec.b'].next('event', (e) => e.type.startsWith('exchange.'));
    expect(first.payload).toMatchObject({
      message: { id: own.json<{ message: Message }>().message.id },
    });
  });

  it("routes typing to the space's other members, and refuses it where one may not post", async () => {
    // Not a member of A's space: nobody hears it.
    sockets['sec.b'].send({
      t: 'message',
      type: 'typing',
      data: { spaceId: spaces.a, topicId: null },
    });
    sockets['sec.a'].send({
      t: 'message',
      type: 'typing',
      data: { spaceId: spaces.a, topicId: null },
    });
    const heard = await sockets['member.a'].next('transient');
    expect(heard).toEqual({
      t: 'transient',
      type: 'exchange.typing',
      payload: { accountId: accounts['sec.a'], spaceId: spaces.a, topicId: null },
    });
    await new Promise((r) => setTimeout(r, 200));
    // Not echoed to the typist; nothing reached B.
    expect(sockets['sec.a'].unread('transient')).toEqual([]);
    expect(sockets['sec.b'].unread('transient')).toEqual([]);
    expect(sockets['member.a'].unread('transient')).toEqual([]);
    sockets['sec.a'].send({ t: 'message', type: 'typing', data: { spaceId: 'x', topicId: null } });
    expect(await sockets['sec.a'].next('error')).toMatchObject({ code: 'invalid_frame' });
    for (const socket of Object.values(sockets)) socket.close();
  });
});
