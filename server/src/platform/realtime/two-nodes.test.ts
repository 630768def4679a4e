import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { WS_CLOSE, type EventFrame, type Message, type SpaceList } from '@tongxin/contract';
import { signIn, useHarness } from '../../test/harness.ts';
import { buildFixture, MEMBER_PASSWORD } from '../../modules/members/test-fixture.ts';
import { startServerProcess, type ServerProcess } from '../../test/server-process.ts';
import { connect, type TestSocket } from '../../test/ws-client.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? '';
const REDIS_URL = process.env.REDIS_URL ?? '';

/** The Redis connections a process holds, as `ip:port` of its end (what CLIENT KILL ADDR takes). */
function redisConnectionsOf(pid: number): string[] {
  const redisPort = new URL(REDIS_URL).port || '6379';
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${redisPort} )`], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => line.trim().split(/\s+/)[2] ?? '')
    .filter(Boolean);
}

/**
 * Two `tongxin serve` processes on one PostgreSQL and one Redis (issue 4, item 8). The
 * fixture is written in-process on the same database with the nodes' field-encryption key;
 * sessions live in the database, so a cookie signed in here works on either node.
 */
describe.runIf(DATABASE_URL && REDIS_URL)('two nodes on one PostgreSQL and one Redis', () => {
  const key = `t1:${randomBytes(32).toString('base64')}`;
  const h = useHarness('postgres', { TONGXIN_MASTER_KEY: key });
  const dirs: string[] = [];
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  const cookies: Record<string, string> = {};
  let spaceId = '';
  let topicId = '';

  /** Posts a message as sec.a on node B; returns the message id. */
  async function postOnB(body: string): Promise<number> {
    const res = await fetch(`${nodeB.url}/api/v1/exchange/topics/${topicId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies['sec.a'] ?? '' },
      body: JSON.stringify({ body }),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`post on B: ${res.status} ${text}`);
    return (JSON.parse(text) as Message).id;
  }

  const messageIdOf = (frame: EventFrame) =>
    (frame.payload as { message?: { id?: number } }).message?.id;

  async function live(node: ServerProcess, cookie: string, since?: number): Promise<TestSocket> {
    const socket = await connect(node.url, cookie);
    const hello = await socket.next('hello');
    socket.send({ t: 'resume', since: since ?? hello.head });
    await socket.next('synced');
    return socket;
  }

  beforeAll(async () => {
    const { app, ctx, testDb } = h();
    const f = await buildFixture(app, ctx);
    for (const u of ['sec.a', 'member.a'] as const) cookies[u] = await f.cookie(u);
    const list = await app.inject({
      url: '/api/v1/exchange/spaces',
      headers: { cookie: cookies['member.a'] ?? '' },
    });
    spaceId = list.json<SpaceList>().items[0]?.id ?? '';
    const topic = await app.inject({
      method: 'POST',
      url: `/api/v1/exchange/spaces/${spaceId}/topics`,
      headers: { cookie: cookies['sec.a'] ?? '' },
      payload: { title: '两个节点', body: '开始' },
    });
    topicId = topic.json<{ topic: { id: string } }>().topic.id;
    const env = { DATABASE_URL: testDb.url ?? '', REDIS_URL, TONGXIN_MASTER_KEY: key };
    const start = async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tongxin-node-'));
      dirs.push(dataDir);
      return startServerProcess({ dataDir, env });
    };
    [nodeA, nodeB] = await Promise.all([start(), start()]);
  });

  afterAll(async () => {
    await Promise.all([nodeA?.kill(), nodeB?.kill()]);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('delivers to a member on node A within a second what is posted on node B', async () => {
    const onA = await live(nodeA, cookies['member.a'] ?? '');
    for (let i = 0; i < 3; i++) {
      const posted = Date.now();
      const id = await postOnB(`第 ${i} 条`);
      await onA.next('event', (e) => messageIdOf(e) === id, 1000);
      expect(Date.now() - posted).toBeLessThan(1000);
    }
    // Presence is shared: node B knows the member is online on node A.
    const me = await fetch(`${nodeA.url}/api/v1/me`, {
      headers: { cookie: cookies['member.a'] ?? '' },
    });
    const accountId = ((await me.json()) as { id: string }).id;
    const presence = await fetch(`${nodeB.url}/api/v1/presence`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies['sec.a'] ?? '' },
      body: JSON.stringify({ ids: [accountId] }),
    });
    expect(await presence.json()).toEqual({ online: [accountId] });
    onA.close();
  });

  it('carries typing and session ends between nodes', async () => {
    const onA = await live(nodeA, cookies['member.a'] ?? '');
    const typist = await live(nodeB, cookies['sec.a'] ?? '');
    typist.send({ t: 'message', type: 'typing', data: { spaceId, topicId } });
    const heard = await onA.next('transient', () => true, 1000);
    expect(heard.type).toBe('exchange.typing');
    expect(heard.payload).toMatchObject({ spaceId, topicId });

    // A session signed out on node B loses its socket on node A at once.
    const fresh = await signIn(h().app, 'member.a', MEMBER_PASSWORD);
    const doomed = await live(nodeA, fresh);
    const out = await fetch(`${nodeB.url}/api/v1/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: fresh },
    });
    expect(out.status).toBeLessThan(300);
    const started = Date.now();
    expect((await doomed.closed).code).toBe(WS_CLOSE.sessionEnded);
    expect(Date.now() - started).toBeLessThan(1000);
    // The member's other session keeps its socket.
    onA.send({ t: 'ping' });
    await onA.next('pong');
    for (const socket of [onA, typist]) socket.close();
  });

  it('keeps serving each node while Redis drops, and loses nothing once it is back', async () => {
    const onA = await live(nodeA, cookies['member.a'] ?? '');
    const onB = await live(nodeB, cookies['member.a'] ?? '');
    const before = await postOnB('断开之前');
    const lastBefore = (await onA.next('event', (e) => messageIdOf(e) === before)).id;
    await onB.next('event', (e) => messageIdOf(e) === before);

    const admin = new Redis(REDIS_URL);
    const posted: number[] = [];
    try {
      // Drop every Redis connection of both nodes (bus, presence, rate limits), and only
      // theirs: the Redis is shared with other tests.
      const addrs = [nodeA.pid, nodeB.pid].flatMap(redisConnectionsOf);
      expect(addrs.length).toBeGreaterThanOrEqual(4);
      for (const addr of addrs) await admin.client('KILL', 'ADDR', addr).catch(() => undefined);
      // Node B's own clients are served throughout.
      for (let i = 0; i < 3; i++) {
        const id = await postOnB(`断开期间 ${i}`);
        posted.push(id);
        await onB.next('event', (e) => messageIdOf(e) === id, 1000);
      }
      // Once the nodes have reconnected, fan-out resumes; node A fills any gap from the feed.
      const deadline = Date.now() + 15_000;
      let through = false;
      while (!through && Date.now() < deadline) {
        const id = await postOnB('恢复之后');
        posted.push(id);
        through = await onA
          .next('event', (e) => messageIdOf(e) === id, 500)
          .then(() => true)
          .catch(() => false);
      }
      expect(through).toBe(true);
    } finally {
      admin.disconnect();
    }
    // Socket A saw every event of the account exactly once, in order, and every message.
    const seen = onA.frames.filter((f): f is EventFrame => f.t === 'event');
    const ids = seen.map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => (ids[0] ?? 0) + i));
    const messages = seen.map(messageIdOf);
    for (const id of posted) expect(messages).toContain(id);

    // A client that was away the whole time catches up through since with nothing lost.
    const late = await connect(nodeA.url, cookies['member.a'] ?? '');
    await late.next('hello');
    late.send({ t: 'resume', since: lastBefore });
    const synced = await late.next('synced');
    const replayed = late.frames.filter((f): f is EventFrame => f.t === 'event');
    expect(replayed.map((e) => e.id)).toEqual(
      ids.filter((id) => id > lastBefore && id <= synced.last),
    );
    for (const id of posted) expect(replayed.map(messageIdOf)).toContain(id);
    for (const socket of [onA, onB, late]) socket.close();
  });
});
