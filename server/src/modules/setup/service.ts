import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { ADMIN_ROLES, type SetupPlan } from '@tongxin/contract';
import { setupTokens } from './schema.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/types.ts';
import { assertStrongPassword, countAccounts, createAccount } from '../identity/service.ts';
import { createRoot } from '../orgs/service.ts';

export const SETUP_TOKEN_TTL_MS = 24 * 3600_000;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function setupNeeded(ctx: ServiceContext): Promise<boolean> {
  return (await countAccounts(ctx.database.db)) === 0;
}

/**
 * Issues a one-time setup token (256 bits, valid 24 h, usable once). Only its hash is kept;
 * the caller prints the link once. Earlier unused tokens stay valid until they expire, so
 * two nodes starting together each print a link that works.
 */
export async function issueSetupToken(ctx: ServiceContext): Promise<string | null> {
  if (!(await setupNeeded(ctx))) return null;
  const token = randomBytes(32).toString('base64url');
  await ctx.database.write((tx) =>
    tx.insert(setupTokens).values({
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS),
    }),
  );
  return token;
}

export async function setupTokenValid(ctx: ServiceContext, token: string): Promise<boolean> {
  const rows = await ctx.database.db
    .select({ id: setupTokens.id })
    .from(setupTokens)
    .where(
      and(
        eq(setupTokens.tokenHash, hashToken(token)),
        isNull(setupTokens.usedAt),
        gt(setupTokens.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return rows.length > 0 && (await setupNeeded(ctx));
}

function validatePlan(plan: SetupPlan): void {
  const seen = new Map<string, string>();
  for (const role of ADMIN_ROLES) {
    const account = plan.administrators[role];
    const key = account.username.toLowerCase();
    const other = seen.get(key);
    if (other) {
      // 三员分立: three administrators are three different people, so three accounts.
      throw new AppError(
        409,
        'conflict',
        'The three administrators need three different usernames',
        {
          field: `plan.administrators.${role}.username`,
          sameAs: other,
        },
      );
    }
    seen.set(key, role);
    assertStrongPassword(account.password, account.username, { account: role });
  }
  const passwords = new Set(ADMIN_ROLES.map((r) => plan.administrators[r].password));
  if (passwords.size < ADMIN_ROLES.length) {
    throw new AppError(422, 'weak_password', 'Each administrator needs a password of their own', {
      problems: ['shared_password'],
    });
  }
}

async function createFromPlan(tx: Tx, actor: Actor, plan: SetupPlan): Promise<void> {
  await createRoot(tx, actor, plan.organisation.name.trim());
  for (const role of ADMIN_ROLES) {
    const account = plan.administrators[role];
    await createAccount(tx, actor, {
      username: account.username,
      displayName: account.displayName.trim(),
      password: account.password,
      adminRole: role,
    });
  }
  await recordAudit(tx, actor, {
    action: 'setup.complete',
    details: { organisation: plan.organisation.name },
  });
}

/** Completes first-run setup with a one-time token from the printed link. */
export async function completeSetupWithToken(
  ctx: ServiceContext,
  token: string,
  plan: SetupPlan,
  ip: string | null,
): Promise<void> {
  validatePlan(plan);
  const actor: Actor = { userId: null, name: 'setup-link', role: 'operator', ip };
  await ctx.database.write(async (tx) => {
    // Claiming the token and creating the accounts commit together: a token works once.
    const claimed = await tx
      .update(setupTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(setupTokens.tokenHash, hashToken(token)),
          isNull(setupTokens.usedAt),
          gt(setupTokens.expiresAt, new Date()),
        ),
      )
      .returning({ id: setupTokens.id });
    if (claimed.length === 0) {
      throw new AppError(403, 'setup_token_invalid', 'This setup link is invalid, used or expired');
    }
    if ((await countAccounts(tx)) > 0) throw setupDone();
    await createFromPlan(tx, actor, plan);
    // Every other outstanding link dies with setup.
    await tx.update(setupTokens).set({ usedAt: new Date() }).where(isNull(setupTokens.usedAt));
  });
}

const setupDone = () => new AppError(409, 'setup_done', 'Setup has already been completed');

/** The command-line form (`tongxin setup --from plan.json`): same rules, no token. */
export async function completeSetupFromPlan(ctx: ServiceContext, plan: SetupPlan): Promise<void> {
  validatePlan(plan);
  await ctx.database.write(async (tx) => {
    if ((await countAccounts(tx)) > 0) throw setupDone();
    await createFromPlan(tx, { userId: null, name: 'cli', role: 'operator', ip: null }, plan);
    await tx.update(setupTokens).set({ usedAt: new Date() }).where(isNull(setupTokens.usedAt));
  });
}
