import { desc, eq } from 'drizzle-orm';
import type { OrgHistoryAction, OrgHistoryEntry, Post } from '@tongxin/contract';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { orgHistory } from './schema.ts';

export interface HistoryRecord {
  orgId: string;
  action: OrgHistoryAction;
  oldValue?: string | null;
  newValue?: string | null;
  reason?: string | null;
  post?: Post;
  details?: Record<string, unknown>;
  /** When it happened, if not now: only the demo, which tells a story that began earlier. */
  at?: Date;
}

/** Appends to an organisation's history, in the transaction of the change it records. */
export async function recordHistory(tx: Tx, actor: Actor, record: HistoryRecord): Promise<void> {
  await tx.insert(orgHistory).values({
    orgId: record.orgId,
    action: record.action,
    oldValue: record.oldValue ?? null,
    newValue: record.newValue ?? null,
    reason: record.reason ?? null,
    details: { ...(record.post ? { post: record.post } : {}), ...(record.details ?? {}) },
    actorId: actor.userId,
    actorName: actor.name,
    ...(record.at ? { at: record.at } : {}),
  });
}

/** Newest first: the timeline of the organisation's detail panel. */
export async function historyOf(db: Queryable, orgId: string): Promise<OrgHistoryEntry[]> {
  const rows = await db
    .select()
    .from(orgHistory)
    .where(eq(orgHistory.orgId, orgId))
    .orderBy(desc(orgHistory.at), desc(orgHistory.id));
  return rows.map((r) => {
    const post = r.details?.post;
    return {
      id: r.id,
      action: r.action,
      oldValue: r.oldValue,
      newValue: r.newValue,
      reason: r.reason,
      post: typeof post === 'string' ? (post as Post) : null,
      actorName: r.actorName,
      at: r.at.toISOString(),
    };
  });
}
