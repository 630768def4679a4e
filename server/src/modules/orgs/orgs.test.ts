import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { createAccount } from '../identity/service.ts';
import { createMember } from '../members/service.ts';
import { assignPost, rootOrg } from './service.ts';

const actor = operatorActor('test');
const MEMBER_PASSWORD = 'Dangyuan#2026x';

describe.each(ENGINES)('organisations and members on %s', (engine) => {
  const h = useHarness(engine);
  const ids: Record<string, string> = {};

  it('lets the system administrator build the tree, with kinds checked', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    const root = await rootOrg(ctx.database.db);
    if (!root) throw new Error('no root');
    ids.root = root.id;
    const cookie = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const create = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/orgs', headers: { cookie }, payload });

    const general = await create({
      parentId: root.id,
      kind: 'general_branch',
      name: '机关党总支',
      termStartedOn: '2024-06-01',
    });
    expect(general.statusCode).toBe(201);
    expect(general.json()).toMatchObject({ kind: 'general_branch', nextElectionOn: '2027-06-01' });
    ids.general = general.json().id;
    const a = await create({ parentId: ids.general, kind: 'branch', name: '机关第一党支部' });
    const b = await create({ parentId: root.id, kind: 'branch', name: '研发中心党支部' });
    ids.a = a.json().id;
    ids.b = b.json().id;
    const group = await create({ parentId: ids.a, kind: 'group', name: '第一党小组' });
    ids.groupA = group.json().id;

    const wrongKind = await create({ parentId: ids.groupA, kind: 'group', name: '小组下的小组' });
    expect(wrongKind.statusCode).toBe(422);
    expect(wrongKind.json().error).toMatchObject({
      code: 'invalid_org_kind',
      details: { field: 'kind', allowed: [] },
    });
    const clash = await create({ parentId: root.id, kind: 'branch', name: '研发中心党支部' });
    expect(clash.statusCode).toBe(409);
    const unknownParent = await create({
      parentId: '00000000-0000-4000-8000-000000000001',
      kind: 'branch',
      name: '无处',
    });
    expect(unknownParent.statusCode).toBe(404);

    const secadmin = await signIn(app, 'secadmin', ADMIN_PASSWORDS.security);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: secadmin },
      payload: { parentId: root.id, kind: 'branch', name: '越权支部' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('keeps members in one branch and posts where they belong', async () => {
    const { ctx } = h();
    await ctx.database.write(async (tx) => {
      ids.zhang = await createMember(tx, actor, {
        name: '张建国',
        gender: 'male',
        status: 'full',
        branchId: ids.a!,
        groupId: ids.groupA!,
      });
      ids.li = await createMember(tx, actor, {
        name: '李秀英',
        gender: 'female',
        status: 'probationary',
        branchId: ids.a!,
      });
      ids.wang = await createMember(tx, actor, {
        name: '王磊',
        gender: 'male',
        status: 'full',
        branchId: ids.b!,
      });
      await assignPost(tx, actor, {
        orgId: ids.a!,
        memberId: ids.zhang!,
        post: 'secretary',
        termStartedOn: '2024-06-01',
      });
      await createAccount(tx, actor, {
        username: 'zhang.jianguo',
        displayName: '张建国',
        password: MEMBER_PASSWORD,
        memberId: ids.zhang!,
      });
      await createAccount(tx, actor, {
        username: 'wang.lei',
        displayName: '王磊',
        password: MEMBER_PASSWORD,
        memberId: ids.wang!,
      });
      await createAccount(tx, actor, {
        username: 'sec.general',
        displayName: '总支书记',
        password: MEMBER_PASSWORD,
        memberId: ids.li!,
      });
    });
    await expect(
      ctx.database.write((tx) =>
        createMember(tx, actor, {
          name: '错放',
          gender: 'male',
          status: 'full',
          branchId: ids.general!,
        }),
      ),
    ).rejects.toMatchObject({ code: 'not_a_branch' });
    await expect(
      ctx.database.write((tx) =>
        createMember(tx, actor, {
          name: '错组',
          gender: 'male',
          status: 'full',
          branchId: ids.b!,
          groupId: ids.groupA!,
        }),
      ),
    ).rejects.toMatchObject({ code: 'group_outside_branch' });
    await expect(
      ctx.database.write((tx) =>
        assignPost(tx, actor, {
          orgId: ids.b!,
          memberId: ids.zhang!,
          post: 'secretary',
          termStartedOn: '2024-06-01',
        }),
      ),
    ).rejects.toMatchObject({ code: 'not_a_member_here' });
    await expect(
      ctx.database.write((tx) =>
        assignPost(tx, actor, {
          orgId: ids.a!,
          memberId: ids.li!,
          post: 'secretary',
          termStartedOn: '2024-06-01',
        }),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      ctx.database.write((tx) =>
        assignPost(tx, actor, {
          orgId: ids.groupA!,
          memberId: ids.zhang!,
          post: 'secretary',
          termStartedOn: '2024-06-01',
        }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_post' });
  });

  it('shows a member their own branch and never a sideways one', async () => {
    const { app } = h();
    const wang = await signIn(app, 'wang.lei', MEMBER_PASSWORD);
    const orgs = await app.inject({
      method: 'GET',
      url: '/api/v1/orgs',
      headers: { cookie: wang },
    });
    expect(orgs.json().items.map((o: { id: string }) => o.id)).toEqual([ids.b]);
    // Guessing the id of another branch, or of a member there, answers as if it did not exist.
    for (const url of [
      `/api/v1/orgs/${ids.a}`,
      `/api/v1/orgs/${ids.a}/members`,
      `/api/v1/members/${ids.zhang}`,
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: wang } });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
    }
    const own = await app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${ids.b}/members`,
      headers: { cookie: wang },
    });
    expect(own.json()).toMatchObject({
      total: 1,
      items: [{ name: '王磊', branchName: '研发中心党支部' }],
    });
  });

  it('lets a branch secretary see the branch, its groups and posts', async () => {
    const { app } = h();
    const zhang = await signIn(app, 'zhang.jianguo', MEMBER_PASSWORD);
    const orgs = await app.inject({
      method: 'GET',
      url: '/api/v1/orgs',
      headers: { cookie: zhang },
    });
    expect(new Set(orgs.json().items.map((o: { id: string }) => o.id))).toEqual(
      new Set([ids.a, ids.groupA]),
    );
    const detail = await app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${ids.a}`,
      headers: { cookie: zhang },
    });
    expect(detail.json()).toMatchObject({
      organisation: { name: '机关第一党支部', memberCount: 2 },
      path: [
        { name: '中共青山区科技园区委员会' },
        { name: '机关党总支' },
        { name: '机关第一党支部' },
      ],
      posts: [{ post: 'secretary', memberName: '张建国' }],
    });
  });

  it('filters and pages the roster for the system administrator', async () => {
    const { app } = h();
    const cookie = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const get = (query: string) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${ids.root}/members?${query}`,
        headers: { cookie },
      });
    expect((await get('')).json().total).toBe(3);
    expect(
      (await get('status=probationary')).json().items.map((m: { name: string }) => m.name),
    ).toEqual(['李秀英']);
    expect((await get('q=建国')).json().total).toBe(1);
    expect((await get('q=%25')).json().total).toBe(0);
    const page = (await get('limit=2&offset=2')).json();
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(1);
    expect((await get('limit=0')).statusCode).toBe(400);
    expect((await get('status=boss')).json().error.details.field).toBe('querystring.status');

    const tree = await app.inject({ method: 'GET', url: '/api/v1/orgs', headers: { cookie } });
    const counts = Object.fromEntries(
      tree.json().items.map((o: { id: string; memberCount: number }) => [o.id, o.memberCount]),
    );
    expect(counts[ids.root!]).toBe(3);
    expect(counts[ids.general!]).toBe(2);
    expect(counts[ids.groupA!]).toBe(1);
  });

  it('does not show rosters to the security and audit administrators', async () => {
    const { app } = h();
    const cookie = await signIn(app, 'auditor', ADMIN_PASSWORDS.audit);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${ids.root}/members`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(404);
  });
});
