import { describe, expect, it } from 'vitest';
import type {
  Message,
  Notice,
  SearchResult,
  SpaceDetail,
  Suggestions,
  Topic,
  TopicTagList,
} from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { buildFixture, type Fixture } from '../members/test-fixture.ts';
import { rebuildSearchIndex } from './rebuild.ts';

type User = 'sec.a' | 'pub.a' | 'member.a' | 'sec.b' | 'sec.general';
const USERS: User[] = ['sec.a', 'pub.a', 'member.a', 'sec.b', 'sec.general'];

/*
 * Adversarial fixtures: branch A (机关第一党支部, under the 党总支) and branch B (研发中心党支部,
 * a sibling) talk about the same things with the same words. Whoever may not open a record
 * must not see it, count it, page onto it or get a snippet of it.
 */
describe.each(ENGINES)('search on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  const cookies = {} as Record<User | 'sysadmin', string>;
  const spaces: Record<string, string> = {};
  const topics: Record<string, Topic> = {};
  let authorA = '';

  const call = async (
    user: User | 'sysadmin',
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: cookies[user] },
      ...(payload ? { payload } : {}),
    });
  const find = async (user: User | 'sysadmin', params: Record<string, string | number>) => {
    const qs = new URLSearchParams(
      Object.entries(params).map(([k, v]) => [k, String(v)]),
    ).toString();
    const res = await call(user, 'GET', `/search?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SearchResult>();
  };
  const topic = async (
    user: User,
    space: string,
    title: string,
    body: string,
    tagIds?: string[],
  ) => {
    const res = await call(user, 'POST', `/exchange/spaces/${spaces[space]}/topics`, {
      title,
      body,
      ...(tagIds ? { tagIds } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ topic: Topic; message: Message }>();
  };
  const post = async (user: User, topicId: string, body: string) => {
    const res = await call(user, 'POST', `/exchange/topics/${topicId}/messages`, { body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Message>();
  };

  it('finds a message the moment it is posted, only for those who may read it', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    for (const u of USERS) cookies[u] = await f.cookie(u);
    cookies.sysadmin = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    for (const [name, orgId] of [
      ['a', f.orgs.a],
      ['b', f.orgs.b],
      ['c', f.orgs.c],
    ] as const) {
      const res = await call(
        name === 'b' ? 'sec.b' : name === 'a' ? 'sec.a' : 'sec.general',
        'GET',
        `/exchange/orgs/${orgId}/space`,
      );
      expect(res.statusCode, res.body).toBe(200);
      spaces[name] = res.json<SpaceDetail>().space.id;
    }
    const tags = (await call('member.a', 'GET', '/exchange/tags')).json<TopicTagList>();
    const study = tags.items[0]?.id ?? '';
    const first = await topic(
      'sec.a',
      'a',
      '第四季度组织生活会准备',
      '请大家提前准备对照检查材料，开展批评与自我批评。',
      [study],
    );
    topics.a = first.topic;
    authorA = first.message.authorId;
    topics.b = (
      await topic('sec.b', 'b', '研发支部组织生活会安排', '组织生活会定在下周三，乙支部绝密安排。')
    ).topic;

    const member = await find('member.a', { q: '组织生活会' });
    expect(member.items.map((i) => i.link).every((l) => l.includes(spaces.a ?? '-'))).toBe(true);
    // A's topic title holds the words; its first message does not.
    expect(member.counts).toEqual({
      message: 0,
      topic: 1,
      notice: 0,
      activity: 0,
      rectification: 0,
    });
    expect(member.total).toBe(1);
    expect(JSON.stringify(member)).not.toContain('绝密');

    const other = await find('sec.b', { q: '组织生活会' });
    expect(other.counts).toEqual({
      message: 1,
      topic: 1,
      notice: 0,
      activity: 0,
      rectification: 0,
    });
    expect(JSON.stringify(other)).toContain('绝密');
    expect(JSON.stringify(other)).not.toContain('对照检查');

    // The 党总支 secretary supervises A (below it), never B (a sibling of the 党总支).
    const general = await find('sec.general', { q: '组织生活会' });
    expect(general.total).toBe(1);
    expect(JSON.stringify(general)).not.toContain('绝密');

    // Administrators take no part in the exchange: nothing at all.
    expect((await find('sysadmin', { q: '组织生活会' })).total).toBe(0);
  });

  it('highlights matches in escaped snippets and ranks whole words first', async () => {
    await post(
      'member.a',
      topics.a?.id ?? '',
      '学习<script>alert(1)</script>心得：三会一课要落到实处',
    );
    const res = await find('member.a', { q: '三会一课', kind: 'message' });
    expect(res.items).toHaveLength(1);
    expect(res.items[0]?.snippetHtml).toBe(
      '学习&lt;script&gt;alert(1)&lt;/script&gt;心得：<mark>三会一课</mark>要落到实处',
    );
    const titled = await find('member.a', { q: '生活会', kind: 'topic' });
    expect(titled.items[0]?.titleHtml).toBe('第四季度组织<mark>生活会</mark>准备');
    // Substrings across words are found too (exact substring, not only whole words).
    expect((await find('member.a', { q: '落到实' })).total).toBe(1);
    expect((await find('member.a', { q: '我批' })).total).toBe(1);
  });

  it('never counts or pages onto what the viewer may not open', async () => {
    for (let i = 0; i < 12; i++) await post('sec.b', topics.b?.id ?? '', `乙支部理论学习第${i}次`);
    for (let i = 0; i < 5; i++)
      await post('member.a', topics.a?.id ?? '', `甲支部理论学习第${i}次`);
    const seen = new Set<string>();
    for (let offset = 0; offset < 20; offset += 2) {
      const page = await find('member.a', { q: '理论学习', limit: 2, offset });
      expect(page.total).toBe(5);
      for (const item of page.items) {
        expect(item.snippetHtml).toContain('甲支部');
        seen.add(item.ref);
      }
    }
    expect(seen.size).toBe(5);
    expect((await find('sec.b', { q: '理论学习' })).total).toBe(12);
  });

  it('filters by kind, space, organisation, author, tag and date range', async () => {
    const base = { q: '组织生活会' };
    expect((await find('sec.general', { ...base, kind: 'topic' })).items.map((i) => i.ref)).toEqual(
      [topics.a?.id],
    );
    expect((await find('sec.general', { ...base, spaceId: spaces.c ?? '' })).total).toBe(0);
    expect((await find('sec.general', { ...base, orgId: f.orgs.general })).total).toBe(1);
    expect((await find('sec.general', { ...base, orgId: f.orgs.c })).total).toBe(0);
    expect((await find('sec.general', { ...base, authorId: authorA })).total).toBe(1);
    expect((await find('member.a', { q: '理论学习', authorId: authorA })).total).toBe(0);
    const tagId = topics.a?.tags[0]?.id ?? '';
    expect((await find('member.a', { q: '理论学习', tagId })).total).toBe(5);
    expect((await find('sec.b', { q: '理论学习', tagId })).total).toBe(0);
    expect(
      (
        await find('member.a', {
          q: '理论学习',
          from: '2000-01-01T00:00:00Z',
          to: '2001-01-01T00:00:00Z',
        })
      ).total,
    ).toBe(0);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await find('member.a', { q: '理论学习', to: future })).total).toBe(5);
    // No words: a person's records, newest first, still only what the viewer may open.
    const byAuthor = await find('member.a', { authorId: authorA });
    expect(byAuthor.total).toBe(2);
    expect(byAuthor.items.map((i) => i.kind).sort()).toEqual(['message', 'topic']);
    expect((await find('member.a', { q: '' })).total).toBe(0);
    const bad = await call('member.a', 'GET', `/search?q=x&from=${future}&to=2000-01-01T00:00:00Z`);
    expect(bad.statusCode).toBe(400);
  });

  it('follows edits, withdrawals, renames and moves', async () => {
    const m = await post('member.a', topics.a?.id ?? '', '周五下午开展谈心谈话');
    expect((await find('member.a', { q: '谈心谈话' })).total).toBe(1);
    const edited = await call('member.a', 'PATCH', `/exchange/messages/${m.id}`, {
      body: '周六上午开展志愿服务',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await find('member.a', { q: '谈心谈话' })).total).toBe(0);
    expect((await find('member.a', { q: '志愿服务' })).total).toBe(1);

    const w = await call('member.a', 'POST', `/exchange/messages/${m.id}/withdraw`, {});
    expect(w.statusCode, w.body).toBe(200);
    for (const u of ['member.a', 'sec.a', 'sec.general'] as const) {
      expect((await find(u, { q: '志愿服务' })).total).toBe(0);
    }

    const renamed = await call('sec.a', 'PATCH', `/exchange/topics/${topics.a?.id}`, {
      title: '年度民主评议准备',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const byTitle = await find('member.a', { q: '民主评议' });
    expect(byTitle.counts.topic).toBe(1);
    expect((await find('member.a', { q: '三会一课' })).items[0]?.context).toBe('年度民主评议准备');

    // The 党总支 secretary moves A's topic to branch C's space: branch A's member loses it.
    const moved = await call('sec.general', 'POST', `/exchange/topics/${topics.a?.id}/move`, {
      spaceId: spaces.c,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await find('member.a', { q: '三会一课' })).total).toBe(0);
    const there = await find('sec.general', { q: '三会一课' });
    expect(there.total).toBe(1);
    expect(there.items[0]?.link).toContain(spaces.c);

    // And back the other way: a topic of C moved into A opens to A's member, messages too.
    const fromC = await topic('sec.general', 'c', '党费收缴提醒', '本季度党费请于月底前交齐。');
    expect((await find('member.a', { q: '党费' })).total).toBe(0);
    const back = await call('sec.general', 'POST', `/exchange/topics/${fromC.topic.id}/move`, {
      spaceId: spaces.a,
    });
    expect(back.statusCode, back.body).toBe(200);
    const arrived = await find('member.a', { q: '党费' });
    expect(arrived.counts.topic).toBe(1);
    expect(arrived.counts.message).toBe(1);
    expect(arrived.items.every((i) => i.link.includes(spaces.a ?? '-'))).toBe(true);
  });

  it('finds notices for their recipients and trackers, until withdrawn', async () => {
    const sent = await call('sec.a', 'POST', '/notices', {
      title: '关于开展主题党日活动的通知',
      body: '本月主题党日安排在周五，地点：党员活动室。',
      orgId: f.orgs.a,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const notice = sent.json<Notice>();
    for (const u of ['member.a', 'pub.a', 'sec.a', 'sec.general'] as const) {
      const res = await find(u, { q: '主题党日', kind: 'notice' });
      expect(
        res.items.map((i) => i.link),
        u,
      ).toEqual([`/notices/${notice.id}`]);
    }
    expect((await find('sec.b', { q: '主题党日' })).total).toBe(0);
    const w = await call('sec.a', 'POST', `/notices/${notice.id}/withdraw`, { reason: '时间调整' });
    expect(w.statusCode, w.body).toBe(200);
    expect((await find('member.a', { q: '主题党日' })).total).toBe(0);
  });

  it('rebuilds the same index from the records', async () => {
    const before = await find('sec.general', { q: '理论学习' });
    const count = await rebuildSearchIndex(h().testDb.database);
    expect(count).toBeGreaterThan(before.total);
    const after = await find('sec.general', { q: '理论学习' });
    expect(after.items.map((i) => i.ref)).toEqual(before.items.map((i) => i.ref));
    expect(after.counts).toEqual(before.counts);
  });

  it('suggests people, spaces and topics the viewer can see', async () => {
    await topic('sec.b', 'b', '研发支部党课计划', '党课安排。');
    const res = await call('member.a', 'GET', `/search/suggest?q=${encodeURIComponent('支部')}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<Suggestions>();
    expect(s.spaces.map((x) => x.id)).toContain(spaces.a);
    expect(s.spaces.map((x) => x.id)).not.toContain(spaces.b);
    expect(s.topics.map((t) => t.title)).not.toContain('研发支部党课计划');
    const people = await call('member.a', 'GET', '/search/suggest?q=sec');
    expect(people.json<Suggestions>().members.map((m) => m.displayName)).toContain('sec.a');
    expect(people.json<Suggestions>().members.map((m) => m.displayName)).not.toContain('sec.b');
    const b = (
      await call('sec.b', 'GET', `/search/suggest?q=${encodeURIComponent('党课')}`)
    ).json<Suggestions>();
    expect(b.topics.map((t) => t.title)).toEqual(['研发支部党课计划']);
    expect(b.topics[0]?.titleHtml).toBe('研发支部<mark>党课</mark>计划');
  });
});
