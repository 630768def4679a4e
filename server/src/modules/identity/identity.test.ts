import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ENGINES, testConfig } from '../../test/engines.ts';
import { buildApp } from '../../app.ts';
import {
  ADMIN_PASSWORDS,
  completeSetup,
  cookieOf,
  signIn,
  useHarness,
} from '../../test/harness.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import { sessions } from './schema.ts';

describe.each(ENGINES)('sign-in and sessions on %s', (engine) => {
  const h = useHarness(engine);
  const signInRaw = (username: string, password: string) =>
    h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username, password },
    });

  it('signs in with an HttpOnly, SameSite=Strict session cookie holding an opaque token', async () => {
    await completeSetup(h().ctx);
    const res = await signInRaw('SysAdmin', ADMIN_PASSWORDS.system);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      username: 'sysadmin',
      adminRole: 'system',
      locale: 'zh-CN',
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^tongxin_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // Only a hash of the token is stored.
    const token = cookieOf(res).split('=')[1] ?? '';
    const stored = await h().ctx.database.db.select().from(sessions);
    expect(stored.some((s) => s.tokenHash === token)).toBe(false);
  });

  it('uses a __Host- Secure cookie over HTTPS, trusting the proxy only when told to', async () => {
    const payload = { username: 'sysadmin', password: ADMIN_PASSWORDS.system };
    const headers = { 'x-forwarded-proto': 'https' };
    const untrusting = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload,
      headers,
    });
    expect(String(untrusting.headers['set-cookie'])).toMatch(/^tongxin_session=/);

    const behindProxy = await buildApp({
      config: testConfig({ TRUST_PROXY: 'true' }),
      database: h().ctx.database,
      logger: false,
    });
    const res = await behindProxy.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload,
      headers,
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-tongxin_session=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
    const me = await behindProxy.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { ...headers, cookie: cookieOf(res) },
    });
    expect(me.statusCode).toBe(200);
  });

  it('gives the same answer for a wrong password and an unknown account, and audits both', async () => {
    const wrong = await signInRaw('sysadmin', 'Wrong#Password1');
    const unknown = await signInRaw('nobody', 'Wrong#Password1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
    const failures = await h()
      .ctx.database.db.select()
      .from(auditLog)
      .where(eq(auditLog.result, 'failure'));
    expect(failures.map((f) => f.actorName)).toEqual(
      expect.arrayContaining(['sysadmin', 'nobody']),
    );
  });

  it('ends the session on the server at sign-out', async () => {
    const { app } = h();
    const cookie = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode,
    ).toBe(200);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(200);
    // Replaying the old cookie does not work.
    const after = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('expires an idle session', async () => {
    const { app, ctx } = h();
    const cookie = await signIn(app, 'secadmin', ADMIN_PASSWORDS.security);
    const idle = new Date(Date.now() - (ctx.config.sessionIdleMinutes + 1) * 60_000);
    await ctx.database.db.update(sessions).set({ lastSeenAt: idle });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('remembers the interface language per account', async () => {
    const { app } = h();
    const cookie = await signIn(app, 'auditor', ADMIN_PASSWORDS.audit);
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me/preferences',
      headers: { cookie },
      payload: { locale: 'en' },
    });
    expect(res.json().locale).toBe('en');
    const again = await signIn(app, 'auditor', ADMIN_PASSWORDS.audit);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: again } })).json()
        .locale,
    ).toBe('en');
    const bad = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me/preferences',
      headers: { cookie },
      payload: { locale: 'fr' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('body.locale');
  });
});
