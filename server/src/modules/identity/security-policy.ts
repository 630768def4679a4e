import { eq } from 'drizzle-orm';
import { DEFAULT_SECURITY_POLICY, type SecurityPolicy } from '@tongxin/contract';
import { securityPolicy } from './schema.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Database, Queryable } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { perDatabaseCache } from '../../platform/db/short-cache.ts';

/**
 * Every request checks its account's gate against the policy, so the policy is kept in memory
 * for a few seconds per database. A change made on this node is seen at once; another node
 * sees it within 5 seconds.
 */
const inForce = perDatabaseCache((database) => getSecurityPolicy(database.db), 5_000);

export const policyInForce = (database: Database): Promise<SecurityPolicy> => inForce.get(database);

/** The policy in force: the stored row, or the 等保 default before anyone has saved one. */
export async function getSecurityPolicy(db: Queryable): Promise<SecurityPolicy> {
  const [row] = await db.select().from(securityPolicy).where(eq(securityPolicy.id, 1)).limit(1);
  if (!row) return { ...DEFAULT_SECURITY_POLICY };
  return {
    minLength: row.minLength,
    minClasses: row.minClasses,
    expiryDays: row.expiryDays,
    historyCount: row.historyCount,
    lockoutThreshold: row.lockoutThreshold,
    lockoutMinutes: row.lockoutMinutes,
    totpRequiredForOfficers: row.totpRequiredForOfficers,
  };
}

export async function updateSecurityPolicy(
  ctx: ServiceContext,
  actor: Actor,
  policy: SecurityPolicy,
): Promise<SecurityPolicy> {
  await ctx.database.write(async (tx) => {
    const before = await getSecurityPolicy(tx);
    const values = { ...policy, updatedAt: new Date(), updatedBy: actor.userId };
    await tx
      .insert(securityPolicy)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: securityPolicy.id, set: values });
    await recordAudit(tx, actor, {
      action: 'security_policy.update',
      objectType: 'security_policy',
      details: { before, after: policy },
    });
  });
  inForce.drop(ctx.database);
  return policyInForce(ctx.database);
}
