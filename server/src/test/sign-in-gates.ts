import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import type { Me, TotpEnrolment } from '@tongxin/contract';
import type { ServiceContext } from '../platform/context.ts';
import { users } from '../modules/identity/schema.ts';
import { openSecret } from '../modules/identity/totp-key.ts';

/** The current code for a base32 secret, as an authenticator app would show it. */
export const totpCode = (secret: string, timestamp = Date.now()): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });

function sessionCookie(res: LightMyRequestResponse): string | null {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const session = all.find((c) => /^(__Host-)?tongxin_session=[^;]+/.test(c));
  return session ? (session.split(';')[0] ?? null) : null;
}

/**
 * Answers the code step for an enrolled account, reading its secret from the database. Tests
 * sign in many times a minute, so the replay marker is cleared first: a real authenticator
 * would simply wait for the next code.
 */
export async function answerSecondFactor(
  app: FastifyInstance,
  ctx: ServiceContext,
  login: string,
  challengeCookie: string,
): Promise<string> {
  const [user] = await ctx.database.db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${login}) or ${users.phone} = ${login}`)
    .limit(1);
  if (!user?.totpSecret) throw new Error(`${login} has no second factor to answer`);
  await ctx.database.db.update(users).set({ totpLastStep: null }).where(eq(users.id, user.id));
  const secret = await openSecret(ctx.config.dataDir, user.totpSecret);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/second-factor',
    headers: { cookie: challengeCookie },
    payload: { code: totpCode(secret) },
  });
  const cookie = res.statusCode === 200 ? sessionCookie(res) : null;
  if (!cookie) throw new Error(`second factor for ${login} failed: ${res.statusCode} ${res.body}`);
  return cookie;
}

/** Enrols an authenticator when the account must have one; other gates are left to the test. */
export async function completeGates(app: FastifyInstance, cookie: string): Promise<void> {
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  if (me.json<Me>().gate !== 'totp_required') return;
  const started = await app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: { cookie } });
  const { secret } = started.json<TotpEnrolment>();
  const confirmed = await app.inject({
    method: 'POST',
    url: '/api/v1/me/totp/confirm',
    headers: { cookie },
    payload: { code: totpCode(secret) },
  });
  if (confirmed.statusCode !== 200) {
    throw new Error(
      `enrolling the authenticator failed: ${confirmed.statusCode} ${confirmed.body}`,
    );
  }
}
