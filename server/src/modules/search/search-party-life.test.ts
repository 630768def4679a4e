import { describe, expect, it } from 'vitest';
import type { Activity, OrgLifeMeeting, Rectification, SearchResult } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { useHarness } from '../../test/harness.ts';
import { buildFixture, type Fixture } from '../members/test-fixture.ts';
import { rebuildSearchIndex } from './rebuild.ts';

type User = 'sec.a' | 'pub.a' | 'member.a' | 'sec.b' | 'sec.general';

/*
 * Activities (with their minutes) and rectification items in search: found exactly by those
 * who may open them in their own modules. Branch B is a sibling of branch A: its people must
 * not find, count or get a snippet of A's records; drafts belong to the officers; criticism
 * texts are never searchable by anyone.
 */
describe.each(ENGINES)('search over activities and org life on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, user: User, payload?: object) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: await f.cookie(user) },
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(method: 'POST' | 'PUT', url: string, user: User, payload?: object) => {
    const res = await call(method, url, user, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<T>();
  };
  const find = async (user: User, q: string, kind?: string) => {
    const qs = new URLSearchParams({ q, ...(kind ? { kind } : {}) }).toString();
    const res = await call('GET', `/search?${qs}`, user);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SearchResult>();
  };
  /** Nothing at all: no hit, no count of any kind, no total. */
  const blind = async (user: User, q: string) => {
    const r = await find(user, q);
    expect(r.items, `${user} ${q}`).toEqual([]);
    expect(r.total, `${user} ${q}`).toBe(0);
    expect(
      Object.values(r.counts).every((n) => n === 0),
      `${user} ${q}`,
    ).toBe(true);
  };

  it('opens activities and rectification items only to those who may, on every write', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);

    const draft = await ok<Activity>('POST', '/activities', 'sec.a', {
      orgId: f.orgs.a,
      title: '第三季度支部党员大会',
      startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 50 * 60_000).toISOString(),
      place: '三楼党员活动室',
      details: { type: 'branch_general_meeting', agenda: ['学习井冈山精神专题'] },
    });
    const id = draft.record.id;

    // A draft: the officers managing the host (and above) find it by its agenda; nobody else.
    for (const user of ['sec.a', 'sec.general'] as const) {
      const r = await find(user, '井冈山精神');
      expect(
        r.items.map((i) => [i.kind, i.ref, i.link]),
        user,
      ).toEqual([['activity', id, `/activities/${id}`]]);
      expect(r.counts.activity, user).toBe(1);
    }
    await blind('member.a', '井冈山精神');
    await blind('sec.b', '井冈山精神');

    // Published: the branch's members find it; the sibling branch still does not.
    await ok('POST', `/activities/${id}/publish`, 'sec.a');
    expect((await find('member.a', '井冈山精神', 'activity')).items.map((i) => i.ref)).toEqual([
      id,
    ]);
    await blind('sec.b', '井冈山精神');

    // The minutes: a speaker's point is searchable with a snippet, for the same people only.
    await ok('PUT', `/activities/${id}/minutes`, 'sec.a', {
      agenda: [{ title: '学习井冈山精神专题', notes: '' }],
      speeches: [
        {
          speakerMemberId: f.members.secA,
          speakerName: '张建国',
          agendaIndex: 0,
          points: '结合延安窑洞对话谈体会',
        },
      ],
      resolutions: [],
      summary: '会议圆满完成各项议程',
    });
    const byMinutes = await find('member.a', '延安窑洞');
    expect(byMinutes.items.map((i) => i.ref)).toEqual([id]);
    expect(byMinutes.items[0]?.snippetHtml).toContain('<mark>');
    await blind('sec.b', '延安窑洞');

    // Org life: a rectification item is found by the branch, never by the sibling branch.
    const meeting = await ok<OrgLifeMeeting>('POST', '/org-life/meetings', 'sec.a', {
      orgId: f.orgs.a,
      year: 2026,
      title: '2026年度组织生活会',
      meetingDate: null,
    });
    const secret = '沟通方式过于生硬急躁';
    await ok(
      'PUT',
      `/org-life/meetings/${meeting.id}/members/${f.members.memberA}/self-criticism`,
      'member.a',
      {
        body: `本人${secret}。`,
      },
    );
    const item = await ok<Rectification>(
      'POST',
      `/org-life/meetings/${meeting.id}/rectifications`,
      'sec.a',
      {
        problem: '支部档案整理滞后',
        measure: '每月底集中整理台账',
        ownerMemberId: f.members.memberA,
        deadline: '2099-12-31',
      },
    );
    for (const user of ['member.a', 'sec.a', 'sec.general'] as const) {
      const r = await find(user, '档案整理');
      expect(
        r.items.map((i) => [i.kind, i.ref, i.link]),
        user,
      ).toEqual([['rectification', item.id, `/org-life/${meeting.id}`]]);
    }
    await blind('sec.b', '档案整理');

    // Closing adds the evidence text.
    await ok('POST', `/org-life/rectifications/${item.id}/close`, 'sec.a', {
      evidence: '已补齐近三年会议台账',
    });
    expect((await find('member.a', '会议台账')).items.map((i) => i.ref)).toEqual([item.id]);
    await blind('sec.b', '会议台账');

    // Criticism texts: not even the member who wrote it or the committee finds them.
    for (const user of ['member.a', 'sec.a', 'sec.general', 'sec.b'] as const) {
      await blind(user, '过于生硬');
    }

    // A rebuild writes the same documents with the same keys.
    await rebuildSearchIndex(ctx.database);
    expect((await find('member.a', '延安窑洞')).items.map((i) => i.ref)).toEqual([id]);
    expect((await find('member.a', '会议台账')).items.map((i) => i.ref)).toEqual([item.id]);
    await blind('sec.b', '延安窑洞');
    await blind('sec.b', '会议台账');
    await blind('sec.a', '过于生硬');
  });
});
