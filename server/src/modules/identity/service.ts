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
import { passwordHistory, sessions, signInChallenges, users } from './schema.ts';
import { AppError, conflict, unauthorized } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { postsHeldBy } from '../orgs/service.ts';
import { burnVerification, hashPassword, verifyPassword } from './passwords.ts';
import { getSecurityPolicy, policyInForce } from './security-policy.ts';
import { gateOf, officerMatters } from './gate.ts';
import { normalisePhone } from './phone.ts';
import {
  endSessionsOf,
  hashToken,
  newToken,
  startSession,
  type SessionOrigin,
} from './sessions.ts';
import { verifySecondFactor } from './totp.ts';

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

async function toMe(db: Queryable, row: UserRow): Promise<Me> {
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

export interface SignInAttempt extends SessionOrigin {
  username: string;
  password: string;
  /** The session the browser still carried, ended so sign-in always starts a fresh one. */
  previousToken: string | null;
}

export type SignInOutcome =
  | { kind: 'session'; token: string; me: Me; expiresAt: Date }
  | { kind: 'second-factor'; challengeToken: string; expiresAt: Date };

/** How long the gap between the password step and the code step may be. */
const CHALLENGE_MINUTES = 5;
const CHALLENGE_ATTEMPTS = 5;

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'Wrong username or password');

const actorFor = (user: UserRow, ip: string | null): Actor => ({
  userId: user.id,
  name: user.username,
  role: user.adminRole ?? 'user',
  ip,
});

async function findByLogin(db: Queryable, login: string): Promise<UserRow | undefined> {
  const phone = normalisePhone(login);
  const rows = await db
    .select()
    .from(users)
    .where(
      phone
        ? sql`lower(${users.username}) = lower(${login}) or ${users.phone} = ${phone}`
        : sql`lower(${users.username}) = lower(${login})`,
    )
    .limit(2);
  // A username that happens to look like someone's phone number wins: it was typed exactly.
  return rows.find((r) => r.username.toLowerCase() === login.toLowerCase()) ?? rows[0];
}

/**
 * Counts one wrong password or code against the account, atomically in SQL so two parallel
 * guesses cannot both read the same count; at the threshold the account locks and the count
 * restarts. Answers the lock's end when this failure locked it.
 */
async function countFailure(
  tx: Tx,
  userId: string,
  policy: SecurityPolicy,
  now: Date,
): Promise<Date | null> {
  const [row] = await tx
    .update(users)
    .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
    .where(eq(users.id, userId))
    .returning({ failed: users.failedSignIns });
  if (!row || row.failed < policy.lockoutThreshold) return null;
  const until = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
  await tx.update(users).set({ lockedUntil: until, failedSignIns: 0 }).where(eq(users.id, userId));
  return until;
}

/**
 * The password step. Every refusal a stranger can provoke has the same status, code and
 * message (unknown account, wrong password, disabled, locked with a wrong password), and the
 * unknown-account path spends an argon2 verification too. Only someone who knows the right
 * password learns that the account is locked, and until when.
 */
export async function signIn(ctx: ServiceContext, attempt: SignInAttempt): Promise<SignInOutcome> {
  const { database } = ctx;
  const user = await findByLogin(database.db, attempt.username);
  const ok = user ? await verifyPassword(user.passwordHash, attempt.password) : false;
  if (!user) await burnVerification(attempt.password);
  const policy = await getSecurityPolicy(database.db);
  const now = new Date();
  const locked = user?.lockedUntil && user.lockedUntil > now ? user.lockedUntil : null;

  if (!user || !ok || user.disabledAt) {
    await database.write(async (tx) => {
      const lockedNow =
        user && !ok && !locked && !user.disabledAt
          ? await countFailure(tx, user.id, policy, now)
          : null;
      const actor: Actor = user
        ? actorFor(user, attempt.ip)
        : { userId: null, name: attempt.username, role: 'user', ip: attempt.ip };
      const reason = !user
        ? 'unknown_account'
        : user.disabledAt
          ? 'disabled'
          : locked
            ? 'locked'
            : 'wrong_password';
      await recordAudit(tx, actor, {
        action: 'auth.sign_in',
        result: 'failure',
        details: { reason },
      });
      if (lockedNow && user) {
        await recordAudit(tx, actor, {
          action: 'account.lock',
          objectType: 'user',
          objectId: user.id,
          details: { until: lockedNow.toISOString(), after: policy.lockoutThreshold },
        });
      }
    });
    throw invalidCredentials();
  }

  if (locked) {
    await database.write((tx) =>
      recordAudit(tx, actorFor(user, attempt.ip), {
        action: 'auth.sign_in',
        result: 'failure',
        details: { reason: 'locked' },
      }),
    );
    throw new AppError(403, 'account_locked', 'This account is locked for now', {
      until: locked.toISOString(),
    });
  }

  if (user.totpEnabledAt) {
    const challengeToken = newToken();
    const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
    // The failure count is not reset here: wrong codes add to it, so someone who knows the
    // password cannot guess codes forever by starting fresh challenges.
    await database.write(async (tx) => {
      await tx
        .insert(signInChallenges)
        .values({ userId: user.id, tokenHash: hashToken(challengeToken), expiresAt });
      await recordAudit(tx, actorFor(user, attempt.ip), {
        action: 'auth.password_verified',
        objectType: 'user',
        objectId: user.id,
      });
    });
    return { kind: 'second-factor', challengeToken, expiresAt };
  }
  return finishSignIn(ctx, user, attempt, 'password');
}

async function finishSignIn(
  ctx: ServiceContext,
  user: UserRow,
  attempt: SessionOrigin & { previousToken: string | null },
  method: 'password' | 'totp' | 'recovery_code',
): Promise<SignInOutcome & { kind: 'session' }> {
  const started = await ctx.database.write(async (tx) => {
    if (attempt.previousToken) {
      await tx
        .update(sessions)
        .set({ endedAt: new Date() })
        .where(
          and(eq(sessions.tokenHash, hashToken(attempt.previousToken)), isNull(sessions.endedAt)),
        );
    }
    await tx
      .update(users)
      .set({ failedSignIns: 0, lockedUntil: null })
      .where(eq(users.id, user.id));
    const session = await startSession(tx, ctx, user.id, attempt);
    await recordAudit(tx, actorFor(user, attempt.ip), {
      action: 'auth.sign_in',
      objectType: 'session',
      objectId: session.sessionId,
      details: { method },
    });
    return session;
  });
  return {
    kind: 'session',
    token: started.token,
    expiresAt: started.expiresAt,
    me: await toMe(ctx.database.db, user),
  };
}

/** The code step: a pending challenge from the password step plus a TOTP or recovery code. */
export async function completeSecondFactor(
  ctx: ServiceContext,
  challengeToken: string,
  code: string,
  attempt: SessionOrigin & { previousToken: string | null },
): Promise<SignInOutcome & { kind: 'session' }> {
  const { db } = ctx.database;
  const [row] = await db
    .select({ challenge: signInChallenges, user: users })
    .from(signInChallenges)
    .innerJoin(users, eq(users.id, signInChallenges.userId))
    .where(
      and(
        eq(signInChallenges.tokenHash, hashToken(challengeToken)),
        isNull(signInChallenges.usedAt),
        gt(signInChallenges.expiresAt, new Date()),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  if (!row || row.challenge.attempts >= CHALLENGE_ATTEMPTS) {
    throw new AppError(401, 'second_factor_expired', 'Sign in with your password again');
  }
  const method = await verifySecondFactor(ctx, row.user, code);
  if (!method) {
    await ctx.database.write(async (tx) => {
      await tx
        .update(signInChallenges)
        .set({ attempts: sql`${signInChallenges.attempts} + 1` })
        .where(eq(signInChallenges.id, row.challenge.id));
      const actor = actorFor(row.user, attempt.ip);
      const lockedNow = await countFailure(
        tx,
        row.user.id,
        await getSecurityPolicy(tx),
        new Date(),
      );
      await recordAudit(tx, actor, { action: 'auth.second_factor', result: 'failure' });
      if (lockedNow) {
        // The challenges of a locked account die with the lock.
        await tx
          .update(signInChallenges)
          .set({ usedAt: new Date() })
          .where(and(eq(signInChallenges.userId, row.user.id), isNull(signInChallenges.usedAt)));
        await recordAudit(tx, actor, {
          action: 'account.lock',
          objectType: 'user',
          objectId: row.user.id,
          details: { until: lockedNow.toISOString(), reason: 'second_factor' },
        });
      }
    });
    throw new AppError(401, 'invalid_code', 'The code is wrong or already used');
  }
  const claimed = await ctx.database.write((tx) =>
    tx
      .update(signInChallenges)
      .set({ usedAt: new Date() })
      .where(and(eq(signInChallenges.id, row.challenge.id), isNull(signInChallenges.usedAt)))
      .returning({ id: signInChallenges.id }),
  );
  if (claimed.length === 0) {
    throw new AppError(401, 'second_factor_expired', 'Sign in with your password again');
  }
  return finishSignIn(ctx, row.user, attempt, method);
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
): Promise<Me> {
  const changes: { locale?: Locale } = {};
  if (update.locale) changes.locale = update.locale;
  await ctx.database.write((tx) => tx.update(users).set(changes).where(eq(users.id, userId)));
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
  await ctx.database.write(async (tx) => {
    await replacePassword(tx, user, change.newPassword, false);
    // Whoever else held a session with the old password is signed out.
    const ended = await endSessionsOf(tx, user.id, sessionId);
    await recordAudit(tx, actor, {
      action: 'account.password_change',
      objectType: 'user',
      objectId: user.id,
      details: { otherSessionsEnded: ended },
    });
  });
  return getMe(ctx, user.id);
}
