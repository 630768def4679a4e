import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DEFAULT_LABELS, type AccountClearance, type SecurityLabel } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import type { Principal } from '../../platform/http/access.ts';
import { labelAllows } from './allows.ts';
import { buildTwoBranches, type TwoBranches } from '../../test/org-fixture.ts';
import { completeSetup } from '../../test/harness.ts';

describe.each(ENGINES)('security labels and clearances on %s', (engine) => {
  const h = useHarness(engine);
  let f: TwoBranches;
  let sec: string;
  let sys: string;
  let auditor: string;
  let member: string;
  let memberUser: AccountClearance;

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
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
  const principalOf = (c: AccountClearance): Principal => ({
    userId: c.userId,
    username: c.username,
    displayName: c.displayName,
    adminRole: c.adminRole,
    memberId: null,
    sessionId: 'test',
    gate: null,
  });
  const labels = async () =>
    (await call('GET', '/security/labels', member)).json<SecurityLabel[]>();

  it('starts with 公开, 内部 and 敏感, readable by every signed-in account', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    f = await buildTwoBranches(ctx);
    sec = await signIn(app, 'secadmin', ADMIN_PASSWORDS.security);
    sys = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    auditor = await signIn(app, 'auditor', ADMIN_PASSWORDS.audit);
    member = await f.cookie(app, 'member.a');
    expect((await labels()).map(({ name, level, colour }) => ({ name, level, colour }))).toEqual(
      DEFAULT_LABELS,
    );
    expect((await call('GET', '/security/labels', null)).statusCode).toBe(401);
  });

  it('lets only the security administrator change labels and clearances', async () => {
    const [first] = await labels();
    for (const cookie of [sys, auditor, member]) {
      const tries = [
        await call('POST', '/security/labels', cookie, {
          name: '机密',
          level: 3,
          colour: '#f5222d',
        }),
        await call('PATCH', `/security/labels/${first?.id}`, cookie, { name: '公开信息' }),
        await call('DELETE', `/security/labels/${first?.id}`, cookie),
        await call('GET', '/security/clearances', cookie),
      ];
      expect(tries.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    }
  });

  it('gives every account 内部 until the security administrator sets otherwise', async () => {
    const { ctx } = h();
    const list = await call('GET', '/security/clearances', sec);
    expect(list.statusCode).toBe(200);
    const all = list.json<AccountClearance[]>();
    expect(all.every((a) => a.level === 1)).toBe(true);
    const found = all.find((a) => a.username === 'member.a');
    if (!found) throw new Error('no member.a');
    memberUser = found;
    const p = principalOf(memberUser);
    expect(await labelAllows(ctx, p, 0)).toBe(true);
    expect(await labelAllows(ctx, p, 1)).toBe(true);
    expect(await labelAllows(ctx, p, 2)).toBe(false);
  });

  it('raises a clearance, audited, and labelAllows follows it', async () => {
    const { ctx } = h();
    const put = await call('PUT', `/security/clearances/${memberUser.userId}`, sec, { level: 2 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<AccountClearance>().level).toBe(2);
    // A fresh principal per request, as in the app: the cached clearance lives one request.
    expect(await labelAllows(ctx, principalOf(memberUser), 2)).toBe(true);
    const [entry] = await ctx.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'security.clearance'));
    expect(entry).toMatchObject({
      objectId: memberUser.userId,
      details: { username: 'member.a', before: 1, after: 2 },
    });
    const noSuchLevel = await call('PUT', `/security/clearances/${memberUser.userId}`, sec, {
      level: 5,
    });
    expect(noSuchLevel.statusCode).toBe(422);
  });

  it('adds, renames and removes labels; a label in use stays', async () => {
    const { ctx } = h();
    const add = await call('POST', '/security/labels', sec, {
      name: '机密',
      level: 3,
      colour: '#f5222d',
    });
    expect(add.statusCode, add.body).toBe(201);
    const secret = add.json<SecurityLabel>();
    const clash = await call('POST', '/security/labels', sec, {
      name: '绝密',
      level: 3,
      colour: '#000000',
    });
    expect(clash.statusCode).toBe(409);
    const badColour = await call('POST', '/security/labels', sec, {
      name: '绝密',
      level: 4,
      colour: 'red',
    });
    expect(badColour.statusCode).toBe(400);
    const renamed = await call('PATCH', `/security/labels/${secret.id}`, sec, { name: '核心' });
    expect(renamed.json<SecurityLabel>()).toMatchObject({ name: '核心', level: 3 });
    expect(
      (await call('PATCH', `/security/labels/${secret.id}`, sec, { level: 4 })).statusCode,
    ).toBe(400);

    const sensitive = (await labels()).find((l) => l.level === 2);
    const inner = (await labels()).find((l) => l.level === 1);
    // member.a is cleared to 敏感; 内部 is everyone else's default.
    expect((await call('DELETE', `/security/labels/${sensitive?.id}`, sec)).statusCode).toBe(409);
    expect((await call('DELETE', `/security/labels/${inner?.id}`, sec)).statusCode).toBe(409);
    expect((await call('DELETE', `/security/labels/${secret.id}`, sec)).statusCode).toBe(200);
    expect((await labels()).map((l) => l.level)).toEqual([0, 1, 2]);
    const actions = (await ctx.database.db.select({ action: auditLog.action }).from(auditLog)).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'security.label_create',
        'security.label_update',
        'security.label_delete',
      ]),
    );
  });
});
