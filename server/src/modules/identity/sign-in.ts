// The two sign-in steps (password, then a second factor when enrolled) and the lockout.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Me, SecurityPolicy } from '@tongxin/contract';
import { sessions, signInChallenges, users } from './schema.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { burnVerification, verifyPassword } from './passwords.ts';
import { getSecurityPolicy } from './security-policy.ts';
import { normalisePhone } from './phone.ts';
import {
  announceSessionsEnded,
  hashToken,
  newToken,
  startSession,
  type SessionOrigin,
} from './sessions.ts';
import { verifySecondFactor } from './totp.ts';
import { toMe } from './service.ts';

type UserRow = typeof users.$inferSelect;

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
  let replaced: string[] = [];
  const started = await ctx.database.write(async (tx) => {
    if (attempt.previousToken) {
      const ended = await tx
        .update(sessions)
        .set({ endedAt: new Date() })
        .where(
          and(eq(sessions.tokenHash, hashToken(attempt.previousToken)), isNull(sessions.endedAt)),
        )
        .returning({ id: sessions.id });
      replaced = ended.map((s) => s.id);
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
  // The session this browser held before ends; so do its sockets.
  await announceSessionsEnded(ctx, replaced);
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
