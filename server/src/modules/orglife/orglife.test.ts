import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import type {
  FileRef,
  OrgLifeCriticismRecord,
  OrgLifeMeeting,
  OrgLifeMember,
  OrgLifeOpinion,
  OrgLifeReport,
  Rectification,
} from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { signIn, useHarness } from '../../test/harness.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import { pdf } from '../files/test-samples.ts';
import { createAccount } from '../identity/service.ts';
import { createMember } from '../members/service.ts';
import { buildFixture, MEMBER_PASSWORD, type Fixture } from '../members/test-fixture.ts';
import { shanghaiToday } from './service.ts';

type User = 'sec.a' | 'pub.a' | 'member.a' | 'member.a2' | 'sec.b' | 'sec.general';

/** A multipart body with one file part, as the browser sends an upload. */
function multipart(bytes: Buffer, filename: string) {
  const boundary = '----tongxin-orglife-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(ENGINES)('org life meetings on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  let memberA2 = '';
  let a2Cookie = '';
  let meetingId = '';

  const cookie = async (user: User) =>
    user === 'member.a2' ? a2Cookie : f.cookie(user as Exclude<User, 'member.a2'>);
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    user: User,
    payload?: object,
  ) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: await cookie(user) },
      ...(payload ? { payload } : {}),
    });
  const meeting = (suffix = '') => `/org-life/meetings/${meetingId}${suffix}`;

  it('lets the branch committee open a cycle; members see it, other branches do not', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    // A second ordinary member of branch A, so one member's record can be kept from another.
    memberA2 = await ctx.database.write(async (tx) => {
      const actor = operatorActor('test');
      const id = await createMember(tx, actor, {
        name: '赵红梅',
        gender: 'female',
        status: 'full',
        branchId: f.orgs.a,
      });
      await createAccount(tx, actor, {
        username: 'member.a2',
        displayName: 'member.a2',
        password: MEMBER_PASSWORD,
        memberId: id,
      });
      return id;
    });
    a2Cookie = await signIn(app, 'member.a2', MEMBER_PASSWORD);

    expect((await call('GET', '/org-life/targets', 'member.a')).json()).toEqual([]);
    const targets = (await call('GET', '/org-life/targets', 'sec.a')).json<{ id: string }[]>();
    expect(targets.map((t) => t.id)).toEqual([f.orgs.a]);

    const body = { orgId: f.orgs.a, year: 2026, title: '2026年度组织生活会', meetingDate: null };
    const refused = await call('POST', '/org-life/meetings', 'member.a', body);
    expect(refused.statusCode).toBe(403);
    const sideways = await call('POST', '/org-life/meetings', 'sec.b', body);
    expect(sideways.statusCode).toBe(403);

    const created = await call('POST', '/org-life/meetings', 'sec.a', body);
    expect(created.statusCode, created.body).toBe(201);
    const m = created.json<OrgLifeMeeting>();
    meetingId = m.id;
    expect(m).toMatchObject({
      orgName: '机关第一党支部',
      status: 'preparing',
      activityId: null,
      may: { manage: true, giveOpinion: true },
    });

    const asMember = await call('GET', meeting(), 'member.a');
    expect(asMember.json<OrgLifeMeeting>().may.manage).toBe(false);
    expect((await call('GET', meeting(), 'sec.general')).json<OrgLifeMeeting>().may.manage).toBe(
      true,
    );
    expect((await call('GET', meeting(), 'sec.b')).statusCode).toBe(404);
    const listB = await call('GET', '/org-life/meetings', 'sec.b');
    expect(listB.json<OrgLifeMeeting[]>()).toEqual([]);
    const listMember = await call('GET', '/org-life/meetings?year=2026', 'member.a');
    expect(listMember.json<OrgLifeMeeting[]>().map((x) => x.id)).toEqual([meetingId]);
  });

  it('collects opinions: named from members, masses and anonymous ones through the committee', async () => {
    const named = await call('POST', meeting('/opinions'), 'member.a', {
      target: 'committee',
      body: '希望支部多组织业务学习与党建相结合的活动。',
    });
    expect(named.statusCode, named.body).toBe(201);
    const aboutSecretary = await call('POST', meeting('/opinions'), 'member.a2', {
      target: 'member',
      targetMemberId: f.members.secA,
      body: '书记深入基层调研不够，与年轻党员谈心偏少。',
    });
    expect(aboutSecretary.statusCode, aboutSecretary.body).toBe(201);
    // Only committee members are opinion targets.
    const notCommittee = await call('POST', meeting('/opinions'), 'member.a2', {
      target: 'member',
      targetMemberId: f.members.memberA,
      body: '随便说说这位同志。',
    });
    expect(notCommittee.json().error.code).toBe('org_life_not_committee');
    // A member cannot hide behind anonymity: those arrive through the committee (意见箱).
    const sneaky = await call('POST', meeting('/opinions'), 'member.a', {
      target: 'committee',
      anonymous: true,
      body: '匿名意见。',
    });
    expect(sneaky.statusCode).toBe(403);
    for (const extra of [
      { source: 'masses', fromName: '社区居民代表', body: '党员服务窗口午休时间无人值守。' },
      { anonymous: true, body: '意见箱：支部会议有时通知太晚。' },
    ]) {
      const res = await call('POST', meeting('/opinions'), 'sec.a', {
        target: 'committee',
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await call('GET', meeting('/opinions'), 'member.a')).statusCode).toBe(403);
    expect((await call('GET', meeting('/opinions'), 'sec.b')).statusCode).toBe(404);
    const opinions = (await call('GET', meeting('/opinions'), 'sec.a')).json<OrgLifeOpinion[]>();
    expect(opinions.map((o) => [o.source, o.fromName, o.anonymous, o.targetName])).toEqual([
      ['member', '李秀英', false, null],
      ['member', '赵红梅', false, '张建国'],
      ['masses', '社区居民代表', false, null],
      ['member', null, true, null],
    ]);
    // The anonymous one stores no giver at all.
    const rows = await queryRows<{ from_member_id: string | null; from_name: string | null }>(
      h().ctx.database.db,
      sql`select from_member_id, from_name from org_life_opinions where anonymous`,
    );
    expect(rows).toEqual([{ from_member_id: null, from_name: null }]);
  });

  it('keeps criticism records to the member, the committee and higher levels', async () => {
    // Opinions close with the meeting: it needs its date first.
    const early = await call('POST', meeting('/advance'), 'sec.a', { status: 'held' });
    expect(early.json().error.code).toBe('org_life_no_date');
    await call('PATCH', meeting(), 'sec.a', { meetingDate: '2026-11-20' });
    const held = await call('POST', meeting('/advance'), 'sec.a', { status: 'held' });
    expect(held.json<OrgLifeMeeting>().status).toBe('held');
    const late = await call('POST', meeting('/opinions'), 'member.a', {
      target: 'committee',
      body: '会后才想到的意见。',
    });
    expect(late.json().error.code).toBe('org_life_opinions_closed');

    const selfText = '对照党章党规，本人理论学习不够系统，联系群众不够深入。';
    const own = await call(
      'PUT',
      meeting(`/members/${f.members.memberA}/self-criticism`),
      'member.a',
      {
        body: selfText,
      },
    );
    expect(own.statusCode, own.body).toBe(200);
    const criticism = await call(
      'POST',
      meeting(`/members/${f.members.memberA}/criticisms`),
      'sec.a',
      {
        fromMemberId: memberA2,
        body: '工作中有时急于求成，与同事沟通不够耐心。',
      },
    );
    expect(criticism.statusCode, criticism.body).toBe(201);
    // The secretary records another member's self-criticism.
    const bySecretary = await call('PUT', meeting(`/members/${memberA2}/self-criticism`), 'sec.a', {
      body: '学用结合不紧，发挥先锋模范作用不够。',
    });
    expect(bySecretary.statusCode, bySecretary.body).toBe(200);

    const url = meeting(`/members/${f.members.memberA}/criticisms`);
    const record = (await call('GET', url, 'member.a')).json<OrgLifeCriticismRecord>();
    expect(record.selfCriticism).toBe(selfText);
    expect(record.received.map((r) => [r.fromName, r.body])).toEqual([
      ['赵红梅', '工作中有时急于求成，与同事沟通不够耐心。'],
    ]);
    // Committee of the branch and the 党总支 above read it; the other member and another
    // branch's secretary get 404, as if there were nothing.
    for (const user of ['sec.a', 'pub.a', 'sec.general'] as const) {
      const res = await call('GET', url, user);
      expect(res.statusCode, user).toBe(200);
      expect(res.json<OrgLifeCriticismRecord>().selfCriticism).toBe(selfText);
    }
    for (const user of ['member.a2', 'sec.b'] as const) {
      expect((await call('GET', url, user)).statusCode, user).toBe(404);
    }
    // Nor may the other member write into it, or record criticisms.
    const foreign = await call(
      'PUT',
      meeting(`/members/${f.members.memberA}/self-criticism`),
      'member.a2',
      {
        body: '替别人写的。',
      },
    );
    expect(foreign.statusCode).toBe(404);
    const notCommittee = await call(
      'POST',
      meeting(`/members/${memberA2}/criticisms`),
      'member.a',
      { fromMemberId: f.members.memberA, body: '我来记一条。' },
    );
    expect(notCommittee.statusCode).toBe(403);

    // The member list tells states only where the caller may read.
    const members = (await call('GET', meeting('/members'), 'member.a')).json<OrgLifeMember[]>();
    const mine = members.find((m) => m.memberId === f.members.memberA);
    const other = members.find((m) => m.memberId === memberA2);
    expect(mine).toMatchObject({ mayRead: true, hasSelfCriticism: true, criticismsReceived: 1 });
    expect(other).toMatchObject({
      mayRead: false,
      hasSelfCriticism: null,
      criticismsReceived: null,
    });
    expect(members.find((m) => m.memberId === f.members.secA)?.committee).toBe(true);

    // The database holds ciphertext only.
    const stored = await queryRows<{ body_cipher: string }>(
      h().ctx.database.db,
      sql`select body_cipher from org_life_criticisms`,
    );
    expect(stored).toHaveLength(3);
    for (const row of stored) {
      expect(row.body_cipher).toMatch(/^tx1\./);
      expect(row.body_cipher).not.toContain('理论学习');
    }
    // The audit says who recorded what for whom, never the words.
    const audits = await h()
      .ctx.database.db.select({ details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, 'orglife.self_criticism'));
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain('理论学习');
  });

  it('tracks rectification items: overdue flagged, closed with evidence by whom and when', async () => {
    const today = shanghaiToday();
    const add = (body: object) => call('POST', meeting('/rectifications'), 'sec.a', body);
    const past = await add({
      problem: '理论学习不够系统',
      measure: '制定个人学习计划，每月读一本理论书籍',
      ownerMemberId: f.members.memberA,
      deadline: '2026-01-15',
    });
    expect(past.statusCode, past.body).toBe(201);
    expect(past.json<Rectification>()).toMatchObject({
      overdue: '2026-01-15' < today,
      status: 'open',
    });
    const future = await add({
      problem: '支部会议通知太晚',
      measure: '会议通知至少提前三天发布',
      ownerMemberId: f.members.secA,
      deadline: '2099-12-31',
    });
    const futureItem = future.json<Rectification>();
    expect(futureItem.overdue).toBe(false);
    const outsider = await add({
      problem: '别的支部的人',
      measure: '不应能成为责任人',
      ownerMemberId: f.members.secB,
      deadline: '2099-12-31',
    });
    expect(outsider.json().error.code).toBe('org_life_not_participant');
    expect(
      (
        await call('POST', meeting('/rectifications'), 'member.a', {
          problem: '成员添加',
          measure: '不允许',
          ownerMemberId: f.members.memberA,
          deadline: '2099-12-31',
        })
      ).statusCode,
    ).toBe(403);

    const overdue = await call('GET', meeting('/rectifications?overdue=true'), 'member.a');
    expect(overdue.json<Rectification[]>().map((r) => r.problem)).toEqual(['理论学习不够系统']);
    const notOverdue = await call('GET', meeting('/rectifications?overdue=false'), 'sec.a');
    expect(notOverdue.json<Rectification[]>().map((r) => r.problem)).toEqual(['支部会议通知太晚']);
    const byOwner = await call(
      'GET',
      meeting(`/rectifications?ownerMemberId=${f.members.secA}`),
      'sec.a',
    );
    expect(byOwner.json<Rectification[]>().map((r) => r.id)).toEqual([futureItem.id]);
    expect((await call('GET', meeting('/rectifications'), 'sec.b')).statusCode).toBe(404);
    const counts = (await call('GET', meeting(), 'sec.a')).json<OrgLifeMeeting>().counts;
    expect(counts).toEqual({ opinions: 4, rectifications: 2, done: 0, overdue: 1 });

    // In progress, then closed by the secretary with a note and a scanned proof.
    const progress = await call('PATCH', `/org-life/rectifications/${futureItem.id}`, 'sec.a', {
      status: 'in_progress',
    });
    expect(progress.json<Rectification>().status).toBe('in_progress');
    const upload = await h().app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...multipart(pdf(), '会议通知制度.pdf').headers, cookie: await cookie('sec.a') },
      payload: multipart(pdf(), '会议通知制度.pdf').payload,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const file = upload.json<FileRef>();
    const notOwner = await call(
      'POST',
      `/org-life/rectifications/${futureItem.id}/close`,
      'member.a',
      {
        evidence: '我来关闭',
      },
    );
    expect(notOwner.statusCode).toBe(403);
    const closed = await call('POST', `/org-life/rectifications/${futureItem.id}/close`, 'sec.a', {
      evidence: '已修订会议通知制度，十二月起均提前三天通知。',
      fileIds: [file.id],
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const done = closed.json<Rectification>();
    expect(done).toMatchObject({
      status: 'done',
      overdue: false,
      closedByName: 'sec.a',
      evidence: '已修订会议通知制度，十二月起均提前三天通知。',
    });
    expect(done.closedAt).not.toBeNull();
    expect(done.attachments.map((a) => a.name)).toEqual(['会议通知制度.pdf']);
    // Members of the branch read the evidence; another branch does not.
    const asMember = await call('GET', `/files/${file.id}`, 'member.a');
    expect(asMember.statusCode).toBe(200);
    expect((await call('GET', `/files/${file.id}`, 'sec.b')).statusCode).toBe(404);
    const again = await call('POST', `/org-life/rectifications/${futureItem.id}/close`, 'sec.a', {
      evidence: '再关一次',
    });
    expect(again.json().error.code).toBe('rectification_done');
    // The closed item went to the archive (党建档案) once, with its evidence; open ones did not.
    const entries = await queryRows<{
      kind: string;
      version: number;
      org_id: string;
      ref_id: string;
      content: string;
    }>(
      h().ctx.database.db,
      sql`select kind, version, org_id, ref_id, content from archive_entries
        where kind = 'rectification'`,
    );
    expect(entries.map((e) => [e.kind, e.version, e.org_id, e.ref_id])).toEqual([
      ['rectification', 1, f.orgs.a, futureItem.id],
    ]);
    const archived = JSON.parse(entries[0]?.content ?? '{}') as {
      meeting: { id: string };
      item: Rectification;
      closedAfterDeadline: boolean;
    };
    expect(archived.meeting.id).toBe(meetingId);
    expect(archived.closedAfterDeadline).toBe(false);
    expect(archived.item).toMatchObject({
      problem: '支部会议通知太晚',
      status: 'done',
      ownerMemberId: f.members.secA,
      closedByName: 'sec.a',
      evidence: '已修订会议通知制度，十二月起均提前三天通知。',
      closedAt: done.closedAt,
    });
    expect(archived.item.attachments.map((a) => a.id)).toEqual([file.id]);
    const doneList = await call('GET', meeting('/rectifications?status=done'), 'member.a');
    expect(doneList.json<Rectification[]>().map((r) => r.id)).toEqual([futureItem.id]);
  });

  it('links the meeting’s activity, checked through the activities module', async () => {
    const minute = 60_000;
    const activity = async (user: User, orgId: string, type: string) => {
      const res = await call('POST', '/activities', user, {
        orgId,
        title: '2026年度组织生活会',
        startsAt: new Date(Date.now() - 10 * minute).toISOString(),
        endsAt: new Date(Date.now() + 50 * minute).toISOString(),
        place: '三楼党员活动室',
        details: { type, agenda: ['通报征求意见情况', '开展批评和自我批评'] },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ record: { id: string } }>().record.id;
    };
    const wrongType = await activity('sec.a', f.orgs.a, 'committee_meeting');
    const otherBranch = await activity('sec.b', f.orgs.b, 'org_life_meeting');
    for (const activityId of [wrongType, otherBranch, '00000000-0000-4000-8000-000000000000']) {
      const res = await call('PATCH', meeting(), 'sec.a', { activityId });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('org_life_bad_activity');
    }
    const activityId = await activity('sec.a', f.orgs.a, 'org_life_meeting');
    expect((await call('POST', `/activities/${activityId}/publish`, 'sec.a')).statusCode).toBe(200);
    const marked = await call('PUT', `/activities/${activityId}/attendance`, 'sec.a', {
      entries: [
        { memberId: f.members.secA, status: 'present' },
        { memberId: f.members.memberA, status: 'present' },
        { memberId: memberA2, status: 'absent', note: '出差' },
      ],
    });
    expect(marked.statusCode, marked.body).toBe(200);
    const linked = await call('PATCH', meeting(), 'sec.a', { activityId });
    expect(linked.json<OrgLifeMeeting>().activityId).toBe(activityId);
  });

  it('generates the report from the records, as JSON and as a Word document', async () => {
    await call('PATCH', meeting(), 'sec.a', {
      summary: '会议通报了征求意见情况，班子成员和党员逐一开展批评和自我批评。',
      opinionSummary: '意见主要集中在学习组织和会议通知两方面。',
    });
    expect((await call('GET', meeting('/report'), 'member.a')).statusCode).toBe(403);
    expect((await call('GET', meeting('/report'), 'sec.b')).statusCode).toBe(404);
    const report = (await call('GET', meeting('/report'), 'sec.a')).json<OrgLifeReport>();
    expect(report.opinions).toMatchObject({
      total: 4,
      aboutCommittee: 3,
      aboutMembers: 1,
      fromMasses: 1,
      anonymous: 1,
      summary: '意见主要集中在学习组织和会议通知两方面。',
    });
    // Attendance comes from the linked activity's sign-in record.
    const activity = await call('GET', `/activities/${report.meeting.activityId}`, 'sec.a');
    const counts = activity.json<{ record: { counts: { expected: number } } }>().record.counts;
    expect(report.attendance).toEqual({
      expected: counts.expected,
      present: 2,
      leave: 0,
      absent: 1,
    });
    const byName = new Map(report.members.map((m) => [m.name, m]));
    expect(byName.get('李秀英')).toMatchObject({
      selfCriticismExcerpt: '对照党章党规，本人理论学习不够系统，联系群众不够深入。',
      criticismsReceived: 1,
    });
    expect(byName.get('刘芳')).toMatchObject({ selfCriticismExcerpt: null, criticismsReceived: 0 });
    expect(report.rectifications.map((r) => [r.problem, r.status])).toEqual([
      ['理论学习不够系统', 'open'],
      ['支部会议通知太晚', 'done'],
    ]);

    const res = await call('GET', meeting('/report.docx'), 'sec.general');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(
      '机关第一党支部2026年度组织生活会情况报告.docx',
    );
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    // Text of the document, runs joined: what a reader sees.
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    for (const expected of [
      '机关第一党支部关于召开2026年度组织生活会情况的报告',
      '2026年11月20日',
      `应到${counts.expected}人，实到2人，请假0人，缺席1人`,
      '共征求意见4条，其中对支部委员会3条、对委员个人1条；来自群众1条，匿名1条。',
      '意见主要集中在学习组织和会议通知两方面。',
      '对照党章党规，本人理论学习不够系统，联系群众不够深入。',
      '制定个人学习计划，每月读一本理论书籍',
      '已修订会议通知制度，十二月起均提前三天通知。',
      '已完成',
    ]) {
      expect(text).toContain(expected);
    }
    const downloads = await h()
      .ctx.database.db.select()
      .from(auditLog)
      .where(eq(auditLog.action, 'orglife.report.download'));
    expect(downloads).toHaveLength(1);
  });

  it('submits the report upward, where the parent organisation finds it; then the cycle is closed', async () => {
    const early = await call('POST', meeting('/submit'), 'sec.a');
    expect(early.json().error.code).toBe('org_life_bad_step');
    await call('POST', meeting('/advance'), 'sec.a', { status: 'rectifying' });
    const submitted = await call('POST', meeting('/submit'), 'sec.a');
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json<OrgLifeMeeting>()).toMatchObject({
      status: 'reported',
      reportedToOrgName: '机关党总支',
      submittedByName: 'sec.a',
      may: { manage: false },
    });
    const inbox = await call('GET', '/org-life/meetings?box=reported', 'sec.general');
    expect(inbox.json<OrgLifeMeeting[]>().map((m) => m.id)).toEqual([meetingId]);
    expect((await call('GET', '/org-life/meetings?box=reported', 'sec.a')).json()).toEqual([]);
    const locked = await call(
      'PUT',
      meeting(`/members/${f.members.memberA}/self-criticism`),
      'member.a',
      {
        body: '上报后再改。',
      },
    );
    expect(locked.json().error.code).toBe('org_life_reported');

    const actions = await h()
      .ctx.database.db.select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.objectId, meetingId));
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set([
        'orglife.create',
        'orglife.opinion',
        'orglife.update',
        'orglife.advance',
        'orglife.self_criticism',
        'orglife.criticism',
        'orglife.report.download',
        'orglife.submit',
      ]),
    );
  });
});
