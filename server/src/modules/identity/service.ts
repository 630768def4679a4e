import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import {
  passwordProblems,
  type AdminRole,
  type Locale,
  type Me,
  type PasswordChange,
  type PasswordPolicy,
  type PreferencesUpdate,
  type SecurityPolicy,
} from '@tongxin/contract';
import { passwordHistory, sessions, users } from './schema.ts';
import { AppError, conflict, unauthorized } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { postsHeldBy } from '../orgs/service.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { getSecurityPolicy, policyInForce } from './security-policy.ts';
import { gateOf, officerMatters } from './gate.ts';
import { announceSessionsEnded, endSessionsOf, hashToken } from './sessions.ts';

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  adminRole?: AdminRole | null;
  memberId?: string | null;
  mustChangePassword?: boolean;
}

type UserRow = typeof users.$inferSelect;

export function assertStrongPassword(
  password: string,
  username: string,
  details: object = {},
  policy?: PasswordPolicy,
) {
  const problems = passwordProblems(password, username, policy);
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
  assertStrongPassword(input.password, input.username, {}, await getSecurityPolicy(tx));
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

async function isOfficer(db: Queryable, user: UserRow): Promise<boolean> {
  return user.memberId !== null && (await postsHeldBy(db, user.memberId)).length > 0;
}

async function gateFor(db: Queryable, user: UserRow, policy?: SecurityPolicy) {
  const p = policy ?? (await getSecurityPolicy(db));
  return gateOf(user, p, officerMatters(user, p) && (await isOfficer(db, user)));
}

export async function toMe(db: Queryable, row: UserRow): Promise<Me> {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    adminRole: row.adminRole,
    memberId: row.memberId,
    locale: row.locale,
    mustChangePassword: row.mustChangePassword,
    phone: row.phone,
    totpEnabled: row.totpEnabledAt !== null,
    gate: await gateFor(db, row),
  };
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
    gate: await gateFor(db, row.user, await policyInForce(ctx.database)),
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
  await announceSessionsEnded(ctx, [sessionId]);
}

export async function findUser(db: Queryable, userId: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return row;
}

export async function getMe(ctx: ServiceContext, userId: string): Promise<Me> {
  const row = await findUser(ctx.database.db, userId);
  if (!row) throw unauthorized();
  return toMe(ctx.database.db, row);
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

/** True when the password matches the current one or one of the last historyCount - 1. */
async function reusesRecentPassword(
  db: Queryable,
  user: UserRow,
  password: string,
  historyCount: number,
): Promise<boolean> {
  if (historyCount === 0) return false;
  if (await verifyPassword(user.passwordHash, password)) return true;
  const earlier = await db
    .select({ hash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, user.id))
    .orderBy(desc(passwordHistory.createdAt))
    .limit(historyCount - 1);
  for (const { hash } of earlier) {
    if (await verifyPassword(hash, password)) return true;
  }
  return false;
}

/**
 * Replaces the password inside the caller's transaction: the old hash joins the history,
 * the clock restarts. `oneTime` marks an administrator-set password the user must replace.
 */
export async function replacePassword(
  tx: Tx,
  user: UserRow,
  newPassword: string,
  oneTime: boolean,
): Promise<void> {
  await tx.insert(passwordHistory).values({ userId: user.id, passwordHash: user.passwordHash });
  await tx
    .update(users)
    .set({
      passwordHash: await hashPassword(newPassword),
      passwordChangedAt: new Date(),
      mustChangePassword: oneTime,
    })
    .where(eq(users.id, user.id));
}

export async function changeOwnPassword(
  ctx: ServiceContext,
  actor: Actor & { userId: string },
  sessionId: string,
  change: PasswordChange,
): Promise<Me> {
  const { db } = ctx.database;
  const user = await findUser(db, actor.userId);
  if (!user) throw unauthorized();
  if (!(await verifyPassword(user.passwordHash, change.currentPassword))) {
    await ctx.database.write((tx) =>
      recordAudit(tx, actor, { action: 'account.password_change', result: 'failure' }),
    );
    throw new AppError(422, 'wrong_current_password', 'The current password is wrong', {
      field: 'currentPassword',
    });
  }
  const policy = await getSecurityPolicy(db);
  assertStrongPassword(change.newPassword, user.username, { field: 'newPassword' }, policy);
  if (await reusesRecentPassword(db, user, change.newPassword, policy.historyCount)) {
    throw new AppError(422, 'password_reused', 'Choose a password you have not used recently', {
      field: 'newPassword',
      historyCount: policy.historyCount,
    });
  }
  const ended = await ctx.database.write(async (tx) => {
    await replacePassword(tx, user, change.newPassword, false);
    // Whoever else held a session with the old password is signed out.
    const ended = await endSessionsOf(tx, user.id, sessionId);
    await recordAudit(tx, actor, {
      action: 'account.password_change',
      objectType: 'user',
      objectId: user.id,
      details: { otherSessionsEnded: ended.length },
    });
    return ended;
  });
  await announceSessionsEnded(ctx, ended);
  return getMe(ctx, user.id);
}

/** The enabled accounts of these members, keyed by member id: whom a member-addressed thing reaches. */
export async function accountsOfMembers(
  db: Queryable,
  memberIds: readonly string[],
): Promise<Map<string, { accountId: string; displayName: string }>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .select({ memberId: users.memberId, accountId: users.id, displayName: users.displayName })
    .from(users)
    .where(and(sql`${users.memberId} in ${memberIds}`, isNull(users.disabledAt)));
  return new Map(
    rows.flatMap((r) =>
      r.memberId ? [[r.memberId, { accountId: r.accountId, displayName: r.displayName }]] : [],
    ),
  );
}
