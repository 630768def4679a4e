import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import type { SessionInfo } from '@tongxin/contract';
import { sessions, users } from './schema.ts';
import { notFound } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';

export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** 256 random bits, URL-safe: the cookie value. Only its SHA-256 is stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export interface SessionOrigin {
  ip: string | null;
  userAgent: string | null;
}

export async function startSession(
  tx: Tx,
  ctx: ServiceContext,
  userId: string,
  origin: SessionOrigin,
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + ctx.config.sessionAbsoluteHours * 3600_000);
  const [row] = await tx
    .insert(sessions)
    .values({
      userId,
      tokenHash: hashToken(token),
      expiresAt,
      sourceIp: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
    })
    .returning({ id: sessions.id });
  if (!row) throw new Error('insert returned no row');
  return { token, sessionId: row.id, expiresAt };
}

/**
 * Tells every node that these sessions ended, so their open sockets close at once. Call
 * after the transaction that ended them has committed. The gateway's periodic check
 * catches any notice lost with Redis.
 */
export async function announceSessionsEnded(
  ctx: ServiceContext,
  sessionIds: readonly string[],
): Promise<void> {
  if (sessionIds.length === 0) return;
  await ctx.bus.publishSignal({ kind: 'sessions-ended', sessionIds: [...sessionIds] });
}

/**
 * Which of these sessions may still hold a socket: not ended, not expired, not idle, and
 * of an enabled account. The real-time gateway asks this periodically.
 */
export async function liveSessionIds(
  ctx: ServiceContext,
  sessionIds: readonly string[],
): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const idleCutoff = new Date(Date.now() - ctx.config.sessionIdleMinutes * 60_000);
  const rows = await ctx.database.db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        inArray(sessions.id, [...sessionIds]),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, new Date()),
        gt(sessions.lastSeenAt, idleCutoff),
        isNull(users.disabledAt),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Ends every live session of an account (disable, password reset); returns their ids. */
export async function endSessionsOf(tx: Tx, userId: string, except?: string): Promise<string[]> {
  const ended = await tx
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.endedAt),
        except ? ne(sessions.id, except) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return ended.map((s) => s.id);
}

/** The account's own live sessions, newest activity first, the caller's own marked. */
export async function listOwnSessions(
  ctx: ServiceContext,
  userId: string,
  currentSessionId: string,
): Promise<SessionInfo[]> {
  const idleCutoff = new Date(Date.now() - ctx.config.sessionIdleMinutes * 60_000);
  const rows = await ctx.database.db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, new Date()),
        gt(sessions.lastSeenAt, idleCutoff),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map((s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    sourceIp: s.sourceIp,
    userAgent: s.userAgent,
    current: s.id === currentSessionId,
  }));
}

export async function endOwnSession(
  ctx: ServiceContext,
  actor: Actor & { userId: string },
  sessionId: string,
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ endedAt: new Date() })
      .where(
        and(
          eq(sessions.id, sessionId),
          eq(sessions.userId, actor.userId),
          isNull(sessions.endedAt),
        ),
      )
      .returning({ id: sessions.id });
    // Someone else's session id answers exactly like an unknown one.
    if (ended.length === 0) throw notFound('Session');
    await recordAudit(tx, actor, {
      action: 'session.end',
      objectType: 'session',
      objectId: sessionId,
    });
  });
  await announceSessionsEnded(ctx, [sessionId]);
}

export async function endOtherOwnSessions(
  ctx: ServiceContext,
  actor: Actor & { userId: string },
  currentSessionId: string,
): Promise<number> {
  const ended = await ctx.database.write(async (tx) => {
    const ended = await endSessionsOf(tx, actor.userId, currentSessionId);
    await recordAudit(tx, actor, {
      action: 'session.end_others',
      objectType: 'user',
      objectId: actor.userId,
      details: { ended: ended.length },
    });
    return ended;
  });
  await announceSessionsEnded(ctx, ended);
  return ended.length;
}

/**
 * Removes sessions over before `before` (ended, expired or idle since then): they open nothing
 * any more, and the audit log keeps every sign-in and sign-out. Housekeeping (server/src/jobs.ts).
 */
export async function pruneSessions(ctx: ServiceContext, before: Date): Promise<number> {
  const gone = await ctx.database.write((tx) =>
    tx
      .delete(sessions)
      .where(
        or(
          lt(sessions.endedAt, before),
          lt(sessions.expiresAt, before),
          lt(sessions.lastSeenAt, before),
        ),
      )
      .returning({ id: sessions.id }),
  );
  return gone.length;
}
