import { eq, lte, sql } from 'drizzle-orm';
import { auditAnchor, auditLog } from './schema.ts';
import type { Database } from '../db/types.ts';
import { queryRows } from '../db/rows.ts';
import { AppError } from '../http/errors.ts';
import { appendAudit, type Actor } from './audit.ts';
import { AUDIT_CHAIN_LOCK } from './chain.ts';

/** 等保 2.0 (GB/T 22239-2019, level 3): audit records are kept at least six months. */
export const AUDIT_RETENTION_DAYS = 180;

export interface PruneResult {
  pruned: number;
  throughSeq: string | null;
}

/** The earliest `before` allowed now: nothing younger than the retention period goes. */
export function latestPruneDate(now = new Date()): Date {
  return new Date(now.getTime() - AUDIT_RETENTION_DAYS * 86_400_000);
}

/**
 * Removes the oldest entries written before `before`, keeping the chain verifiable: the last
 * removed entry's hash becomes the anchor the remaining chain starts from. The database
 * triggers enforce the same rules for anyone who tries this in raw SQL.
 */
export async function pruneAudit(
  database: Database,
  actor: Actor,
  before: Date,
): Promise<PruneResult> {
  if (!(before.getTime() <= latestPruneDate().getTime())) {
    throw new AppError(
      422,
      'retention_period',
      `Audit entries are kept for ${AUDIT_RETENTION_DAYS} days: prune only before ${latestPruneDate().toISOString().slice(0, 10)} or earlier`,
      { retentionDays: AUDIT_RETENTION_DAYS },
    );
  }
  return database.write(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    // The prefix ends just before the first entry that is not old enough, so an entry
    // with an out-of-order clock cannot make the removal skip over it.
    const [bound] = await queryRows<{ seq: string | null }>(
      tx,
      sql`select max(seq)::text as seq from ${auditLog}
          where seq < coalesce((select min(seq) from ${auditLog} where at >= ${before}), 9223372036854775807)
            and at < ${before}`,
    );
    const through = bound?.seq ? BigInt(bound.seq) : null;
    let pruned = 0;
    if (through !== null) {
      const [last] = await tx
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .where(eq(auditLog.seq, through));
      const [count] = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${auditLog} where seq <= ${through}`,
      );
      pruned = count?.n ?? 0;
      await tx.insert(auditAnchor).values({
        throughSeq: through,
        hash: last?.hash ?? '',
        prunedBefore: before,
        entries: pruned,
      });
      await tx.execute(sql`select set_config('tongxin.audit_prune', 'on', true)`);
      await tx.delete(auditLog).where(lte(auditLog.seq, through));
      await tx.execute(sql`select set_config('tongxin.audit_prune', 'off', true)`);
    }
    await appendAudit(tx, actor, {
      action: 'audit.prune',
      result: 'success',
      details: { before: before.toISOString(), pruned, throughSeq: through?.toString() ?? null },
    });
    return { pruned, throughSeq: through?.toString() ?? null };
  });
}
