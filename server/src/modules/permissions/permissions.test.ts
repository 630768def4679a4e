import { describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { type MemberDetail, type PermissionMatrix, type PermissionsView } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import { assignPost } from '../orgs/service.ts';
import { defaultMatrix } from './service.ts';
import { buildFixture, type Fixture } from '../members/test-fixture.ts';

describe.each(ENGINES)('the permission matrix on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  let sec: string;
  let sys: string;
  let auditor: string;
  let officer: string;

  const call = (
    method: 'GET' | 'PUT' | 'POST' | 'PATCH',
    url: string,
    cookie: string | null,
    payload?: object,
  ) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: cookie ? { cookie } : {},
      ...(payload ? { payload } : {}),
    });
  const reveal = (cookie: string, memberId: string) =>
    call('POST', `/members/${memberId}/reveal`, cookie, { field: 'phone' });

  it('starts from today’s rules: the roster keepers, and no one else', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    // 李秀英 becomes A's 组织委员, so a third post holder can be tested.
    await ctx.database.write((tx) =>
      assignPost(tx, operatorActor('test'), {
        orgId: f.orgs.a,
        memberId: f.members.memberA,
        post: 'organisation_officer',
        termStartedOn: '2025-01-01',
      }),
    );
    sec = await signIn(app, 'secadmin', ADMIN_PASSWORDS.security);
    sys = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    auditor = await signIn(app, 'auditor', ADMIN_PASSWORDS.audit);
    officer = await f.cookie('member.a');

    const read = await call('GET', '/security/permissions', sec);
    expect(read.statusCode).toBe(200);
    expect(read.json<PermissionsView>()).toEqual({
      matrix: defaultMatrix(),
      defaults: defaultMatrix(),
    });

    // Today's answers: secretary, organisation officer and the 党总支 above reveal and edit;
    // the publicity officer sees the record but not personal data; the branch beside sees nothing.
    const target = f.members.secA;
    expect((await reveal(await f.cookie('sec.a'), f.members.pubA)).statusCode).toBe(200);
    expect((await reveal(officer, target)).statusCode).toBe(200);
    expect((await reveal(await f.cookie('sec.general'), target)).statusCode).toBe(200);
    expect((await reveal(await f.cookie('pub.a'), target)).statusCode).toBe(403);
    expect((await reveal(await f.cookie('sec.b'), target)).statusCode).toBe(404);
    const detail = await call('GET', `/members/${target}`, await f.cookie('pub.a'));
    expect(detail.json<MemberDetail>().may).toEqual({
      reveal: false,
      edit: false,
      transfer: false,
    });
    const asOfficer = await call('GET', `/members/${target}`, officer);
    expect(asOfficer.json<MemberDetail>().may).toEqual({
      reveal: true,
      edit: true,
      transfer: true,
    });
  });

  it('belongs to the security administrator alone', async () => {
    for (const cookie of [sys, auditor, officer, await f.cookie('sec.a')]) {
      expect((await call('GET', '/security/permissions', cookie)).statusCode).toBe(403);
      expect((await call('PUT', '/security/permissions', cookie, defaultMatrix())).statusCode).toBe(
        403,
      );
    }
    expect((await call('GET', '/security/permissions', null)).statusCode).toBe(401);
    const unknownPost = { ...defaultMatrix(), reveal_personal: ['secretary', 'chairman'] };
    expect((await call('PUT', '/security/permissions', sec, unknownPost)).statusCode).toBe(400);
    const missing: Partial<PermissionMatrix> = defaultMatrix();
    delete missing.manage_orgs;
    expect((await call('PUT', '/security/permissions', sec, missing)).statusCode).toBe(400);
  });

  it('takes reveal from the organisation officer at once, and audits the change', async () => {
    const { ctx } = h();
    const matrix = { ...defaultMatrix(), reveal_personal: ['secretary', 'deputy_secretary'] };
    const put = await call('PUT', '/security/permissions', sec, matrix);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<PermissionsView>().matrix.reveal_personal).toEqual([
      'secretary',
      'deputy_secretary',
    ]);

    expect((await reveal(officer, f.members.secA)).statusCode).toBe(403);
    // Their own data stays theirs, and the other capabilities are untouched.
    expect((await reveal(officer, f.members.memberA)).statusCode).toBe(200);
    const asOfficer = await call('GET', `/members/${f.members.secA}`, officer);
    expect(asOfficer.json<MemberDetail>().may).toEqual({
      reveal: false,
      edit: true,
      transfer: true,
    });
    expect((await reveal(await f.cookie('sec.a'), f.members.memberA)).statusCode).toBe(200);
    expect((await reveal(await f.cookie('sec.general'), f.members.memberA)).statusCode).toBe(200);

    const [entry] = await ctx.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'security.permissions'))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(entry).toMatchObject({
      actorName: expect.any(String),
      objectType: 'permission_matrix',
      details: {
        changes: {
          reveal_personal: {
            before: ['secretary', 'deputy_secretary', 'organisation_officer'],
            after: ['secretary', 'deputy_secretary'],
          },
        },
      },
    });
  });

  it('extends a capability to another post, still only downwards', async () => {
    const matrix = {
      ...defaultMatrix(),
      reveal_personal: ['secretary', 'publicity_officer'],
      manage_orgs: ['deputy_secretary'],
    };
    expect((await call('PUT', '/security/permissions', sec, matrix)).statusCode).toBe(200);
    const pub = await f.cookie('pub.a');
    expect((await reveal(pub, f.members.secA)).statusCode).toBe(200);
    expect((await reveal(pub, f.members.secB)).statusCode).toBe(404);
    // Without manage_orgs the secretary no longer renames the group below the branch.
    const rename = await call('PATCH', `/orgs/${f.orgs.groupA}`, await f.cookie('sec.a'), {
      name: '第一党小组（改）',
    });
    expect(rename.statusCode).toBe(403);
  });

  it('goes back to the defaults, and an unchanged save writes no audit entry', async () => {
    const { ctx } = h();
    const reset = await call('PUT', '/security/permissions', sec, defaultMatrix());
    expect(reset.json<PermissionsView>().matrix).toEqual(defaultMatrix());
    expect((await reveal(officer, f.members.secA)).statusCode).toBe(200);
    const count = async () =>
      (
        await ctx.database.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.action, 'security.permissions'))
      ).length;
    const before = await count();
    expect((await call('PUT', '/security/permissions', sec, defaultMatrix())).statusCode).toBe(200);
    expect(await count()).toBe(before);
  });
});
