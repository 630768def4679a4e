import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { electionStatus, type OrgDetail, type OrgHistoryEntry } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';
import { buildTwoBranches, type TwoBranches } from '../../test/org-fixture.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { createMember } from '../members/service.ts';
import { assignPost } from './service.ts';

describe('election status', () => {
  it('is overdue after the date, due soon within 90 days, ok later', () => {
    expect(electionStatus(null, '2026-11-25')).toBe('unknown');
    expect(electionStatus('2026-11-24', '2026-11-25')).toBe('overdue');
    expect(electionStatus('2026-11-25', '2026-11-25')).toBe('due_soon');
    expect(electionStatus('2027-02-23', '2026-11-25')).toBe('due_soon');
    expect(electionStatus('2027-02-24', '2026-11-25')).toBe('ok');
  });
});

describe.each(ENGINES)('organisation structure on %s', (engine) => {
  const h = useHarness(engine);
  let f: TwoBranches;
  let admin: string;
  let secretaryA: string;

  const send = (app: FastifyInstance, cookie: string, method: string, url: string, body?: object) =>
    app.inject({
      method: method as 'POST',
      url: `/api/v1${url}`,
      headers: { cookie },
      payload: body,
    });
  const detail = async (app: FastifyInstance, cookie: string, id: string) =>
    (await send(app, cookie, 'GET', `/orgs/${id}`)).json<OrgDetail>();
  const actions = (history: OrgHistoryEntry[]) => history.map((e) => e.action);

  it('renames, keeping the old name in the history', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    f = await buildTwoBranches(ctx);
    admin = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    secretaryA = await f.cookie(app, 'secretary.a');

    const res = await send(app, admin, 'PATCH', `/orgs/${f.branchB}`, {
      name: '乙党支部（更名）',
      reason: '单位更名',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '乙党支部（更名）', memberCount: 2 });
    const { history, canManage } = await detail(app, admin, f.branchB);
    expect(canManage).toBe(true);
    expect(history[0]).toMatchObject({
      action: 'rename',
      oldValue: '乙党支部',
      newValue: '乙党支部（更名）',
      reason: '单位更名',
      actorName: 'sysadmin',
    });
    expect(actions(history)).toEqual(['rename', 'post_assign', 'create']);

    const clash = await send(app, admin, 'PATCH', `/orgs/${f.branchB}`, { name: '甲党支部' });
    expect(clash.statusCode).toBe(409);
    expect((await send(app, admin, 'PATCH', `/orgs/${f.branchB}`, {})).statusCode).toBe(400);
  });

  it('records a new term and its next election, 3 or 5 years on; groups have none', async () => {
    const { app } = h();
    const res = await send(app, admin, 'PATCH', `/orgs/${f.branchA}`, {
      termStartedOn: '2025-03-01',
      termYears: 5,
    });
    expect(res.json()).toMatchObject({
      termStartedOn: '2025-03-01',
      nextElectionOn: '2030-03-01',
    });
    const d = await detail(app, admin, f.branchA);
    expect(d.termYears).toBe(5);
    expect(d.history[0]).toMatchObject({
      action: 'term',
      oldValue: '2024-06-01',
      newValue: '2025-03-01',
    });
    const group = await send(app, admin, 'PATCH', `/orgs/${f.groupA}`, {
      termStartedOn: '2025-03-01',
    });
    expect(group.statusCode).toBe(422);
    expect(group.json().error.code).toBe('no_committee');
  });

  it('appoints and ends posts with dates, only for leaders above', async () => {
    const { app } = h();
    const appoint = (cookie: string, body: object) =>
      send(app, cookie, 'POST', `/orgs/${f.groupA}/posts`, body);
    const body = {
      memberId: f.members['member.a'],
      post: 'group_leader',
      termStartedOn: '2025-01-01',
    };
    // The branch secretary leads the level above the group: theirs to staff.
    const made = await appoint(secretaryA, body);
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ memberName: '甲党员', post: 'group_leader' });
    expect((await appoint(secretaryA, body)).statusCode).toBe(409);
    const wrongPost = await appoint(secretaryA, { ...body, post: 'secretary' });
    expect(wrongPost.json().error.code).toBe('invalid_post');
    const outsider = await appoint(secretaryA, { ...body, memberId: f.members['member.b'] });
    expect(outsider.json().error.code).toBe('not_a_member_here');

    const postId = made.json().id as string;
    const early = await send(app, secretaryA, 'POST', `/orgs/${f.groupA}/posts/${postId}/end`, {
      endedOn: '2024-12-31',
    });
    expect(early.json().error.code).toBe('invalid_dates');
    const ended = await send(app, secretaryA, 'POST', `/orgs/${f.groupA}/posts/${postId}/end`, {
      endedOn: '2026-01-31',
      reason: '工作调动',
    });
    expect(ended.statusCode).toBe(200);
    const d = await detail(app, secretaryA, f.groupA);
    expect(d.posts).toEqual([]);
    expect(d.history.slice(0, 2)).toMatchObject([
      { action: 'post_end', post: 'group_leader', oldValue: '甲党员', reason: '工作调动' },
      { action: 'post_assign', post: 'group_leader', newValue: '甲党员' },
    ]);
    // Ending it again: no such current post.
    const again = await send(app, secretaryA, 'POST', `/orgs/${f.groupA}/posts/${postId}/end`, {
      endedOn: '2026-02-01',
    });
    expect(again.statusCode).toBe(404);
  });

  it('moves within the kind rules, never below itself, and keeps the history', async () => {
    const { app } = h();
    const general = await send(app, admin, 'POST', '/orgs', {
      parentId: f.rootId,
      kind: 'general_branch',
      name: '机关党总支',
    });
    const generalId = general.json().id as string;
    const move = (id: string, parentId: string) =>
      send(app, admin, 'POST', `/orgs/${id}/move`, { parentId, reason: '机构调整' });

    const moved = await move(f.branchA, generalId);
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: generalId });
    expect((await detail(app, admin, f.branchA)).path.map((p) => p.name)).toEqual([
      '中共青山区科技园区委员会',
      '机关党总支',
      '甲党支部',
    ]);
    expect((await detail(app, admin, f.branchA)).history[0]).toMatchObject({
      action: 'move',
      oldValue: '中共青山区科技园区委员会',
      newValue: '机关党总支',
      reason: '机构调整',
    });
    expect((await move(generalId, f.branchA)).json().error.code).toBe('would_cycle');
    expect((await move(f.branchB, f.groupA)).json().error.code).toBe('invalid_org_kind');
    expect((await move(f.branchA, generalId)).json().error.code).toBe('same_parent');
    expect((await move(f.rootId, generalId)).json().error.code).toBe('root_fixed');
    // A 党小组 stays under a branch, and one with members does not leave its branch.
    expect((await move(f.groupA, generalId)).json().error.code).toBe('invalid_org_kind');
    expect((await move(f.groupA, f.branchB)).json().error.code).toBe('group_has_members');

    const empty = await send(app, admin, 'POST', '/orgs', {
      parentId: f.branchA,
      kind: 'group',
      name: '甲党支部第二党小组',
    });
    const emptyId = empty.json().id as string;
    expect((await move(emptyId, f.branchB)).statusCode).toBe(200);
    // The secretary of A no longer sees it: it moved sideways, out of their subtree.
    expect((await send(app, secretaryA, 'GET', `/orgs/${emptyId}`)).statusCode).toBe(404);
    // Nor may they move their own group into a branch they do not lead.
    const sideways = await send(app, secretaryA, 'POST', `/orgs/${f.groupA}/move`, {
      parentId: f.branchB,
    });
    expect(sideways.statusCode).toBe(404);
  });

  it('dissolves only empty organisations; the name is free again and the history stays', async () => {
    const { app, ctx } = h();
    const refused = await send(app, admin, 'POST', `/orgs/${f.branchB}/dissolve`, {
      reason: '撤并',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'org_not_empty',
      details: { members: 2, subOrganisations: 1 },
    });
    const group = await send(app, admin, 'POST', '/orgs', {
      parentId: f.branchB,
      kind: 'group',
      name: '临时党小组',
    });
    const groupId = group.json().id as string;
    // Its leader has left the party: no member in good standing remains, but the post is held.
    await ctx.database.write(async (tx) => {
      const actor = operatorActor('test');
      const memberId = await createMember(tx, actor, {
        name: '已出党者',
        gender: 'male',
        status: 'full',
        condition: 'left',
        branchId: f.branchB,
        groupId,
      });
      await assignPost(tx, actor, {
        orgId: groupId,
        memberId,
        post: 'group_leader',
        termStartedOn: '2025-01-01',
      });
    });
    const short = await send(app, admin, 'POST', `/orgs/${groupId}/dissolve`, { reason: '' });
    expect(short.statusCode).toBe(400);
    const ok = await send(app, admin, 'POST', `/orgs/${groupId}/dissolve`, { reason: '任务完成' });
    expect(ok.statusCode).toBe(200);

    const tree = (await send(app, admin, 'GET', '/orgs')).json<{ items: { id: string }[] }>();
    expect(tree.items.map((o) => o.id)).not.toContain(groupId);
    const gone = await detail(app, admin, groupId);
    expect(gone.dissolved).toMatchObject({ reason: '任务完成' });
    expect(gone.canManage).toBe(false);
    expect(gone.posts).toEqual([]);
    expect(actions(gone.history)).toEqual(['dissolve', 'post_end', 'post_assign', 'create']);
    expect((await detail(app, admin, f.branchB)).dissolvedChildren).toMatchObject([
      { id: groupId, name: '临时党小组' },
    ]);
    // Members of the branch still see the dissolved group's record; the name is reusable.
    const memberB = await f.cookie(app, 'member.b');
    expect((await send(app, memberB, 'GET', `/orgs/${groupId}`)).statusCode).toBe(200);
    const again = await send(app, admin, 'POST', '/orgs', {
      parentId: f.branchB,
      kind: 'group',
      name: '临时党小组',
    });
    expect(again.statusCode).toBe(201);
    expect(
      (await send(app, admin, 'POST', `/orgs/${groupId}/dissolve`, { reason: '再次撤销' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await send(app, admin, 'POST', `/orgs/${f.rootId}/dissolve`, { reason: '整体撤销' })).json()
        .error.code,
    ).toBe('root_fixed');
  });

  it('tells each account its party roles and what it may manage', async () => {
    const { app } = h();
    const roles = (cookie: string) => send(app, cookie, 'GET', '/me/roles').then((r) => r.json());
    expect(await roles(admin)).toEqual({ roles: [], manages: [], leads: [], managesAll: true });
    const secretary = await roles(secretaryA);
    expect(secretary.roles).toMatchObject([
      { orgId: f.branchA, post: 'secretary', orgName: '甲党支部', termStartedOn: '2024-06-01' },
      { orgId: f.branchA, post: null },
    ]);
    expect(secretary.leads).toEqual([f.branchA]);
    expect(secretary.manages).toContain(f.groupA);
    expect(secretary.manages).not.toContain(f.branchA);
    const member = await roles(await f.cookie(app, 'member.b'));
    expect(member).toMatchObject({
      roles: [{ orgId: f.branchB, post: null, orgKind: 'branch' }],
      manages: [],
      leads: [],
      managesAll: false,
    });
  });

  it('keeps the history as a record: the database refuses to change or delete it', async () => {
    const { ctx } = h();
    const { db } = ctx.database;
    await expect(db.execute(sql`update org_history set reason = 'rewritten'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from org_history`)).rejects.toThrow();
  });
});
