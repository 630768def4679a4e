import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { TotpEnrolment } from '@tongxin/contract';
import { recoveryCodes, users } from './schema.ts';
import { AppError, unauthorized } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { hashToken } from './sessions.ts';

// TOTP secrets sit behind the shared field encryption (platform/crypto), bound to their
// account: a database dump alone yields no working authenticator, and every node that shares
// the master key can check codes.
const totpSecretField = (userId: string) => ({
  table: 'users',
  column: 'totp_secret',
  rowId: userId,
});

export const sealTotpSecret = (ctx: ServiceContext, userId: string, secret: string): string =>
  ctx.crypto.encrypt(secret, totpSecretField(userId));

export const openTotpSecret = (ctx: ServiceContext, userId: string, sealed: string): string =>
  ctx.crypto.decrypt(sealed, totpSecretField(userId));

/** RFC 6238 as every authenticator app implements it: SHA-1, 6 digits, 30 seconds. */
const PERIOD = 30;
const ISSUER = '同心 Tongxin';
const RECOVERY_CODE_COUNT = 10;

const totpFor = (secret: string, label: string) =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });

type UserRow = typeof users.$inferSelect;

/**
 * The time step a code belongs to, or null. One step either side is accepted for clock drift;
 * a step at or before the last accepted one is refused, so a seen code cannot be replayed.
 */
function acceptedStep(secret: string, user: UserRow, code: string): number | null {
  const totp = totpFor(secret, user.username);
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) return null;
  const step = TOTP.counter({ period: PERIOD }) + delta;
  if (user.totpLastStep !== null && step <= user.totpLastStep) return null;
  return step;
}

/** Records the step as used, atomically: of two requests with one code, only one wins. */
async function claimStep(ctx: ServiceContext, userId: string, step: number): Promise<boolean> {
  const rows = await ctx.database.write((tx) =>
    tx
      .update(users)
      .set({ totpLastStep: step })
      .where(
        and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))),
      )
      .returning({ id: users.id }),
  );
  return rows.length > 0;
}

const normaliseRecovery = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

/** Checks an enrolled account's TOTP or recovery code; says which one worked, or null. */
export async function verifySecondFactor(
  ctx: ServiceContext,
  user: UserRow,
  code: string,
): Promise<'totp' | 'recovery_code' | null> {
  if (!user.totpSecret || !user.totpEnabledAt) return null;
  if (/^[0-9]{6}$/.test(code)) {
    const secret = openTotpSecret(ctx, user.id, user.totpSecret);
    const step = acceptedStep(secret, user, code);
    return step !== null && (await claimStep(ctx, user.id, step)) ? 'totp' : null;
  }
  const used = await ctx.database.write((tx) =>
    tx
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(recoveryCodes.userId, user.id),
          eq(recoveryCodes.codeHash, hashToken(normaliseRecovery(code))),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ id: recoveryCodes.id }),
  );
  return used.length > 0 ? 'recovery_code' : null;
}

/** The signed-in account, which must not have a working second factor yet. */
async function notYetEnrolled(ctx: ServiceContext, userId: string): Promise<UserRow> {
  const [user] = await ctx.database.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw unauthorized();
  if (user.totpEnabledAt) {
    throw new AppError(409, 'totp_already_enabled', 'A second factor is already set up');
  }
  return user;
}

/**
 * Starts (or restarts) enrolment: a fresh secret, stored sealed but not yet live. An account
 * that already has a working second factor must turn it off first, which needs a code.
 */
export async function beginTotpEnrolment(
  ctx: ServiceContext,
  actor: Actor & { userId: string },
): Promise<TotpEnrolment> {
  const user = await notYetEnrolled(ctx, actor.userId);
  const secret = new Secret({ size: 20 }).base32;
  const sealed = sealTotpSecret(ctx, user.id, secret);
  await ctx.database.write(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: sealed, totpLastStep: null })
      .where(eq(users.id, user.id));
    await recordAudit(tx, actor, {
      action: 'totp.enrol_start',
      objectType: 'user',
      objectId: user.id,
    });
  });
  const otpauthUrl = totpFor(secret, user.username).toString();
  const svg = await QRCode.toString(otpauthUrl, {
    type: 'svg',
    margin: 1,
    errorCorrectionLevel: 'M',
  });
  return {
    secret,
    otpauthUrl,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

/** Proves the authenticator works, turns the second factor on and issues recovery codes once. */
export async function confirmTotpEnrolment(
  ctx: ServiceContext,
  actor: Actor & { userId: string },
  code: string,
): Promise<string[]> {
  const user = await notYetEnrolled(ctx, actor.userId);
  if (!user.totpSecret) {
    throw new AppError(409, 'totp_not_started', 'Start setting up the authenticator first');
  }
  const secret = openTotpSecret(ctx, user.id, user.totpSecret);
  const step = acceptedStep(secret, user, code);
  if (step === null || !(await claimStep(ctx, user.id, step))) {
    throw new AppError(422, 'invalid_code', 'The code is wrong or already used', { field: 'code' });
  }
  // Ten codes of 10 hex digits in two groups: easy to read off paper, 40 bits each.
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(5).toString('hex');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await ctx.database.write(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ userId: user.id, codeHash: hashToken(normaliseRecovery(c)) })));
    await tx.update(users).set({ totpEnabledAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(tx, actor, { action: 'totp.enable', objectType: 'user', objectId: user.id });
  });
  return codes;
}

/** How many recovery codes are still unused (shown on the account screen). */
export async function recoveryCodesLeft(ctx: ServiceContext, userId: string): Promise<number> {
  const [row] = await ctx.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}
