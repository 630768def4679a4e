import { describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import type {
  Activity,
  ActivityCalendar,
  ActivityList,
  ActivitySignInCode,
  ActivityVersion,
  ActivityVersionInfo,
  EventPage,
  NoticeList,
} from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { useHarness } from '../../test/harness.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { archiveEntries } from '../archive/schema.ts';
import { createMember } from '../members/service.ts';
import { buildFixture, type Fixture } from '../members/test-fixture.ts';
import { image } from '../files/test-samples.ts';
import { activitiesOf } from './service.ts';
import { signInCodeAt } from './sign-in-code.ts';

type User = 'sec.a' | 'pub.a' | 'member.a' | 'sec.b' | 'sec.general';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const MINUTE = 60_000;
const at = (offsetMinutes: number) => new Date(Date.now() + offsetMinutes * MINUTE).toISOString();

describe.each(ENGINES)('activities on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  /** Extra members of branch A without accounts: four full members, one probationary. */
  const extra: string[] = [];

  const call = async (method: Method, url: string, user: User, payload?: object) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: await f.cookie(user) },
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(method: Method, url: string, user: User, payload?: object): Promise<T> => {
    const res = await call(method, url, user, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<T>();
  };
  const head = async (user: User) => (await ok<EventPage>('GET', '/events', user)).head;
  const eventsSince = async (user: User, since: number) =>
    (await ok<EventPage>('GET', `/events?since=${since}`, user)).items;

  const meeting = (extraFields: object = {}) => ({
    orgId: f.orgs.a,
    title: '第一季度支部党员大会',
    startsAt: at(-10),
    endsAt: at(50),
    place: '三楼党员活动室',
    details: { type: 'branch_general_meeting', agenda: ['学习传达上级精神', '讨论发展党员事宜'] },
    ...extraFields,
  });

  it('runs the lifecycle with its permissions, from draft to amended record', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    const actor = operatorActor('test');
    await ctx.database.write(async (tx) => {
      for (const [name, status] of [
        ['赵一', 'full'],
        ['钱二', 'full'],
        ['孙三', 'full'],
        ['李四', 'full'],
        ['周五', 'probationary'],
      ] as const) {
        extra.push(
          await createMember(tx, actor, { name, gender: 'male', status, branchId: f.orgs.a }),
        );
      }
      // An applicant is on the roster but is not expected at party meetings.
      await createMember(tx, actor, {
        name: '吴申请',
        gender: 'male',
        status: 'applicant',
        branchId: f.orgs.a,
      });
    });

    // A plain member plans nothing; another branch's secretary may not plan for A.
    expect((await call('POST', '/activities', 'member.a', meeting())).statusCode).toBe(403);
    expect((await call('POST', '/activities', 'sec.b', meeting())).statusCode).toBe(403);
    expect(await ok<unknown[]>('GET', '/activities/targets', 'member.a')).toEqual([]);

    const created = await call('POST', '/activities', 'sec.a', meeting());
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json<Activity>();
    const id = draft.record.id;
    // Default from the roster: the 3 fixture members of A and the 5 extra (not the applicant).
    expect(draft.record.attendees).toHaveLength(8);
    expect(draft.record.counts).toMatchObject({ expected: 8, votingExpected: 7 });
    expect(draft.record.status).toBe('draft');
    expect(draft.may).toMatchObject({ publish: true, edit: true, manage: false });

    // Drafts: only the officers managing the host see them.
    expect((await call('GET', `/activities/${id}`, 'member.a')).statusCode).toBe(404);
    expect((await call('GET', `/activities/${id}`, 'sec.b')).statusCode).toBe(404);
    expect((await call('GET', `/activities/${id}`, 'sec.general')).statusCode).toBe(200);
    expect((await call('POST', `/activities/${id}/publish`, 'member.a')).statusCode).toBe(404);

    const before = await head('member.a');
    const published = await ok<Activity>('POST', `/activities/${id}/publish`, 'sec.a');
    expect(published.record.status).toBe('published');
    expect(published.record.noticeId).not.toBeNull();
    expect(published.record.topics).toHaveLength(1);
    expect(published.record.topics[0]?.orgId).toBe(f.orgs.a);

    // The notice reached the member, with read tracking; the activity event too.
    const inbox = await ok<NoticeList>('GET', '/notices', 'member.a');
    expect(inbox.items.map((n) => n.id)).toContain(published.record.noticeId);
    expect(
      (await eventsSince('member.a', before)).some(
        (e) => e.type === 'activity.changed' && e.payload.id === id,
      ),
    ).toBe(true);
    // Another branch hears nothing of it and cannot see or change it.
    expect((await call('GET', `/activities/${id}`, 'sec.b')).statusCode).toBe(404);
    expect((await call('PATCH', `/activities/${id}`, 'sec.b', { place: '别处' })).statusCode).toBe(
      404,
    );

    // The member sees it now, but may not change it.
    const seen = await ok<Activity>('GET', `/activities/${id}`, 'member.a');
    expect(seen.may).toMatchObject({ edit: false, manage: false, requestLeave: true });
    const patch = await call('PATCH', `/activities/${id}`, 'member.a', { place: '别处' });
    expect(patch.statusCode).toBe(403);
    expect((await call('POST', `/activities/${id}/finalise`, 'member.a')).statusCode).toBe(403);

    // 请假: asked, refused, asked again, approved.
    const asked = await ok<Activity>('POST', `/activities/${id}/leave-requests`, 'member.a', {
      reason: '出差在外',
    });
    expect(asked.leaveRequests).toHaveLength(1);
    const first = asked.leaveRequests[0]?.id ?? '';
    expect(
      (await call('POST', `/activities/${id}/leave-requests`, 'member.a', { reason: '再次请假' }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await call('POST', `/activities/${id}/leave-requests/${first}/decision`, 'member.a', {
          approve: true,
        })
      ).statusCode,
    ).toBe(403);
    const refused = await ok<Activity>(
      'POST',
      `/activities/${id}/leave-requests/${first}/decision`,
      'sec.a',
      { approve: false, note: '本次会议需表决，请尽量参加' },
    );
    expect(refused.leaveRequests[0]?.status).toBe('refused');
    const again = await call(
      'POST',
      `/activities/${id}/leave-requests/${first}/decision`,
      'sec.a',
      {
        approve: true,
      },
    );
    expect(again.json().error.code).toBe('leave_already_decided');
    const second = await ok<Activity>('POST', `/activities/${id}/leave-requests`, 'member.a', {
      reason: '确需出差',
    });
    const secondId = second.leaveRequests.find((l) => l.status === 'pending')?.id ?? '';
    const approved = await ok<Activity>(
      'POST',
      `/activities/${id}/leave-requests/${secondId}/decision`,
      'sec.a',
      { approve: true },
    );
    const memberA = approved.record.attendees.find((a) => a.memberId === f.members.memberA);
    expect(memberA).toMatchObject({ status: 'leave', note: '确需出差' });

    // QR sign-in: the current code works once (twice is idempotent).
    const code = await ok<ActivitySignInCode>('GET', `/activities/${id}/sign-in-code`, 'sec.a');
    expect(code.url).toContain(`/activities/${id}/sign-in?code=${code.code}`);
    expect((await call('GET', `/activities/${id}/sign-in-code`, 'pub.a')).statusCode).toBe(200);
    expect((await call('GET', `/activities/${id}/sign-in-code`, 'member.a')).statusCode).toBe(403);
    const signed = await ok<{ already: boolean }>('POST', `/activities/${id}/sign-in`, 'pub.a', {
      code: code.code,
    });
    expect(signed.already).toBe(false);
    const twice = await ok<{ already: boolean }>('POST', `/activities/${id}/sign-in`, 'pub.a', {
      code: code.code,
    });
    expect(twice.already).toBe(true);
    // A code of an earlier step is refused, and so is a code of another activity.
    const stale = signInCodeAt(ctx.crypto, id, new Date(Date.now() - 5 * MINUTE));
    const staleRes = await call('POST', `/activities/${id}/sign-in`, 'sec.a', { code: stale });
    expect(staleRes.statusCode).toBe(422);
    expect(staleRes.json().error.code).toBe('sign_in_code_invalid');
    // Someone who sees the activity but is not expected is refused with a clear code.
    const outsider = await call('POST', `/activities/${id}/sign-in`, 'sec.general', {
      code: signInCodeAt(ctx.crypto, id, new Date()),
    });
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error.code).toBe('sign_in_not_expected');
    // Another branch cannot even find it.
    expect(
      (
        await call('POST', `/activities/${id}/sign-in`, 'sec.b', {
          code: signInCodeAt(ctx.crypto, id, new Date()),
        })
      ).statusCode,
    ).toBe(404);

    // Quorum: 7 voting members expected, 1 present (pub.a): the vote is refused.
    const minutes = {
      agenda: [{ title: '讨论发展党员事宜', notes: '' }],
      speeches: [
        {
          speakerMemberId: f.members.secA,
          speakerName: '张建国',
          agendaIndex: 0,
          points: '介绍情况',
        },
      ],
      resolutions: [
        {
          title: '同意接收周五为预备党员',
          text: '',
          votesFor: 4,
          votesAgainst: 0,
          votesAbstain: 0,
        },
      ],
      summary: '会议圆满完成各项议程',
    };
    const refusedVote = await call('PUT', `/activities/${id}/minutes`, 'sec.a', minutes);
    expect(refusedVote.statusCode).toBe(422);
    expect(refusedVote.json().error.code).toBe('quorum_not_met');
    expect(refusedVote.json().error.message).toContain('more than half of its 7 voting');

    // The officer marks attendance: secretary and three more full members present (5 of 7
    // with pub.a), the probationary member too (present but not voting), one absent.
    const [e1, e2, e3, e4, e5] = extra as [string, string, string, string, string];
    await ok('PUT', `/activities/${id}/attendance`, 'sec.a', {
      entries: [
        { memberId: f.members.secA, status: 'present' },
        { memberId: e1, status: 'present' },
        { memberId: e2, status: 'present' },
        { memberId: e3, status: 'absent', note: '病假' },
        { memberId: e5, status: 'present' },
      ],
    });
    // Too many votes for those present is refused as well.
    const tooMany = await call('PUT', `/activities/${id}/minutes`, 'sec.a', {
      ...minutes,
      resolutions: [{ ...minutes.resolutions[0], votesFor: 6 }],
    });
    expect(tooMany.json().error.code).toBe('invalid_votes');
    const withMinutes = await ok<Activity>('PUT', `/activities/${id}/minutes`, 'sec.a', minutes);
    expect(withMinutes.record.counts).toMatchObject({ present: 5, votingPresent: 4 });
    // 4 of 7 entitled voted for: more than half, passed.
    expect(withMinutes.record.minutes.resolutions[0]).toMatchObject({ entitled: 7, passed: true });

    // 补学 for the absentee.
    const notAbsent = await call('POST', `/activities/${id}/makeups`, 'sec.a', {
      memberId: f.members.secA,
      date: '2026-03-10',
      method: 'self_study',
      content: '自学会议精神',
    });
    expect(notAbsent.json().error.code).toBe('makeup_not_absent');
    await ok('POST', `/activities/${id}/makeups`, 'sec.a', {
      memberId: e3,
      date: '2026-03-10',
      method: 'self_study',
      content: '自学会议精神并提交心得',
    });

    // Finalise: unmarked attendees become absent, version 1, locked.
    const finalised = await ok<Activity>('POST', `/activities/${id}/finalise`, 'sec.a');
    expect(finalised.record).toMatchObject({ status: 'finalised', version: 1 });
    expect(finalised.record.attendees.find((a) => a.memberId === e4)?.status).toBe('absent');
    const locked = await call('PATCH', `/activities/${id}`, 'sec.a', { place: '会议室' });
    expect(locked.json().error.code).toBe('activity_finalised');
    expect(
      (await call('PUT', `/activities/${id}/minutes`, 'sec.a', minutes)).json().error.code,
    ).toBe('activity_finalised');

    // An amendment keeps the earlier version.
    const amended = await ok<Activity>('POST', `/activities/${id}/amendments`, 'sec.a', {
      reason: '地点记录有误',
      activity: { place: '二楼会议室' },
    });
    expect(amended.record).toMatchObject({ version: 2, place: '二楼会议室' });
    // An amendment that would break the quorum is refused and changes nothing.
    const breaking = await call('POST', `/activities/${id}/amendments`, 'sec.a', {
      reason: '考勤更正',
      attendance: {
        entries: [
          { memberId: e1, status: 'absent', note: '更正' },
          { memberId: e2, status: 'absent', note: '更正' },
        ],
      },
    });
    expect(breaking.json().error.code).toBe('quorum_not_met');
    const versions = await ok<ActivityVersionInfo[]>(
      'GET',
      `/activities/${id}/versions`,
      'member.a',
    );
    expect(versions.map((v) => [v.version, v.reason])).toEqual([
      [2, '地点记录有误'],
      [1, null],
    ]);
    const v1 = await ok<ActivityVersion>('GET', `/activities/${id}/versions/1`, 'member.a');
    expect(v1.record.place).toBe('三楼党员活动室');
    const v2 = await ok<ActivityVersion>('GET', `/activities/${id}/versions/2`, 'member.a');
    expect(v2.record.place).toBe('二楼会议室');
    // Each version went to the archive (党建档案): finalising is version 1, the amendment
    // version 2 linked to it; the refused amendment archived nothing.
    const entries = await ctx.database.db
      .select()
      .from(archiveEntries)
      .where(eq(archiveEntries.refId, id))
      .orderBy(asc(archiveEntries.version));
    expect(entries.map((e) => [e.kind, e.version, e.orgId])).toEqual([
      ['activity', 1, f.orgs.a],
      ['activity', 2, f.orgs.a],
    ]);
    expect(entries[1]?.supersedes).toBe(entries[0]?.seq);
    const archivedRecord = (n: number) =>
      JSON.parse(entries[n]?.content ?? 'null') as {
        version: number;
        reason: string | null;
        record: ActivityVersion['record'];
      };
    expect(archivedRecord(0)).toMatchObject({ version: 1, reason: null });
    expect(archivedRecord(0).record).toMatchObject({
      place: '三楼党员活动室',
      status: 'finalised',
    });
    expect(archivedRecord(1)).toMatchObject({ version: 2, reason: '地点记录有误' });
    expect(archivedRecord(1).record.place).toBe('二楼会议室');
    expect(archivedRecord(1).record.minutes.resolutions[0]).toMatchObject({ passed: true });
    expect((await call('GET', `/activities/${id}/versions/1`, 'sec.b')).statusCode).toBe(404);

    // The minutes as Word, parsed back.
    const docx = await call('GET', `/activities/${id}/minutes.docx`, 'member.a');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.headers['x-content-type-options']).toBe('nosniff');
    expect(docx.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(decodeURIComponent(String(docx.headers['content-disposition']))).toContain(
      '第一季度支部党员大会 会议记录.docx',
    );
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const plain = xml.replace(/<[^>]+>/g, '');
    for (const expected of [
      '机关第一党支部支部党员大会会议记录',
      '第一季度支部党员大会',
      '二楼会议室',
      '应到（8人）',
      '实到（5人）',
      '李秀英（请假：确需出差）',
      '孙三（缺席：病假）',
      '讨论发展党员事宜',
      '张建国（讨论发展党员事宜）：介绍情况',
      '同意接收周五为预备党员',
      '应参加表决7人，赞成4票，反对0票，弃权0票，通过',
      '孙三：2026-03-10，自学',
      '主持人签字',
      '记录人签字',
    ]) {
      expect(plain).toContain(expected);
    }
    expect((await call('GET', `/activities/${id}/minutes.docx`, 'sec.b')).statusCode).toBe(404);
  });

  it('refuses QR sign-in outside the window and a committee vote without quorum', async () => {
    const later = await ok<Activity>(
      'POST',
      '/activities',
      'sec.a',
      meeting({
        title: '明天的党课',
        startsAt: at(24 * 60),
        endsAt: at(25 * 60),
        details: {
          type: 'party_lecture',
          lecturerMemberId: f.members.secA,
          lecturerName: '张建国',
          materials: '《中国共产党章程》',
        },
      }),
    );
    const id = later.record.id;
    await ok('POST', `/activities/${id}/publish`, 'sec.a');
    const early = await call('GET', `/activities/${id}/sign-in-code`, 'sec.a');
    expect(early.json().error.code).toBe('sign_in_not_open');
    // A valid code for this instant is still refused before the window opens.
    const res = await call('POST', `/activities/${id}/sign-in`, 'member.a', {
      code: signInCodeAt(h().ctx.crypto, id, new Date()),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('sign_in_not_open');

    // And after it closed.
    const past = await ok<Activity>(
      'POST',
      '/activities',
      'sec.a',
      meeting({
        title: '上周的主题党日',
        startsAt: at(-3 * 60),
        endsAt: at(-2 * 60),
        details: {
          type: 'themed_day',
          theme: '重温入党誓词',
          plan: '集体重温入党誓词，参观红色教育基地',
        },
      }),
    );
    await ok('POST', `/activities/${past.record.id}/publish`, 'sec.a');
    const closed = await call('POST', `/activities/${past.record.id}/sign-in`, 'member.a', {
      code: signInCodeAt(h().ctx.crypto, past.record.id, new Date()),
    });
    expect(closed.json().error.code).toBe('sign_in_closed');

    // 支委会: the committee of A is its secretary and publicity officer; one present is not
    // more than half of two.
    const committee = await ok<Activity>(
      'POST',
      '/activities',
      'sec.a',
      meeting({
        title: '三月支委会',
        details: { type: 'committee_meeting', agenda: ['研究工作'] },
      }),
    );
    expect(committee.record.attendees.map((a) => a.name).sort()).toEqual(['刘芳', '张建国'].sort());
    const cid = committee.record.id;
    await ok('POST', `/activities/${cid}/publish`, 'sec.a');
    await ok('PUT', `/activities/${cid}/attendance`, 'sec.a', {
      entries: [
        { memberId: f.members.secA, status: 'present' },
        { memberId: f.members.pubA, status: 'absent', note: '外出' },
      ],
    });
    const vote = {
      agenda: [],
      speeches: [],
      resolutions: [
        { title: '确定发展对象', text: '', votesFor: 1, votesAgainst: 0, votesAbstain: 0 },
      ],
      summary: '',
    };
    const refused = await call('PUT', `/activities/${cid}/minutes`, 'sec.a', vote);
    expect(refused.json().error.code).toBe('quorum_not_met');
    expect(refused.json().error.message).toContain('committee members');
    // Finalising with the votes recorded is checked too: here minutes without votes pass.
    await ok('PUT', `/activities/${cid}/minutes`, 'sec.a', { ...vote, resolutions: [] });
    await ok('POST', `/activities/${cid}/finalise`, 'sec.a');
  });

  it('keeps photos with the activity, readable only by those who see it', async () => {
    const boundary = '----tongxin-activity-photo';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="合影.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      await image('png', 64, 48),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await h().app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: {
        cookie: await f.cookie('sec.a'),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json<{ id: string; url: string }>();
    const list = await ok<ActivityList>(
      'GET',
      `/activities?orgId=${f.orgs.a}&type=themed_day`,
      'sec.a',
    );
    const id = list.items[0]?.id ?? '';
    const headB = await head('sec.b');
    const withPhoto = await ok<Activity>('POST', `/activities/${id}/attachments`, 'sec.a', {
      fileIds: [file.id],
    });
    expect(withPhoto.record.attachments.map((a) => a.id)).toEqual([file.id]);
    // Its members read the photo; the other branch does not, nor hears of the change.
    const bytes = (user: User) =>
      f
        .cookie(user)
        .then((cookie) => h().app.inject({ method: 'GET', url: file.url, headers: { cookie } }));
    expect((await bytes('member.a')).statusCode).toBe(200);
    expect([403, 404]).toContain((await bytes('sec.b')).statusCode);
    expect(
      (await eventsSince('sec.b', headB)).filter((e) => e.type === 'activity.changed'),
    ).toEqual([]);
  });

  it('scopes lists and calendars, and counts a joint activity for each branch', async () => {
    const { ctx } = h();
    const mine = await ok<ActivityList>('GET', `/activities?orgId=${f.orgs.a}`, 'member.a');
    expect(mine.total).toBeGreaterThan(0);
    // Members see published activities only (the draft below stays with the officers).
    const draft = await ok<Activity>(
      'POST',
      '/activities',
      'sec.a',
      meeting({ title: '草稿活动' }),
    );
    const memberList = await ok<ActivityList>('GET', `/activities?limit=100`, 'member.a');
    expect(memberList.items.map((i) => i.id)).not.toContain(draft.record.id);
    const officerList = await ok<ActivityList>('GET', `/activities?limit=100`, 'sec.a');
    expect(officerList.items.map((i) => i.id)).toContain(draft.record.id);
    // Sideways: B's secretary sees nothing of A, and may not ask for A's list.
    expect((await ok<ActivityList>('GET', '/activities', 'sec.b')).total).toBe(0);
    expect((await call('GET', `/activities?orgId=${f.orgs.a}`, 'sec.b')).statusCode).toBe(404);
    // Down: the 党总支 sees A's activities with its subtree.
    const general = await ok<ActivityList>(
      'GET',
      `/activities?orgId=${f.orgs.general}&includeSubtree=true&status=finalised`,
      'sec.general',
    );
    expect(general.items.every((i) => i.orgId === f.orgs.a && i.status === 'finalised')).toBe(true);
    expect(general.total).toBe(2);

    // 联学联建 with B: one activity, counted for both branches.
    const joint = await ok<Activity>(
      'POST',
      '/activities',
      'sec.a',
      meeting({
        title: '联学联建：党建引领科技创新',
        details: { type: 'joint_activity', agenda: ['交流党建经验'], partnerOrgIds: [f.orgs.b] },
      }),
    );
    expect(joint.record.partnerOrgs.map((o) => o.id)).toEqual([f.orgs.b]);
    expect(joint.record.attendees.map((a) => a.memberId)).toContain(f.members.secB);
    const bad = await call(
      'POST',
      '/activities',
      'sec.a',
      meeting({ details: { type: 'joint_activity', agenda: [], partnerOrgIds: [f.orgs.groupA] } }),
    );
    expect(bad.json().error.code).toBe('partner_org_invalid');
    const jid = joint.record.id;
    await ok('POST', `/activities/${jid}/publish`, 'sec.a');

    const bList = await ok<ActivityList>('GET', `/activities?orgId=${f.orgs.b}`, 'sec.b');
    expect(bList.items.map((i) => i.id)).toEqual([jid]);
    expect(bList.items[0]?.mine?.status).toBe('expected');
    const month = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
    }).format(new Date());
    const bCalendar = await ok<ActivityCalendar>(
      'GET',
      `/activities/calendar?month=${month}&orgId=${f.orgs.b}`,
      'sec.b',
    );
    expect(bCalendar.items.map((i) => i.id)).toEqual([jid]);
    const aCalendar = await ok<ActivityCalendar>(
      'GET',
      `/activities/calendar?month=${month}&orgId=${f.orgs.a}`,
      'member.a',
    );
    expect(aCalendar.items.map((i) => i.id)).toContain(jid);
    expect((await activitiesOf(ctx.database.db, f.orgs.b)).map((r) => r.id)).toEqual([jid]);
    expect((await activitiesOf(ctx.database.db, f.orgs.a)).map((r) => r.id)).toContain(jid);
    // B's secretary takes part and signs in, but the host's officers manage it.
    expect((await call('PATCH', `/activities/${jid}`, 'sec.b', { place: '乙' })).statusCode).toBe(
      403,
    );
    const signed = await call('POST', `/activities/${jid}/sign-in`, 'sec.b', {
      code: signInCodeAt(ctx.crypto, jid, new Date()),
    });
    expect(signed.statusCode, signed.body).toBe(200);
  });
});
