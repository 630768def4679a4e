import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import type { Me, TotpEnrolment } from '@tongxin/contract';
import type { ServiceContext } from '../platform/context.ts';
import { users } from '../modules/identity/schema.ts';
import { openTotpSecret } from '../modules/identity/totp.ts';

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
  const secret = openTotpSecret(ctx, user.id, user.totpSecret);
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

/** Secrets of accounts enrolled by signInOverHttp, by server data and username. */
const httpSecrets = new Map<string, { secret: string; lastStep: number }>();

function cookieFrom(res: Response, name: RegExp): string | null {
  const found = res.headers.getSetCookie().find((c) => name.test(c));
  return found ? (found.split(';')[0] ?? null) : null;
}

/** A code for a step after the last one used, waiting for the next step when needed. */
async function freshCode(entry: { secret: string; lastStep: number }): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    // The server accepts one step either side of its clock.
    for (const step of [now, now + 1]) {
      if (step > entry.lastStep) {
        entry.lastStep = step;
        return totpCode(entry.secret, step * 30_000);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/**
 * Signs in to a real server process over HTTP, as a browser would, enrolling an authenticator
 * the first time an administrator needs one and answering its codes afterwards. `key` names
 * the server's data (its data directory), so a restarted server keeps its secrets here too.
 */
export async function signInOverHttp(
  url: string,
  username: string,
  password: string,
  key = url,
): Promise<string> {
  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: url,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    });
  const res = await post('/auth/sign-in', { username, password });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${body}`);
  const entryKey = `${key}\n${username.toLowerCase()}`;
  let cookie: string | null;
  if ((JSON.parse(body) as { needsSecondFactor?: true }).needsSecondFactor) {
    const entry = httpSecrets.get(entryKey);
    const challenge = cookieFrom(res, /^(__Host-)?tongxin_challenge=/);
    if (!entry || !challenge) throw new Error(`no second factor known for ${username}`);
    const answered = await post('/auth/second-factor', { code: await freshCode(entry) }, challenge);
    if (answered.status !== 200) {
      throw new Error(`second factor failed: ${answered.status} ${await answered.text()}`);
    }
    cookie = cookieFrom(answered, /^(__Host-)?tongxin_session=/);
  } else {
    cookie = cookieFrom(res, /^(__Host-)?tongxin_session=/);
  }
  if (!cookie) throw new Error('sign-in set no session cookie');
  const me = (await (await fetch(`${url}/api/v1/me`, { headers: { cookie } })).json()) as Me;
  if (me.gate === 'totp_required') {
    const started = (await (await post('/me/totp', {}, cookie)).json()) as TotpEnrolment;
    const entry = { secret: started.secret, lastStep: 0 };
    const confirmed = await post('/me/totp/confirm', { code: await freshCode(entry) }, cookie);
    if (confirmed.status !== 200) {
      throw new Error(`enrolling failed: ${confirmed.status} ${await confirmed.text()}`);
    }
    httpSecrets.set(entryKey, entry);
  }
  return cookie;
}
