import { randomInt } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { AccountSummary, AccountUpdate } from '@tongxin/contract';
import { recoveryCodes, users } from './schema.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { operatorActor, recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { findUser, replacePassword } from './service.ts';
import { assertMayManage } from './policy.ts';
import type { Principal } from '../../platform/http/access.ts';
import { announceSessionsEnded, endSessionsOf } from './sessions.ts';
import { normalisePhone } from './phone.ts';
import { getSecurityPolicy } from './security-policy.ts';
import { passwordProblems } from '@tongxin/contract';

type UserRow = typeof users.$inferSelect;

function summary(row: UserRow): AccountSummary {
  const locked = row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil : null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    adminRole: row.adminRole,
    memberId: row.memberId,
    phone: row.phone,
    disabled: row.disabledAt !== null,
    lockedUntil: locked ? locked.toISOString() : null,
    failedSignIns: row.failedSignIns,
    mustChangePassword: row.mustChangePassword,
    totpEnabled: row.totpEnabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listAccounts(ctx: ServiceContext): Promise<AccountSummary[]> {
  const rows = await ctx.database.db.select().from(users).orderBy(asc(users.username));
  return rows.map(summary);
}

async function requireAccount(tx: Tx, id: string): Promise<UserRow> {
  const row = await findUser(tx, id);
  if (!row) throw notFound('Account');
  return row;
}

/** Runs one administrative change on an account in a transaction, audited, and answers the new state. */
type Change = Parameters<typeof assertMayManage>[2];

/** What a change reports: audit details, and the sessions it ended (their sockets close). */
interface ChangeOutcome {
  details?: Record<string, unknown>;
  endedSessions?: string[];
}

async function adminChange(
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
  action: Change,
  change: (tx: Tx, row: UserRow) => Promise<ChangeOutcome>,
): Promise<AccountSummary> {
  const ended = await ctx.database.write(async (tx) => {
    const row = await requireAccount(tx, id);
    assertMayManage(principal, row, action);
    const { details = {}, endedSessions = [] } = await change(tx, row);
    await recordAudit(tx, actor, {
      action: `account.${action}`,
      objectType: 'user',
      objectId: id,
      details,
    });
    return endedSessions;
  });
  await announceSessionsEnded(ctx, ended);
  const row = await findUser(ctx.database.db, id);
  if (!row) throw notFound('Account');
  return summary(row);
}

export const unlockAccount = (
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
) =>
  adminChange(ctx, principal, actor, id, 'unlock', async (tx) => {
    await tx.update(users).set({ lockedUntil: null, failedSignIns: 0 }).where(eq(users.id, id));
    return {};
  });

export const disableAccount = (
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
) =>
  adminChange(ctx, principal, actor, id, 'disable', async (tx) => {
    await tx.update(users).set({ disabledAt: new Date() }).where(eq(users.id, id));
    // A disabled account keeps no way in: every session it had ends now.
    return ended(await endSessionsOf(tx, id));
  });

export const enableAccount = (
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
) =>
  adminChange(ctx, principal, actor, id, 'enable', async (tx) => {
    await tx.update(users).set({ disabledAt: null }).where(eq(users.id, id));
    return {};
  });

export const updateAccount = (
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
  update: AccountUpdate,
) =>
  adminChange(ctx, principal, actor, id, 'update', async (tx) => {
    const phone = update.phone === null ? null : normalisePhone(update.phone);
    if (update.phone !== null && phone === null) {
      throw new AppError(400, 'invalid_phone', 'Not an 11-digit mainland mobile number', {
        field: 'body.phone',
      });
    }
    if (phone) {
      const [other] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`${users.phone} = ${phone} and ${users.id} <> ${id}`)
        .limit(1);
      if (other) throw conflict('Another account has this mobile number', { field: 'body.phone' });
    }
    await tx.update(users).set({ phone }).where(eq(users.id, id));
    return { details: { phone: phone ? `${phone.slice(0, 3)}****${phone.slice(7)}` : null } };
  });

/** Turns a lost authenticator off; the account will be asked to enrol again if it must. */
export const resetSecondFactor = (
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
) =>
  adminChange(ctx, principal, actor, id, 'reset_totp', async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(users.id, id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, id));
    return ended(await endSessionsOf(tx, id));
  });

const ended = (sessionIds: string[]): ChangeOutcome => ({
  details: { sessionsEnded: sessionIds.length },
  endedSessions: sessionIds,
});

const ONE_TIME_ALPHABETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789'];

function oneTimePassword(username: string, minLength: number): string {
  for (;;) {
    const all = ONE_TIME_ALPHABETS.join('');
    const chars = ONE_TIME_ALPHABETS.map((a) => a.charAt(randomInt(a.length)));
    while (chars.length < Math.max(12, minLength)) chars.push(all.charAt(randomInt(all.length)));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    const password = `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
    // Four classes with the dash, so it passes any policy the security admin can set.
    if (passwordProblems(password, username, { minLength, minClasses: 4 }).length === 0) {
      return password;
    }
  }
}

/**
 * Sets a random one-time password, shown once to the administrator; the account must replace
 * it at its next sign-in, and every session it had ends.
 */
export async function resetPassword(
  ctx: ServiceContext,
  principal: Principal,
  actor: Actor,
  id: string,
): Promise<string> {
  const policy = await getSecurityPolicy(ctx.database.db);
  let password = '';
  await adminChange(ctx, principal, actor, id, 'reset_password', async (tx, row) => {
    password = oneTimePassword(row.username, policy.minLength);
    await replacePassword(tx, row, password, true);
    await tx.update(users).set({ lockedUntil: null, failedSignIns: 0 }).where(eq(users.id, id));
    return ended(await endSessionsOf(tx, id));
  });
  return password;
}

/**
 * The operator's way back in for any account, administrators included (`tongxin
 * reset-account`): whoever runs commands on the server already holds the data. Unlocks and
 * enables the account, sets a one-time password, turns the authenticator off and ends every
 * session. Returns the one-time password.
 */
export async function recoverAccount(ctx: ServiceContext, username: string): Promise<string> {
  const policy = await getSecurityPolicy(ctx.database.db);
  const outcome = await ctx.database.write(async (tx) => {
    const [row] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`)
      .limit(1);
    if (!row) throw notFound('Account');
    const password = oneTimePassword(row.username, policy.minLength);
    await replacePassword(tx, row, password, true);
    await tx
      .update(users)
      .set({
        lockedUntil: null,
        failedSignIns: 0,
        disabledAt: null,
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
      })
      .where(eq(users.id, row.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, row.id));
    const ended = await endSessionsOf(tx, row.id);
    await recordAudit(tx, operatorActor('cli'), {
      action: 'account.recover',
      objectType: 'user',
      objectId: row.id,
      details: { username: row.username, sessionsEnded: ended.length },
    });
    return { password, ended };
  });
  // Reaches other nodes only when the command's bus is Redis; the gateways' periodic
  // session check closes the sockets otherwise.
  await announceSessionsEnded(ctx, outcome.ended);
  return outcome.password;
}
