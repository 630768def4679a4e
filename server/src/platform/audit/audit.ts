import { auditLog } from './schema.ts';
import type { Queryable } from '../db/types.ts';

/** Who did something: a signed-in account, or the operator at the command line. */
export interface Actor {
  userId: string | null;
  name: string;
  role: string;
  ip: string | null;
}

export const operatorActor = (what: string): Actor => ({
  userId: null,
  name: what,
  role: 'operator',
  ip: null,
});

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string;
  result?: 'success' | 'failure';
  details?: Record<string, unknown>;
}

/**
 * Written inside the caller's transaction: if the entry cannot be written, the action
 * it records does not happen either.
 */
export async function recordAudit(db: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: actor.userId,
    actorName: actor.name,
    actorRole: actor.role,
    action: entry.action,
    objectType: entry.objectType ?? null,
    objectId: entry.objectId ?? null,
    result: entry.result ?? 'success',
    sourceIp: actor.ip,
    details: entry.details ?? null,
  });
}
