import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SECURITY_POLICY } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import {
  ADMIN_PASSWORDS,
  completeSetup,
  cookieOf,
  signIn,
  useHarness,
} from '../../test/harness.ts';
import { totpCode } from '../../test/sign-in-gates.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { auditLog } from '../../platform/audit/schema.ts';
import { createAccount } from './service.ts';
import { recoverAccount } from './accounts.ts';
import { assignPost, createOrgInTx, rootOrg } from '../orgs/service.ts';
import { createMember } from '../members/service.ts';
import { users } from './schema.ts';

// Each test signs in from its own address, so the per-address throttle never interferes.
let addressCounter = 1;
const nextAddress = () =>
  `10.9.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

const MEMBER_PASSWORD = 'Dangyuan#Li2026';

async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  cookie: string | null,
  payload?: object,
) {
  return app.inject({
    method,
    url: `/api/v1${url}`,
    headers: cookie ? { cookie } : {},
    remoteAddress: nextAddress(),
    ...(payload ? { payload } : method === 'GET' ? {} : { payload: {} }),
  });
}

describe.each(ENGINES)('sign-in security on %s', (engine) => {
  const h = useHarness(engine);
  const raw = (username: string, password: string, remoteAddress = nextAddress()) =>
    h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username, password },
      remoteAddress,
    });
  let sys = '';
  let sec = '';
  let auditor = '';
  let memberId = '';

  const newAccount = async (username: string, password = MEMBER_PASSWORD) =>
    h().ctx.database.write((tx) =>
      createAccount(tx, operatorActor('test'), { username, displayName: username, password }),
    );

  it('sets up three administrators, each made to enrol a second factor first', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    const gated = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system, {
      gates: false,
      remoteAddress: nextAddress(),
    });
    const me = await call(app, 'GET', '/me', gated);
    expect(me.json()).toMatchObject({ gate: 'totp_required', totpEnabled: false });
    const refused = await call(app, 'GET', '/accounts', gated);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('totp_required');
    sys = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system, { remoteAddress: nextAddress() });
    sec = await signIn(app, 'secadmin', ADMIN_PASSWORDS.security, { remoteAddress: nextAddress() });
    auditor = await signIn(app, 'auditor', ADMIN_PASSWORDS.audit, { remoteAddress: nextAddress() });
    expect((await call(app, 'GET', '/me', sys)).json()).toMatchObject({
      gate: null,
      totpEnabled: true,
    });
    expect((await call(app, 'GET', '/accounts', sys)).statusCode).toBe(200);
    memberId = await newAccount('lixiaoming');
  });

  it('lets the security administrator alone read and set the policy, starting from 等保', async () => {
    const { app } = h();
    const read = await call(app, 'GET', '/security/policy', sec);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(DEFAULT_SECURITY_POLICY);
    for (const cookie of [sys, auditor]) {
      expect((await call(app, 'GET', '/security/policy', cookie)).statusCode).toBe(403);
      const put = await call(app, 'PUT', '/security/policy', cookie, DEFAULT_SECURITY_POLICY);
      expect(put.statusCode).toBe(403);
    }
    expect((await call(app, 'GET', '/security/policy', null)).statusCode).toBe(401);
    const tooLoose = await call(app, 'PUT', '/security/policy', sec, {
      ...DEFAULT_SECURITY_POLICY,
      minLength: 6,
    });
    expect(tooLoose.statusCode).toBe(400);
    const stricter = { ...DEFAULT_SECURITY_POLICY, minLength: 16, historyCount: 3 };
    const put = await call(app, 'PUT', '/security/policy', sec, stricter);
    expect(put.json()).toEqual(stricter);
    // Everyone may read the rules their own next password must meet.
    expect((await call(app, 'GET', '/me/password-rules', auditor)).json()).toEqual({
      minLength: 16,
      minClasses: 3,
      historyCount: 3,
      expiryDays: 90,
    });
    expect((await call(app, 'GET', '/security/policy', sec)).json()).toEqual(stricter);
  });

  it('changes the own password under the policy in force, refusing recent ones', async () => {
    const { app } = h();
    const cookie = await signIn(app, 'lixiaoming', MEMBER_PASSWORD, {
      remoteAddress: nextAddress(),
    });
    const other = await signIn(app, 'lixiaoming', MEMBER_PASSWORD, {
      remoteAddress: nextAddress(),
    });
    const change = (currentPassword: string, newPassword: string) =>
      call(app, 'POST', '/me/password', cookie, { currentPassword, newPassword });

    const wrong = await change('Not#The-Password1', 'Hongqi#Piaopiao-2026');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('wrong_current_password');
    // The policy now asks for 16 characters.
    const short = await change(MEMBER_PASSWORD, 'Hongqi#Piao2026');
    expect(short.json().error).toMatchObject({
      code: 'weak_password',
      details: { problems: ['too_short'] },
    });
    const common = await change(MEMBER_PASSWORD, 'woaini1314');
    expect(common.json().error.details.problems).toContain('too_common');
    const first = 'Hongqi#Piaopiao-2026';
    const second = 'Changcheng#Wanli-2026';
    expect((await change(MEMBER_PASSWORD, first)).statusCode).toBe(200);
    // Other sessions end; this one goes on.
    expect((await call(app, 'GET', '/me', other)).statusCode).toBe(401);
    expect((await call(app, 'GET', '/me', cookie)).statusCode).toBe(200);
    expect((await raw('lixiaoming', MEMBER_PASSWORD)).statusCode).toBe(401);
    expect((await change(first, second)).statusCode).toBe(200);
    // History of 3: the current password and the two before it are refused.
    const reuse = await change(second, first);
    expect(reuse.json().error).toMatchObject({
      code: 'password_reused',
      details: { historyCount: 3 },
    });
    expect((await change(second, second)).json().error.code).toBe('password_reused');
    // Back to the 等保 default (8 characters, last 5) for the tests that follow.
    await call(app, 'PUT', '/security/policy', sec, DEFAULT_SECURITY_POLICY);
    expect((await change(second, MEMBER_PASSWORD)).json().error.code).toBe('password_reused');
    const reset = await call(app, 'POST', `/accounts/${memberId}/reset-password`, sys);
    const oneTime = reset.json().password as string;
    const again = await signIn(app, 'lixiaoming', oneTime, { remoteAddress: nextAddress() });
    expect(
      (
        await call(app, 'POST', '/me/password', again, {
          currentPassword: oneTime,
          newPassword: 'Dangyuan#Wang2027',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('holds an account with a one-time or expired password at the change screen', async () => {
    const { app, ctx } = h();
    const reset = await call(app, 'POST', `/accounts/${memberId}/reset-password`, sys);
    expect(reset.statusCode).toBe(200);
    const oneTime = reset.json().password as string;
    const old = await raw('lixiaoming', 'Dangyuan#Wang2027');
    expect(old.statusCode).toBe(401);
    const cookie = await signIn(app, 'lixiaoming', oneTime, { remoteAddress: nextAddress() });
    expect((await call(app, 'GET', '/me', cookie)).json()).toMatchObject({
      gate: 'password_change_required',
      mustChangePassword: true,
    });
    const refused = await call(app, 'GET', '/me/sessions', cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('password_change_required');
    expect((await call(app, 'GET', '/orgs', cookie)).json().error.code).toBe(
      'password_change_required',
    );
    await call(app, 'POST', '/me/password', cookie, {
      currentPassword: oneTime,
      newPassword: MEMBER_PASSWORD.replace('2026', '2028'),
    });
    expect((await call(app, 'GET', '/me', cookie)).json().gate).toBeNull();
    expect((await call(app, 'GET', '/me/sessions', cookie)).statusCode).toBe(200);

    await ctx.database.db
      .update(users)
      .set({ passwordChangedAt: new Date(Date.now() - 91 * 86_400_000) })
      .where(eq(users.id, memberId));
    expect((await call(app, 'GET', '/me', cookie)).json().gate).toBe('password_expired');
    expect((await call(app, 'GET', '/me/sessions', cookie)).json().error.code).toBe(
      'password_expired',
    );
    const back = await call(app, 'POST', '/me/password', cookie, {
      currentPassword: MEMBER_PASSWORD.replace('2026', '2028'),
      newPassword: MEMBER_PASSWORD,
    });
    expect(back.json()).toMatchObject({ gate: null });
    expect((await call(app, 'GET', '/me', cookie)).json().gate).toBeNull();
  });

  it('locks after repeated wrong passwords without telling strangers which accounts exist', async () => {
    const { app, ctx } = h();
    const wrong = await raw('lixiaoming', 'Wrong#Password-1');
    const unknown = await raw('no-such-person', 'Wrong#Password-1');
    expect(wrong.statusCode).toBe(unknown.statusCode);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
    for (let i = 0; i < 4; i++) await raw('lixiaoming', 'Wrong#Password-1');
    const [locked] = await ctx.database.db.select().from(users).where(eq(users.id, memberId));
    expect(locked!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    // Locked, wrong password: exactly what a stranger always sees.
    const lockedWrong = await raw('lixiaoming', 'Wrong#Password-1');
    expect(lockedWrong.statusCode).toBe(401);
    expect(lockedWrong.json()).toEqual(unknown.json());
    // Only the right password learns about the lock, and until when.
    const lockedRight = await raw('lixiaoming', MEMBER_PASSWORD);
    expect(lockedRight.statusCode).toBe(403);
    expect(lockedRight.json().error).toMatchObject({
      code: 'account_locked',
      details: { until: locked!.lockedUntil!.toISOString() },
    });
    const lockAudit = await ctx.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'account.lock' and ${auditLog.objectId} = ${memberId}`);
    expect(lockAudit).toHaveLength(1);

    const list = await call(app, 'GET', '/accounts', sys);
    expect(list.json().find((a: { id: string }) => a.id === memberId).lockedUntil).not.toBeNull();
    expect((await call(app, 'POST', `/accounts/${memberId}/unlock`, sec)).statusCode).toBe(403);
    expect((await call(app, 'POST', `/accounts/${memberId}/unlock`, null)).statusCode).toBe(401);
    const unlocked = await call(app, 'POST', `/accounts/${memberId}/unlock`, sys);
    expect(unlocked.json()).toMatchObject({ lockedUntil: null, failedSignIns: 0 });
    expect((await raw('lixiaoming', MEMBER_PASSWORD)).statusCode).toBe(200);
  });

  it('signs in with a mobile number set by the system administrator', async () => {
    const { app } = h();
    const set = await call(app, 'PATCH', `/accounts/${memberId}`, sys, {
      phone: '+86 138-0013-8000',
    });
    expect(set.json().phone).toBe('13800138000');
    expect(
      (await call(app, 'PATCH', `/accounts/${memberId}`, sys, { phone: '12345' })).json().error
        .code,
    ).toBe('invalid_phone');
    const otherId = await newAccount('zhaohong');
    const clash = await call(app, 'PATCH', `/accounts/${otherId}`, sys, { phone: '13800138000' });
    expect(clash.statusCode).toBe(409);
    const byPhone = await raw('138 0013 8000', MEMBER_PASSWORD);
    expect(byPhone.statusCode).toBe(200);
    expect(byPhone.json().username).toBe('lixiaoming');
    const wrongPhone = await raw('13800138001', MEMBER_PASSWORD);
    expect(wrongPhone.json().error.code).toBe('invalid_credentials');
    const cleared = await call(app, 'PATCH', `/accounts/${memberId}`, sys, { phone: null });
    expect(cleared.json().phone).toBeNull();
    expect((await raw('13800138000', MEMBER_PASSWORD)).json().error.code).toBe(
      'invalid_credentials',
    );
    await call(app, 'PATCH', `/accounts/${memberId}`, sys, { phone: '13800138000' });
  });

  it('lists the own sessions and ends one or all the others', async () => {
    const { app } = h();
    const a = await signIn(app, 'zhaohong', MEMBER_PASSWORD, { remoteAddress: '10.1.1.1' });
    const b = await signIn(app, 'zhaohong', MEMBER_PASSWORD, { remoteAddress: '10.1.1.2' });
    const c = await signIn(app, 'zhaohong', MEMBER_PASSWORD, { remoteAddress: '10.1.1.3' });
    const list = await call(app, 'GET', '/me/sessions', a);
    const sessionsSeen = list.json() as { id: string; current: boolean; sourceIp: string }[];
    expect(sessionsSeen).toHaveLength(3);
    expect(sessionsSeen.filter((s) => s.current).map((s) => s.sourceIp)).toEqual(['10.1.1.1']);
    const bId = sessionsSeen.find((s) => s.sourceIp === '10.1.1.2')!.id;
    // Nobody ends someone else's session: it looks like a missing one.
    expect((await call(app, 'POST', `/me/sessions/${bId}/end`, sys)).statusCode).toBe(404);
    expect((await call(app, 'POST', `/me/sessions/${bId}/end`, a)).statusCode).toBe(200);
    expect((await call(app, 'GET', '/me', b)).statusCode).toBe(401);
    const others = await call(app, 'POST', '/me/sessions/end-others', a);
    expect(others.json()).toEqual({ ended: 1 });
    expect((await call(app, 'GET', '/me', c)).statusCode).toBe(401);
    expect((await call(app, 'GET', '/me/sessions', a)).json()).toHaveLength(1);
    expect((await call(app, 'GET', '/me/sessions', null)).statusCode).toBe(401);
  });

  it('renews the session at sign-in, ending the one the browser carried', async () => {
    const { app } = h();
    const first = await signIn(app, 'zhaohong', MEMBER_PASSWORD, { remoteAddress: nextAddress() });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { cookie: first },
      payload: { username: 'zhaohong', password: MEMBER_PASSWORD },
      remoteAddress: nextAddress(),
    });
    expect(cookieOf(res)).not.toBe(first);
    expect((await call(app, 'GET', '/me', first)).statusCode).toBe(401);
  });

  it('ends every session when an account is disabled, and protects other administrators', async () => {
    const { app } = h();
    const cookie = await signIn(app, 'zhaohong', MEMBER_PASSWORD, { remoteAddress: nextAddress() });
    const zhaoId = (await call(app, 'GET', '/me', cookie)).json().id as string;
    const disabled = await call(app, 'POST', `/accounts/${zhaoId}/disable`, sys);
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await call(app, 'GET', '/me', cookie)).statusCode).toBe(401);
    const refused = await raw('zhaohong', MEMBER_PASSWORD);
    expect(refused.json().error.code).toBe('invalid_credentials');
    expect((await call(app, 'POST', `/accounts/${zhaoId}/enable`, sys)).json().disabled).toBe(
      false,
    );
    expect((await raw('zhaohong', MEMBER_PASSWORD)).statusCode).toBe(200);

    const secId = (await call(app, 'GET', '/me', sec)).json().id as string;
    for (const verb of ['disable', 'reset-password', 'reset-totp']) {
      const res = await call(app, 'POST', `/accounts/${secId}/${verb}`, sys);
      expect(res.json().error.code).toBe('admin_account_protected');
    }
    expect((await call(app, 'POST', `/accounts/${zhaoId}/disable`, sec)).statusCode).toBe(403);
    expect((await call(app, 'POST', `/accounts/${zhaoId}/disable`, auditor)).statusCode).toBe(403);
  });

  it('enrols an authenticator and then asks for a code, refusing a replayed one', async () => {
    const { app } = h();
    const cookie = await signIn(app, 'zhaohong', MEMBER_PASSWORD, { remoteAddress: nextAddress() });
    const started = await call(app, 'POST', '/me/totp', cookie);
    const { secret, otpauthUrl, qrDataUrl } = started.json();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const bad = await call(app, 'POST', '/me/totp/confirm', cookie, { code: '000000' });
    expect(bad.json().error.code).toBe('invalid_code');
    const code = totpCode(secret);
    const confirmed = await call(app, 'POST', '/me/totp/confirm', cookie, { code });
    const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const step1 = await raw('zhaohong', MEMBER_PASSWORD);
    expect(step1.json()).toEqual({ needsSecondFactor: true });
    const challenge = cookieOf(step1);
    expect(challenge).toMatch(/^tongxin_challenge=/);
    // The password step alone signs nobody in.
    expect((await call(app, 'GET', '/me', challenge)).statusCode).toBe(401);
    // The code used to confirm enrolment cannot be used again.
    const replay = await call(app, 'POST', '/auth/second-factor', challenge, { code });
    expect(replay.json().error.code).toBe('invalid_code');
    const next = totpCode(secret, Date.now() + 30_000);
    const ok = await call(app, 'POST', '/auth/second-factor', challenge, { code: next });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().username).toBe('zhaohong');
    // The challenge is spent.
    expect(
      (await call(app, 'POST', '/auth/second-factor', challenge, { code: next })).statusCode,
    ).toBe(401);
    // And the same code on a fresh challenge is a replay.
    const again = cookieOf(await raw('zhaohong', MEMBER_PASSWORD));
    expect(
      (await call(app, 'POST', '/auth/second-factor', again, { code: next })).json().error.code,
    ).toBe('invalid_code');

    const recovery = recoveryCodes[0]!;
    const viaRecovery = await call(app, 'POST', '/auth/second-factor', again, { code: recovery });
    expect(viaRecovery.statusCode).toBe(200);
    const third = cookieOf(await raw('zhaohong', MEMBER_PASSWORD));
    const reused = await call(app, 'POST', '/auth/second-factor', third, { code: recovery });
    expect(reused.json().error.code).toBe('invalid_code');
    expect(
      (
        await call(app, 'POST', '/auth/second-factor', third, {
          code: recoveryCodes[1]!.toUpperCase(),
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await call(app, 'POST', '/auth/second-factor', null, { code: next })).json().error.code,
    ).toBe('second_factor_expired');
    // Wrong codes count towards the lockout, even spread over fresh challenges.
    for (let i = 0; i < DEFAULT_SECURITY_POLICY.lockoutThreshold; i++) {
      const fresh = cookieOf(await raw('zhaohong', MEMBER_PASSWORD));
      const guess = await call(app, 'POST', '/auth/second-factor', fresh, { code: '000000' });
      expect(guess.json().error.code).toBe('invalid_code');
    }
    expect((await raw('zhaohong', MEMBER_PASSWORD)).json().error.code).toBe('account_locked');
  });

  it('requires a second factor of officers when the policy says so', async () => {
    const { app, ctx } = h();
    const operator = operatorActor('test');
    const root = await rootOrg(ctx.database.db);
    if (!root) throw new Error('no root organisation');
    await ctx.database.write(async (tx) => {
      const branch = await createOrgInTx(tx, operator, {
        parentId: root.id,
        kind: 'branch',
        name: '安全测试党支部',
      });
      const secretary = await createMember(tx, operator, {
        name: '钱书记',
        gender: 'female',
        status: 'full',
        branchId: branch.id,
      });
      await assignPost(tx, operator, {
        orgId: branch.id,
        memberId: secretary,
        post: 'secretary',
        termStartedOn: '2025-01-01',
      });
      await createAccount(tx, operator, {
        username: 'qian.shuji',
        displayName: '钱书记',
        password: MEMBER_PASSWORD,
        memberId: secretary,
      });
    });
    const officer = () =>
      signIn(app, 'qian.shuji', MEMBER_PASSWORD, { gates: false, remoteAddress: nextAddress() });
    const plain = () =>
      signIn(app, 'lixiaoming', MEMBER_PASSWORD, { gates: false, remoteAddress: nextAddress() });
    expect((await call(app, 'GET', '/me', await officer())).json().gate).toBeNull();

    await call(app, 'PUT', '/security/policy', sec, {
      ...DEFAULT_SECURITY_POLICY,
      totpRequiredForOfficers: true,
    });
    const gated = await officer();
    expect((await call(app, 'GET', '/me', gated)).json().gate).toBe('totp_required');
    expect((await call(app, 'GET', '/orgs', gated)).json().error.code).toBe('totp_required');
    // An account holding no post is not an officer.
    expect((await call(app, 'GET', '/me', await plain())).json().gate).toBeNull();
    await call(app, 'PUT', '/security/policy', sec, DEFAULT_SECURITY_POLICY);
    expect((await call(app, 'GET', '/me', gated)).json().gate).toBeNull();
  });

  it('lets the operator recover any account, an administrator included', async () => {
    const { app, ctx } = h();
    for (let i = 0; i < 5; i++) await raw('secadmin', 'Wrong#Password-1');
    const oneTime = await recoverAccount(ctx, 'SecAdmin');
    expect((await call(app, 'GET', '/me', sec)).statusCode).toBe(401);
    const cookie = await signIn(app, 'secadmin', oneTime, {
      gates: false,
      remoteAddress: nextAddress(),
    });
    const me = (await call(app, 'GET', '/me', cookie)).json();
    expect(me).toMatchObject({ gate: 'password_change_required', totpEnabled: false });
    await expect(recoverAccount(ctx, 'nobody')).rejects.toThrow('Account not found');
  });
});
