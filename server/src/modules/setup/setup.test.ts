import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, setupPlan, signIn, useHarness } from '../../test/harness.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import { setupTokens } from './schema.ts';
import { completeSetupFromPlan, issueSetupToken } from './service.ts';

describe.each(ENGINES)('first-run setup on %s', (engine) => {
  const h = useHarness(engine);

  const post = (payload: Record<string, unknown>) =>
    h().app.inject({ method: 'POST', url: '/api/v1/setup', payload });

  it('says setup is needed on an empty database and refuses unknown tokens', async () => {
    const status = await h().app.inject({ method: 'GET', url: '/api/v1/setup/status' });
    expect(status.json()).toEqual({ needed: true });
    const verify = await h().app.inject({
      method: 'POST',
      url: '/api/v1/setup/verify',
      payload: { token: 'A'.repeat(43) },
    });
    expect(verify.json()).toEqual({ valid: false });
    const res = await post({ token: 'A'.repeat(43), plan: setupPlan() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('setup_token_invalid');
  });

  it('refuses an expired token', async () => {
    const { ctx } = h();
    const token = await issueSetupToken(ctx);
    if (!token) throw new Error('no token issued');
    await ctx.database.db.update(setupTokens).set({ expiresAt: new Date(Date.now() - 1000) });
    const res = await post({ token, plan: setupPlan() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('setup_token_invalid');
  });

  it('requires three different administrators with strong passwords of their own', async () => {
    const token = await issueSetupToken(h().ctx);
    const same = setupPlan();
    same.administrators.audit.username = 'SysAdmin';
    const dup = await post({ token, plan: same });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details.field).toBe('plan.administrators.audit.username');

    const weak = setupPlan();
    weak.administrators.security.password = 'password';
    const weakRes = await post({ token, plan: weak });
    expect(weakRes.statusCode).toBe(422);
    expect(weakRes.json().error).toMatchObject({
      code: 'weak_password',
      details: { account: 'security' },
    });

    const shared = setupPlan();
    shared.administrators.audit.password = shared.administrators.system.password;
    expect((await post({ token, plan: shared })).statusCode).toBe(422);
    // A refused attempt does not use the link up.
    const verify = await h().app.inject({
      method: 'POST',
      url: '/api/v1/setup/verify',
      payload: { token },
    });
    expect(verify.json()).toEqual({ valid: true });
  });

  it('creates the root organisation and three administrators once, then the link is dead', async () => {
    const { app, ctx } = h();
    const token = await issueSetupToken(ctx);
    const other = await issueSetupToken(ctx);
    const res = await post({ token, plan: setupPlan() });
    expect(res.statusCode).toBe(201);

    const again = await post({ token, plan: setupPlan() });
    expect(again.statusCode).toBe(403);
    // Every other outstanding link dies with setup too.
    const viaOther = await post({ token: other, plan: setupPlan() });
    expect(viaOther.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup/status' })).json()).toEqual({
      needed: false,
    });
    expect(await issueSetupToken(ctx)).toBeNull();

    for (const [username, role] of [
      ['sysadmin', 'system'],
      ['secadmin', 'security'],
      ['auditor', 'audit'],
    ] as const) {
      const cookie = await signIn(app, username, ADMIN_PASSWORDS[role]);
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect(me.json()).toMatchObject({ username, adminRole: role, mustChangePassword: false });
    }
    const orgs = await app.inject({
      method: 'GET',
      url: '/api/v1/orgs',
      headers: { cookie: await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system) },
    });
    expect(orgs.json().items).toEqual([
      expect.objectContaining({
        name: '中共青山区科技园区委员会',
        kind: 'committee',
        parentId: null,
      }),
    ]);
    const audited = await ctx.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'setup.complete'));
    expect(audited).toHaveLength(1);
  });

  it('the command-line form refuses once setup is done', async () => {
    await expect(completeSetupFromPlan(h().ctx, setupPlan())).rejects.toMatchObject({
      code: 'setup_done',
    });
  });
});

describe.each(ENGINES)('command-line setup on %s', (engine) => {
  const h = useHarness(engine);
  it('applies the same rules without a token', async () => {
    const bad = setupPlan();
    bad.administrators.system.password = 'short';
    await expect(completeSetupFromPlan(h().ctx, bad)).rejects.toMatchObject({
      code: 'weak_password',
    });
    await completeSetupFromPlan(h().ctx, setupPlan());
    await signIn(h().app, 'auditor', ADMIN_PASSWORDS.audit);
  });
});
