import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type {
  EventPage,
  FileRef,
  Message,
  MessageHistory,
  MessagePage,
  NotificationPage,
  SpaceDetail,
  SpaceList,
  Topic,
  TopicDetail,
  TopicList,
  TopicTagList,
  UnreadCounts,
} from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { buildFixture, type Fixture } from '../members/test-fixture.ts';
import { image } from '../files/test-samples.ts';

type User = 'sec.a' | 'pub.a' | 'member.a' | 'sec.b' | 'sec.general';
const USERS: User[] = ['sec.a', 'pub.a', 'member.a', 'sec.b', 'sec.general'];

describe.each(ENGINES)('exchange on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  const cookies = {} as Record<User, string>;
  const accounts = {} as Record<User, string>;
  const heads = {} as Record<User, number>;
  const s: Record<string, string> = {};

  const call = async (
    user: User | string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: user in cookies ? cookies[user as User] : user },
      ...(payload ? { payload } : {}),
    });

  /** Events the user received since the last call (advances their head). */
  const newEvents = async (user: User) => {
    const res = await call(user, 'GET', `/events?since=${heads[user] ?? 0}&limit=1000`);
    const page = res.json<EventPage>();
    heads[user] = page.head;
    return page.items;
  };
  const drainAll = async () => {
    for (const u of USERS) await newEvents(u);
  };

  const orgSpace = async (user: User, orgId: string) => {
    const res = await call(user, 'GET', `/exchange/orgs/${orgId}/space`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SpaceDetail>();
  };

  const startTopic = async (user: User, spaceId: string, title: string, body: string) => {
    const res = await call(user, 'POST', `/exchange/spaces/${spaceId}/topics`, { title, body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ topic: Topic; message: Message }>();
  };

  it('derives org spaces from the roster and lists them with unread counts', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    for (const u of USERS) {
      cookies[u] = await f.cookie(u);
      accounts[u] = (await call(u, 'GET', '/me')).json<{ id: string }>().id;
    }
    const list = (await call('member.a', 'GET', '/exchange/spaces')).json<SpaceList>();
    expect(list.items.map((i) => [i.kind, i.name])).toEqual([['org', '机关第一党支部']]);
    s.a = list.items[0]?.id ?? '';
    const detail = (await call('member.a', 'GET', `/exchange/spaces/${s.a}`)).json<SpaceDetail>();
    expect(detail.members.map((m) => m.displayName).sort()).toEqual(['member.a', 'pub.a', 'sec.a']);
    expect(detail.may).toEqual({ post: true, moderate: false, manageMembers: false });
    expect((await orgSpace('sec.a', f.orgs.a)).may.moderate).toBe(true);
    s.b = (await orgSpace('sec.b', f.orgs.b)).space.id;
    await drainAll();
  });

  it('keeps other branches out: 404 on read, post, list, and no events', async () => {
    const first = await startTopic(
      'member.a',
      s.a ?? '',
      '学习二十大报告',
      '大家好，**今晚**一起学习。',
    );
    s.topicA = first.topic.id;
    expect(first.message.html).toContain('<strong>今晚</strong>');
    for (const [method, url, body] of [
      ['GET', `/exchange/spaces/${s.a}`],
      ['GET', `/exchange/spaces/${s.a}/topics`],
      ['GET', `/exchange/topics/${s.topicA}`],
      ['GET', `/exchange/topics/${s.topicA}/messages`],
      ['GET', `/exchange/messages/${first.message.id}`],
      ['POST', `/exchange/topics/${s.topicA}/messages`, { body: '窜门' }],
      ['POST', `/exchange/spaces/${s.a}/topics`, { title: 'x', body: 'y' }],
      ['POST', `/exchange/messages/${first.message.id}/reactions`, { emoji: '👍' }],
      ['GET', `/exchange/orgs/${f.orgs.a}/space`],
    ] as const) {
      const res = await call('sec.b', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const listB = (await call('sec.b', 'GET', '/exchange/spaces')).json<SpaceList>();
    expect(listB.items.map((i) => i.id)).not.toContain(s.a);
    // The member of A and the officer above (党总支 secretary) got the event; B nothing.
    expect((await newEvents('sec.b')).length).toBe(0);
    const seen = await newEvents('sec.general');
    expect(seen.map((e) => e.type)).toEqual(['exchange.message.created']);
    expect(seen[0]?.payload).toMatchObject({
      message: { authorName: 'member.a', topicId: s.topicA },
    });
    expect((await newEvents('sec.a')).map((e) => e.type)).toEqual(['exchange.message.created']);
    // Officers above read but do not post.
    const general = await orgSpace('sec.general', f.orgs.a);
    expect(general.space.readOnly).toBe(true);
    expect(general.may.post).toBe(false);
    const post = await call('sec.general', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '上级指导',
    });
    expect(post.statusCode).toBe(403);
    const supervised = (
      await call('sec.general', 'GET', '/exchange/spaces?includeSupervised=true')
    ).json<SpaceList>();
    expect(supervised.items.map((i) => i.id)).toContain(s.a);
    await drainAll();
  });

  it('renders hostile bodies safe', async () => {
    const res = await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '<script>alert(1)</script> [点我](javascript:alert(1)) <img src=x onerror=alert(1)>',
    });
    expect(res.statusCode, res.body).toBe(201);
    const html = res.json<Message>().html;
    expect(html).not.toMatch(/<script|<img|href="javascript|<[^>]*onerror/i);
    expect(html).toContain('&lt;script&gt;');
    await drainAll();
  });

  it('notifies mentions and replies, honours mutes, and @全体 only for officers', async () => {
    const mention = await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '@pub.a 请看这里 @全体',
    });
    expect(mention.statusCode, mention.body).toBe(201);
    const m = mention.json<Message>();
    expect(m.mentions).toEqual([accounts['pub.a']]);
    expect(m.mentionsAll).toBe(false);
    expect(m.html).toContain('class="mention"');
    const notes = (await call('pub.a', 'GET', '/notifications')).json<NotificationPage>();
    expect(notes.items[0]).toMatchObject({ kind: 'mention', sourceId: String(m.id) });

    // sec.a mutes the topic: a reply to them does not notify, a mention does.
    const muted = await call('sec.a', 'PUT', `/exchange/topics/${s.topicA}/subscription`, {
      level: 'mute',
    });
    expect(muted.json()).toMatchObject({ subscription: 'mute' });
    const own = await call('sec.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '@全体 周五下午三点开会',
    });
    const ownMsg = own.json<Message>();
    expect(ownMsg.mentionsAll).toBe(true);
    const all = (await call('member.a', 'GET', '/notifications')).json<NotificationPage>();
    expect(all.items[0]).toMatchObject({ kind: 'mention', sourceId: String(ownMsg.id) });
    const before = (await call('sec.a', 'GET', '/notifications')).json<NotificationPage>().items
      .length;
    const reply = await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '收到',
      replyToId: ownMsg.id,
    });
    expect(reply.json<Message>().replyTo).toMatchObject({ id: ownMsg.id, authorName: 'sec.a' });
    expect(
      (await call('sec.a', 'GET', '/notifications')).json<NotificationPage>().items.length,
    ).toBe(before);
    await call('sec.a', 'PUT', `/exchange/topics/${s.topicA}/subscription`, { level: 'default' });
    await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '再次确认',
      replyToId: ownMsg.id,
    });
    const after = (await call('sec.a', 'GET', '/notifications')).json<NotificationPage>();
    expect(after.items.length).toBe(before + 1);
    expect(after.items[0]).toMatchObject({ kind: 'reply' });
    // Reading the topic reads the notifications about it.
    const unreadBefore = (await call('sec.a', 'GET', '/notifications/unread-count')).json<{
      unread: number;
    }>();
    expect(unreadBefore.unread).toBeGreaterThan(0);
    const topicNow = (
      await call('sec.a', 'GET', `/exchange/topics/${s.topicA}`)
    ).json<TopicDetail>();
    await call('sec.a', 'POST', `/exchange/topics/${s.topicA}/read`, {
      upToId: topicNow.item.topic.lastMessageId,
    });
    const unreadAfter = (await call('sec.a', 'GET', '/notifications/unread-count')).json<{
      unread: number;
    }>();
    expect(unreadAfter.unread).toBe(0);

    // A withdrawn message's words leave the mention it caused: list and feed alike.
    const slip = (
      await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
        body: '@pub.a 发错群的内部电话号码',
      })
    ).json<Message>();
    const slipNote = (await call('pub.a', 'GET', '/notifications')).json<NotificationPage>();
    expect(slipNote.items[0]).toMatchObject({ sourceId: String(slip.id), readAt: null });
    expect(slipNote.items[0]?.excerpt).toContain('内部电话');
    await call('member.a', 'POST', `/exchange/messages/${slip.id}/withdraw`, {});
    const redacted = (await call('pub.a', 'GET', '/notifications')).json<NotificationPage>();
    expect(redacted.items[0]).toMatchObject({ sourceId: String(slip.id), excerpt: '' });
    expect(redacted.items[0]?.readAt).not.toBeNull();
    const pubFeed = (await call('pub.a', 'GET', '/events?since=0&limit=1000')).json<EventPage>();
    expect(JSON.stringify(pubFeed)).not.toContain('内部电话');
    expect(pubFeed.items.at(-1)).toMatchObject({ type: 'notification.read' });
    await drainAll();
  });

  it('keeps edit history and hides withdrawn bodies', async () => {
    const posted = (
      await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, { body: '初稿' })
    ).json<Message>();
    expect(
      (await call('pub.a', 'PATCH', `/exchange/messages/${posted.id}`, { body: '他改' }))
        .statusCode,
    ).toBe(403);
    const edited = await call('member.a', 'PATCH', `/exchange/messages/${posted.id}`, {
      body: '定稿',
    });
    expect(edited.json<Message>()).toMatchObject({ source: '定稿', html: '<p>定稿</p>\n' });
    expect(edited.json<Message>().editedAt).not.toBeNull();
    const history = (
      await call('sec.a', 'GET', `/exchange/messages/${posted.id}/history`)
    ).json<MessageHistory>();
    expect(history.versions.map((v) => v.source)).toEqual(['初稿']);
    const events = await newEvents('sec.general');
    expect(events.map((e) => e.type)).toEqual([
      'exchange.message.created',
      'exchange.message.updated',
    ]);

    // Another member may not withdraw it; the author may; an officer may withdraw any.
    expect(
      (await call('pub.a', 'POST', `/exchange/messages/${posted.id}/withdraw`, {})).statusCode,
    ).toBe(200); // pub.a is an officer (publicity officer of A)
    const seen = (await call('sec.a', 'GET', `/exchange/messages/${posted.id}`)).json<Message>();
    expect(seen).toMatchObject({ withdrawn: true, source: '', html: '', withdrawnByName: 'pub.a' });
    // Nothing in anyone's feed still carries the withdrawn words, from any version.
    const wholeFeed = (await call('sec.a', 'GET', '/events?since=0&limit=1000')).json<EventPage>();
    expect(JSON.stringify(wholeFeed)).toContain(String(posted.id));
    expect(JSON.stringify(wholeFeed)).not.toMatch(/初稿|定稿/);
    const withdrawnEvent = (await newEvents('sec.a')).find(
      (e) => e.type === 'exchange.message.withdrawn',
    );
    expect(JSON.stringify(withdrawnEvent?.payload)).not.toContain('定稿');
    const other = (
      await call('pub.a', 'POST', `/exchange/topics/${s.topicA}/messages`, { body: '官方说明' })
    ).json<Message>();
    expect(
      (await call('member.a', 'POST', `/exchange/messages/${other.id}/withdraw`, {})).statusCode,
    ).toBe(403);
    const mine = (
      await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, { body: '发错了' })
    ).json<Message>();
    const self = await call('member.a', 'POST', `/exchange/messages/${mine.id}/withdraw`, {});
    expect(self.json<Message>().withdrawn).toBe(true);
    const audit = await h().ctx.database.db.execute(
      `select count(*)::int as n from audit_log where action = 'exchange.message.withdraw'
         and object_id in ('${posted.id}', '${mine.id}')`,
    );
    expect(JSON.stringify(audit)).toContain('"n":2');
    await drainAll();
  });

  it('toggles reactions from the allow-list and pins for officers', async () => {
    const msg = (
      await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, { body: '好文章' })
    ).json<Message>();
    const url = `/exchange/messages/${msg.id}/reactions`;
    expect((await call('sec.a', 'POST', url, { emoji: '💩' })).statusCode).toBe(400);
    const on = await call('sec.a', 'POST', url, { emoji: '👍' });
    expect(on.json()).toEqual({
      reactions: [{ emoji: '👍', count: 1, accountIds: [accounts['sec.a']] }],
    });
    await call('pub.a', 'POST', url, { emoji: '👍' });
    const off = await call('sec.a', 'POST', url, { emoji: '👍' });
    expect(off.json()).toEqual({
      reactions: [{ emoji: '👍', count: 1, accountIds: [accounts['pub.a']] }],
    });
    const reactionEvents = (await newEvents('member.a')).filter(
      (e) => e.type === 'exchange.reaction',
    );
    expect(reactionEvents.length).toBe(3);

    const pinUrl = `/exchange/messages/${msg.id}/pin`;
    expect((await call('member.a', 'POST', pinUrl, { pinned: true })).statusCode).toBe(403);
    expect((await call('sec.a', 'POST', pinUrl, { pinned: true })).json<Message>().pinned).toBe(
      true,
    );
    const detail = (
      await call('member.a', 'GET', `/exchange/topics/${s.topicA}`)
    ).json<TopicDetail>();
    expect(detail.pinned.map((p) => p.id)).toEqual([msg.id]);
    await drainAll();
  });

  it('pages messages by id cursor', async () => {
    const topic = await startTopic('member.a', s.a ?? '', '分页', '第0条');
    for (let i = 1; i <= 6; i++) {
      await call('member.a', 'POST', `/exchange/topics/${topic.topic.id}/messages`, {
        body: `第${i}条`,
      });
    }
    const base = `/exchange/topics/${topic.topic.id}/messages`;
    const last = (await call('sec.a', 'GET', `${base}?limit=3`)).json<MessagePage>();
    expect(last.items.map((m) => m.source)).toEqual(['第4条', '第5条', '第6条']);
    expect([last.hasOlder, last.hasNewer]).toEqual([true, false]);
    const older = (
      await call('sec.a', 'GET', `${base}?limit=3&before=${last.items[0]?.id}`)
    ).json<MessagePage>();
    expect(older.items.map((m) => m.source)).toEqual(['第1条', '第2条', '第3条']);
    expect([older.hasOlder, older.hasNewer]).toEqual([true, true]);
    const oldest = (
      await call('sec.a', 'GET', `${base}?limit=3&before=${older.items[0]?.id}`)
    ).json<MessagePage>();
    expect(oldest.items.map((m) => m.source)).toEqual(['第0条']);
    expect(oldest.hasOlder).toBe(false);
    const newer = (
      await call('sec.a', 'GET', `${base}?limit=2&after=${older.items[2]?.id}`)
    ).json<MessagePage>();
    expect(newer.items.map((m) => m.source)).toEqual(['第4条', '第5条']);
    expect([newer.hasOlder, newer.hasNewer]).toEqual([true, true]);
    s.pageTopic = topic.topic.id;
    await drainAll();
  });

  it('counts unread per topic and space, and marks read', async () => {
    await call('pub.a', 'POST', '/exchange/read');
    const zero = (await call('pub.a', 'GET', '/exchange/unread')).json<UnreadCounts>();
    expect(zero.total).toBe(0);
    const t = (
      await call('member.a', 'POST', `/exchange/topics/${s.pageTopic}/messages`, {
        body: '新消息一',
      })
    ).json<Message>();
    await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, { body: '新消息二' });
    const two = (await call('pub.a', 'GET', '/exchange/unread')).json<UnreadCounts>();
    expect(two.total).toBe(2);
    expect(two.spaces.find((x) => x.spaceId === s.a)?.unread).toBe(2);
    // The author's own messages are never unread for them.
    expect((await call('member.a', 'GET', '/exchange/unread')).json<UnreadCounts>().total).toBe(0);
    const read = await call('pub.a', 'POST', `/exchange/topics/${s.pageTopic}/read`, {
      upToId: t.id,
    });
    expect(read.statusCode).toBe(200);
    const topics = (await call('pub.a', 'GET', `/exchange/spaces/${s.a}/topics`)).json<TopicList>();
    expect(topics.items.find((i) => i.topic.id === s.pageTopic)?.unread).toBe(0);
    expect(topics.items.find((i) => i.topic.id === s.topicA)?.unread).toBe(1);
    expect((await newEvents('pub.a')).map((e) => e.type)).toContain('exchange.read');
    await call('pub.a', 'POST', `/exchange/spaces/${s.a}/read`);
    expect((await call('pub.a', 'GET', '/exchange/unread')).json<UnreadCounts>().total).toBe(0);
    await drainAll();
  });

  // One connection on PGlite runs everything in turn; the race needs PostgreSQL's concurrency.
  it.runIf(engine === 'postgres')(
    'marks a space read only after posts already numbered have committed',
    async () => {
      const client = new pg.Client({ connectionString: h().testDb.url ?? '' });
      await client.connect();
      try {
        // A post in flight, as insertMessage makes it: the space's key-share lock, then its id.
        await client.query('begin');
        await client.query('select id from exchange_spaces where id = $1 for key share', [s.a]);
        const [author] = (
          await client.query<{ author_id: string }>(
            'select author_id from exchange_messages where space_id = $1 limit 1',
            [s.a],
          )
        ).rows;
        const inserted = await client.query<{ id: string }>(
          `insert into exchange_messages (topic_id, space_id, author_id, author_name, source, html,
             plain_text) values ($1, $2, $3, '李秀英', '在途消息', '<p>在途消息</p>', '在途消息')
           returning id`,
          [s.topicA, s.a, author?.author_id],
        );
        // A later message commits first.
        const later = await call('member.a', 'POST', `/exchange/topics/${s.pageTopic}/messages`, {
          body: '后发先至',
        });
        expect(later.json<Message>().id).toBeGreaterThan(Number(inserted.rows[0]?.id));
        let marked = false;
        const marking = call('pub.a', 'POST', `/exchange/spaces/${s.a}/read`).then((r) => {
          marked = true;
          return r;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        // Marking now would set a floor above the uncommitted message: it waits instead.
        expect(marked).toBe(false);
        await client.query('commit');
        expect((await marking).statusCode).toBe(200);
      } finally {
        await client.end();
      }
      await drainAll();
    },
  );

  it('tags, renames, resolves and moves topics', async () => {
    const tags = (await call('member.a', 'GET', '/exchange/tags')).json<TopicTagList>();
    expect(tags.items.map((t) => t.name)).toEqual(['理论学习', '工作交流', '经验分享', '问题求助']);
    expect(tags.mayAdd).toBe(false);
    expect((await call('member.a', 'POST', '/exchange/tags', { name: '党史' })).statusCode).toBe(
      403,
    );
    const added = await call('sec.a', 'POST', '/exchange/tags', { name: '党史学习' });
    expect(added.statusCode).toBe(201);
    const tagId = tags.items[0]?.id ?? '';
    const patched = await call('member.a', 'PATCH', `/exchange/topics/${s.topicA}`, {
      title: '学习二十大报告（第一次）',
      tagIds: [tagId],
      resolved: true,
    });
    expect(patched.json<Topic>()).toMatchObject({ resolved: true, tags: [{ name: '理论学习' }] });
    expect(
      (await call('pub.a', 'PATCH', `/exchange/topics/${s.pageTopic}`, { title: '改名' }))
        .statusCode,
    ).toBe(200); // an officer renames anyone's topic
    const byTag = (
      await call('sec.a', 'GET', `/exchange/spaces/${s.a}/topics?tagId=${tagId}`)
    ).json<TopicList>();
    expect(byTag.items.map((i) => i.topic.id)).toEqual([s.topicA]);

    // Moving: only officers over both spaces. sec.general moderates A and C.
    const c = (await orgSpace('sec.general', f.orgs.c)).space.id;
    expect(
      (await call('sec.a', 'POST', `/exchange/topics/${s.pageTopic}/move`, { spaceId: c }))
        .statusCode,
    ).toBe(404); // sec.a cannot see C's space
    await drainAll();
    const moved = await call('sec.general', 'POST', `/exchange/topics/${s.pageTopic}/move`, {
      spaceId: c,
      reason: '归入第三支部',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await newEvents('member.a')).map((e) => e.type)).toEqual(['exchange.topic.removed']);
    expect((await call('member.a', 'GET', `/exchange/topics/${s.pageTopic}`)).statusCode).toBe(404);
    await drainAll();
  });

  it('searches Chinese text in readable spaces only, never withdrawn messages', async () => {
    type Result = { items: { message: Message; spaceName: string }[]; hasMore: boolean };
    const search = async (user: User, q: string, extra = '') =>
      (
        await call(user, 'GET', `/exchange/search?q=${encodeURIComponent(q)}${extra}`)
      ).json<Result>();
    const hits = await search('sec.a', '学习');
    expect(hits.items.length).toBeGreaterThan(0);
    expect(hits.items.every((i) => i.spaceName === '机关第一党支部')).toBe(true);
    // Several words must all occur (in the text or the topic title).
    const both = await search('sec.a', '今晚 一起');
    expect(both.items.map((i) => i.message.source)).toEqual(['大家好，**今晚**一起学习。']);
    expect((await search('sec.b', '今晚')).items).toEqual([]);
    expect((await search('sec.a', '定稿')).items).toEqual([]); // withdrawn
    const paged = await search('sec.a', '第', '&limit=2');
    expect(paged.hasMore).toBe(true);
    const next = await search('sec.a', '第', `&limit=2&before=${paged.items[1]?.message.id}`);
    expect(next.items[0]?.message.id).toBeLessThan(paged.items[1]?.message.id ?? 0);
    expect((await call('sec.b', 'GET', `/exchange/search?q=x&spaceId=${s.a}`)).statusCode).toBe(
      404,
    );
  });

  it('attaches uploaded files, readable by the space only, hidden once withdrawn', async () => {
    const boundary = '----exchange-test';
    const bytes = await image('png', 32, 32);
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="合影.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await h().app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: {
        cookie: cookies['member.a'],
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json<FileRef>();
    const posted = await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '',
      attachmentIds: [file.id],
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const msg = posted.json<Message>();
    expect(msg.attachments.map((a) => a.name)).toEqual(['合影.png']);
    const get = (user: User) =>
      h().app.inject({ method: 'GET', url: file.url, headers: { cookie: cookies[user] } });
    expect((await get('sec.a')).statusCode).toBe(200);
    expect((await get('sec.b')).statusCode).toBe(404);
    // Claimed once: another message cannot take the same file.
    const again = await call('member.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '再发一次',
      attachmentIds: [file.id],
    });
    expect(again.statusCode).toBe(400);
    await call('member.a', 'POST', `/exchange/messages/${msg.id}/withdraw`, {});
    expect((await get('sec.a')).statusCode).toBe(404);
    await drainAll();
  });

  it('follows the roster: a transferred member changes spaces at once', async () => {
    const start = await call('sec.a', 'POST', `/members/${f.members.memberA}/transfers`, {
      toBranchId: f.orgs.b,
      reason: '工作调动',
    });
    expect(start.statusCode, start.body).toBe(201);
    const accept = await call(
      'sec.b',
      'POST',
      `/transfers/${start.json<{ id: string }>().id}/accept`,
      {},
    );
    expect(accept.statusCode, accept.body).toBe(200);
    // The member's open clients are told to reload their spaces.
    expect(await newEvents('member.a')).toEqual([
      expect.objectContaining({
        type: 'membership.changed',
        payload: { memberId: f.members.memberA, fromBranchId: f.orgs.a, toBranchId: f.orgs.b },
      }),
    ]);
    expect((await call('member.a', 'GET', `/exchange/spaces/${s.a}`)).statusCode).toBe(404);
    const list = (await call('member.a', 'GET', '/exchange/spaces')).json<SpaceList>();
    expect(list.items.map((i) => i.id)).toEqual([s.b]);
    const b = (await call('sec.b', 'GET', `/exchange/spaces/${s.b}`)).json<SpaceDetail>();
    expect(b.members.map((m) => m.displayName)).toContain('member.a');
    await drainAll();
    await startTopic('sec.a', s.a ?? '', '转出之后', '还在吗？');
    expect(await newEvents('member.a')).toEqual([]);
  });

  it('keeps direct messages between their members', async () => {
    const dm = await call('sec.a', 'POST', '/exchange/dms', { accountIds: [accounts['pub.a']] });
    expect(dm.statusCode, dm.body).toBe(200);
    const space = dm.json<SpaceDetail>();
    expect(space.space).toMatchObject({ kind: 'dm', name: 'pub.a' });
    const again = await call('pub.a', 'POST', '/exchange/dms', { accountIds: [accounts['sec.a']] });
    expect(again.json<SpaceDetail>().space.id).toBe(space.space.id);
    // Nobody outside reads it, not even the officer above.
    await drainAll();
    await startTopic('sec.a', space.space.id, '私聊', '有件事想商量');
    for (const u of ['sec.general', 'member.a', 'sec.b'] as const) {
      expect((await call(u, 'GET', `/exchange/spaces/${space.space.id}`)).statusCode).toBe(404);
      expect(await newEvents(u)).toEqual([]);
    }
    expect((await newEvents('pub.a')).map((e) => e.type)).toEqual(['exchange.message.created']);
    // A member may write to the officers above their branch (the 党总支's secretary)...
    const people = (await call('pub.a', 'GET', '/exchange/people')).json<{
      items: { displayName: string }[];
    }>();
    expect(people.items.map((p) => p.displayName)).toContain('sec.general');
    const up = await call('pub.a', 'POST', '/exchange/dms', {
      accountIds: [accounts['sec.general']],
    });
    expect(up.statusCode, up.body).toBe(200);
    // ...but only people one can see: sec.a cannot open a conversation with B's secretary.
    expect(
      (await call('sec.a', 'POST', '/exchange/dms', { accountIds: [accounts['sec.b']] }))
        .statusCode,
    ).toBe(404);
  });

  it('lets officers run study groups and announcements', async () => {
    const created = await call('sec.general', 'POST', '/exchange/spaces', {
      kind: 'study_group',
      name: '青年理论学习小组',
      orgId: f.orgs.general,
      accountIds: [accounts['pub.a']],
    });
    expect(created.statusCode, created.body).toBe(201);
    const group = created.json<SpaceDetail>();
    expect(group.members.map((m) => m.displayName).sort()).toEqual(['pub.a', 'sec.general']);
    expect(
      (
        await call('member.a', 'POST', '/exchange/spaces', {
          kind: 'study_group',
          name: '自建',
          orgId: f.orgs.b,
        })
      ).statusCode,
    ).toBe(403);
    expect((await call('sec.a', 'GET', `/exchange/spaces/${group.space.id}`)).statusCode).toBe(404);

    const ann = await call('sec.general', 'POST', '/exchange/spaces', {
      kind: 'announcement',
      name: '机关党总支通知',
      orgId: f.orgs.general,
    });
    expect(ann.statusCode, ann.body).toBe(201);
    const annId = ann.json<SpaceDetail>().space.id;
    const readers = (await call('pub.a', 'GET', `/exchange/spaces/${annId}`)).json<SpaceDetail>();
    expect(readers.may.post).toBe(false);
    expect(
      (await call('pub.a', 'POST', `/exchange/spaces/${annId}/topics`, { title: 't', body: 'b' }))
        .statusCode,
    ).toBe(403);
    await startTopic('sec.general', annId, '关于开展主题党日的通知', '请各支部按时组织。');
    // B is not under the 党总支: it neither reads nor lists the announcement space.
    expect((await call('sec.b', 'GET', `/exchange/spaces/${annId}`)).statusCode).toBe(404);
    const listA = (await call('pub.a', 'GET', '/exchange/spaces')).json<SpaceList>();
    expect(listA.items.find((i) => i.id === annId)?.unread).toBe(1);
  });

  it('refuses messages with a word on the security administrator’s list', async () => {
    const sec = await signIn(h().app, 'secadmin', ADMIN_PASSWORDS.security);
    expect(
      (await call('sec.a', 'POST', '/exchange/sensitive-words', { word: '机密文件' })).statusCode,
    ).toBe(403);
    const added = await call(sec, 'POST', '/exchange/sensitive-words', { word: '机密文件' });
    expect(added.statusCode, added.body).toBe(201);
    const refused = await call('sec.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '这是机 密\u200b文件的内容',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      error: { code: 'sensitive_word', details: { word: '机密文件' } },
    });
    const title = await call('sec.a', 'POST', `/exchange/spaces/${s.a}/topics`, {
      title: '机密文件讨论',
      body: '正文',
    });
    expect(title.statusCode).toBe(422);
    const id = added.json<{ id: string }>().id;
    expect((await call(sec, 'DELETE', `/exchange/sensitive-words/${id}`)).statusCode).toBe(200);
    const ok = await call('sec.a', 'POST', `/exchange/topics/${s.topicA}/messages`, {
      body: '机密文件已按规定归档',
    });
    expect(ok.statusCode).toBe(201);
  });

  it('never put an event of a space they cannot read in anyone’s feed', async () => {
    const spaceOf = (payload: Record<string, unknown>): string | null => {
      const p = payload as {
        message?: { spaceId: string };
        topic?: { spaceId: string };
        space?: { id: string };
        spaceId?: string | null;
      };
      return p.message?.spaceId ?? p.topic?.spaceId ?? p.space?.id ?? p.spaceId ?? null;
    };
    await startTopic('sec.b', s.b ?? '', '乙支部本周学习', '本周学习《党章》第三章。');
    // sec.b was never in branch A, the 党总支 or their spaces: its whole feed, from the
    // start, holds only events of spaces it reads today.
    const readable = new Set(
      (await call('sec.b', 'GET', '/exchange/spaces')).json<SpaceList>().items.map((i) => i.id),
    );
    const feed = (await call('sec.b', 'GET', '/events?since=0&limit=1000')).json<EventPage>();
    const exchangeEvents = feed.items.filter((e) => e.type.startsWith('exchange.'));
    expect(exchangeEvents.length).toBeGreaterThan(0);
    for (const e of exchangeEvents) {
      const spaceId = spaceOf(e.payload);
      if (spaceId !== null) expect(readable.has(spaceId), e.type).toBe(true);
    }
    expect(readable.has(s.a ?? '')).toBe(false);
  });

  it('lets the author withdraw only within the window', async () => {
    const mine = (
      await call('pub.a', 'POST', `/exchange/topics/${s.topicA}/messages`, { body: '一小时前' })
    ).json<Message>();
    await h().ctx.database.db.execute(
      `update exchange_messages set created_at = now() - interval '1 hour' where id = ${mine.id}`,
    );
    // pub.a is an officer of A: allowed at any time; a plain member only within the window.
    expect(
      (await call('pub.a', 'POST', `/exchange/messages/${mine.id}/withdraw`, {})).statusCode,
    ).toBe(200);
    const topic = await startTopic('member.a', s.b ?? '', '新支部报到', '大家好，我刚转入。');
    await h().ctx.database.db.execute(
      `update exchange_messages set created_at = now() - interval '1 hour' where id = ${topic.message.id}`,
    );
    const late = await call(
      'member.a',
      'POST',
      `/exchange/messages/${topic.message.id}/withdraw`,
      {},
    );
    expect(late.statusCode).toBe(403);
  });

  it('keeps administrators out of the exchange', async () => {
    const sys = await signIn(h().app, 'sysadmin', ADMIN_PASSWORDS.system);
    expect((await call(sys, 'GET', '/exchange/spaces')).statusCode).toBe(403);
    expect((await call(sys, 'GET', `/exchange/spaces/${s.a}`)).statusCode).toBe(403);
  });
});
