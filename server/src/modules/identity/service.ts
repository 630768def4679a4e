import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import {
  passwordProblems,
  type AdminRole,
  type Locale,
  type Me,
  type PreferencesUpdate,
} from '@tongxin/contract';
import { users, sessions } from './schema.ts';
import { AppError, conflict, unauthorized } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { burnVerification, hashPassword, verifyPassword } from './passwords.ts';

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  adminRole?: AdminRole | null;
  memberId?: string | null;
  mustChangePassword?: boolean;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function assertStrongPassword(password: string, username: string, details: object = {}) {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    throw new AppError(422, 'weak_password', 'The password does not meet the password policy', {
      ...details,
      problems,
    });
  }
}

export async function usernameTaken(db: Queryable, username: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return rows.length > 0;
}

/** Creates an account inside the caller's transaction; the password is checked and hashed here. */
export async function createAccount(tx: Tx, actor: Actor, input: NewAccount): Promise<string> {
  assertStrongPassword(input.password, input.username);
  if (await usernameTaken(tx, input.username)) {
    throw conflict(`The username ${input.username} is taken`, { field: 'username' });
  }
  const [row] = await tx
    .insert(users)
    .values({
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      adminRole: input.adminRole ?? null,
      memberId: input.memberId ?? null,
      mustChangePassword: input.mustChangePassword ?? false,
    })
    .returning({ id: users.id });
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, {
    action: 'account.create',
    objectType: 'user',
    objectId: row.id,
    details: { username: input.username, adminRole: input.adminRole ?? null },
  });
  return row.id;
}

export async function countAccounts(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

function toMe(row: typeof users.$inferSelect): Me {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    adminRole: row.adminRole,
    memberId: row.memberId,
    locale: row.locale,
    mustChangePassword: row.mustChangePassword,
  };
}

export interface SignInAttempt {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'Wrong username or password');

export async function signIn(
  ctx: ServiceContext,
  attempt: SignInAttempt,
): Promise<{ token: string; me: Me; expiresAt: Date }> {
  const { database, config } = ctx;
  const [user] = await database.db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${attempt.username})`)
    .limit(1);
  const ok = user ? await verifyPassword(user.passwordHash, attempt.password) : false;
  if (!user) await burnVerification(attempt.password);
  if (!user || !ok || user.disabledAt) {
    await database.write((tx) =>
      recordAudit(
        tx,
        {
          userId: user?.id ?? null,
          name: attempt.username,
          role: user?.adminRole ?? 'user',
          ip: attempt.ip,
        },
        { action: 'auth.sign_in', result: 'failure', details: { reason: 'invalid_credentials' } },
      ),
    );
    throw invalidCredentials();
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + config.sessionAbsoluteHours * 3600_000);
  await database.write(async (tx) => {
    const [session] = await tx
      .insert(sessions)
      .values({
        userId: user.id,
        tokenHash: hashToken(token),
        expiresAt,
        sourceIp: attempt.ip,
        userAgent: attempt.userAgent?.slice(0, 512) ?? null,
      })
      .returning({ id: sessions.id });
    await recordAudit(
      tx,
      { userId: user.id, name: user.username, role: user.adminRole ?? 'user', ip: attempt.ip },
      { action: 'auth.sign_in', objectType: 'session', objectId: session?.id },
    );
  });
  return { token, me: toMe(user), expiresAt };
}

/** The signed-in account behind a cookie token, or null when absent, ended, idle or expired. */
export async function resolveSession(
  ctx: ServiceContext,
  token: string,
): Promise<Principal | null> {
  const { db } = ctx.database;
  const idleCutoff = new Date(Date.now() - ctx.config.sessionIdleMinutes * 60_000);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, new Date()),
        gt(sessions.lastSeenAt, idleCutoff),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return null;
  // Touch at most once a minute: the idle clock does not need more precision than that.
  if (Date.now() - row.session.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date() })
      .where(eq(sessions.id, row.session.id));
  }
  return {
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    adminRole: row.user.adminRole,
    memberId: row.user.memberId,
    sessionId: row.session.id,
  };
}

export async function signOut(ctx: ServiceContext, actor: Actor, sessionId: string): Promise<void> {
  await ctx.database.write(async (tx) => {
    await tx.update(sessions).set({ endedAt: new Date() }).where(eq(sessions.id, sessionId));
    await recordAudit(tx, actor, {
      action: 'auth.sign_out',
      objectType: 'session',
      objectId: sessionId,
    });
  });
}

export async function getMe(ctx: ServiceContext, userId: string): Promise<Me> {
  const [row] = await ctx.database.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!row) throw unauthorized();
  return toMe(row);
}

export async function updatePreferences(
  ctx: ServiceContext,
  userId: string,
  update: PreferencesUpdate,
  actor: Actor,
): Promise<Me> {
  const changes: { locale?: Locale } = {};
  if (update.locale) changes.locale = update.locale;
  await ctx.database.write(async (tx) => {
    await tx.update(users).set(changes).where(eq(users.id, userId));
    await recordAudit(tx, actor, {
      action: 'account.preferences',
      objectType: 'user',
      objectId: userId,
      details: { ...changes },
    });
  });
  return getMe(ctx, userId);
}
