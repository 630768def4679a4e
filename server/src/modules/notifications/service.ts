import { and, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  isAppLink,
  type MarkNotificationsRead,
  type Notification,
  type NotificationCreatedPayload,
  type NotificationKind,
  type NotificationListQuery,
  type NotificationPage,
} from '@tongxin/contract';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { appendEvents, rewriteStoredPayloads, type UserEvent } from '../../platform/bus/events.ts';
import { users } from '../identity/schema.ts';
import { notifications } from './schema.ts';

export type { NotificationKind } from '@tongxin/contract';

/** What another module hands over: one recipient account and what to tell them. */
export interface NotificationInput {
  accountId: string;
  kind: NotificationKind;
  title: string;
  excerpt: string;
  /** A web app path starting with a single `/`: where opening the notification leads. */
  link: string;
  sourceId: string;
  actorAccountId: string | null;
}

/** Stored lengths: enough for a list line; the full text lives in the source record. */
const TITLE_MAX = 200;
const EXCERPT_MAX = 300;
/** Rows per insert statement (7 parameters each). */
const INSERT_SLICE = 1000;

const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
};

/**
 * Stores the notifications and one `notification.created` event per recipient, inside the
 * caller's transaction; returns the stored events, which the caller publishes on the bus after
 * commit. Entries with the same content share one event append (one round trip for a whole
 * notice); mixed content appends per account in id order, so head locks are always taken in
 * ascending order and cannot deadlock with another writer. Call it after any broader
 * `appendEvents` of the same transaction, for the same reason.
 *
 * A link that is not an app path is a programming error and throws: nothing is stored.
 */
export async function notify(tx: Tx, entries: readonly NotificationInput[]): Promise<UserEvent[]> {
  if (entries.length === 0) return [];
  for (const e of entries) {
    if (!isAppLink(e.link)) throw new Error(`notification link is not an app path: ${e.link}`);
  }
  const rows = entries.map((e) => ({
    accountId: e.accountId,
    kind: e.kind,
    title: clip(e.title, TITLE_MAX),
    excerpt: clip(e.excerpt, EXCERPT_MAX),
    link: e.link,
    sourceId: e.sourceId,
    actorAccountId: e.actorAccountId,
  }));
  // PostgreSQL takes at most 65,535 parameters a statement: a large organisation's notice
  // goes in slices.
  for (let i = 0; i < rows.length; i += INSERT_SLICE) {
    await tx.insert(notifications).values(rows.slice(i, i + INSERT_SLICE));
  }

  const payloadOf = (r: (typeof rows)[number]): NotificationCreatedPayload => ({
    kind: r.kind,
    title: r.title,
    excerpt: r.excerpt,
    link: r.link,
    sourceId: r.sourceId,
  });
  const groups = new Map<string, { payload: NotificationCreatedPayload; accounts: string[] }>();
  for (const r of rows) {
    const payload = payloadOf(r);
    const key = JSON.stringify(payload);
    const group = groups.get(key) ?? { payload, accounts: [] };
    group.accounts.push(r.accountId);
    groups.set(key, group);
  }
  const only = groups.size === 1 ? [...groups.values()][0] : undefined;
  if (only) {
    return appendEvents(tx, only.accounts, { type: 'notification.created', payload: only.payload });
  }
  const stored: UserEvent[] = [];
  const ordered = [...rows].sort((a, b) =>
    a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0,
  );
  for (const r of ordered) {
    stored.push(
      ...(await appendEvents(tx, [r.accountId], {
        type: 'notification.created',
        payload: payloadOf(r),
      })),
    );
  }
  return stored;
}

/** The caller's notifications, newest first, a page at a time. */
export async function listNotifications(
  db: Queryable,
  accountId: string,
  query: NotificationListQuery,
): Promise<NotificationPage> {
  const limit = query.limit ?? 30;
  const where: SQL[] = [eq(notifications.accountId, accountId)];
  if (query.unread) where.push(isNull(notifications.readAt));
  if (query.before) where.push(lt(notifications.seq, Number(query.before)));
  const rows = await db
    .select({ n: notifications, actorName: users.displayName })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorAccountId))
    .where(and(...where))
    .orderBy(desc(notifications.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const items: Notification[] = page.map(({ n, actorName }) => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    excerpt: n.excerpt,
    link: n.link,
    sourceId: n.sourceId,
    actorName: actorName ?? null,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  }));
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? String(last.n.seq) : null,
  };
}

export async function unreadCount(db: Queryable, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the listed (or all) of the account's notifications read; others' ids are ignored. */
export async function markRead(
  tx: Tx,
  accountId: string,
  which: MarkNotificationsRead,
): Promise<number> {
  const where: SQL[] = [eq(notifications.accountId, accountId), isNull(notifications.readAt)];
  if ('ids' in which) where.push(inArray(notifications.id, which.ids));
  const done = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(...where))
    .returning({ id: notifications.id });
  return done.length;
}

/**
 * Marks read whatever the account was told about one record (a notice and its reminders),
 * when the record itself is opened: reading the notice is reading its notifications.
 */
export async function markSourceRead(tx: Tx, accountId: string, sourceId: string): Promise<number> {
  const done = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.accountId, accountId),
        eq(notifications.sourceId, sourceId),
        isNull(notifications.readAt),
      ),
    )
    .returning({ id: notifications.id });
  return done.length;
}

/**
 * The mark-read action of the list: marks, then tells the account's other tabs and devices the
 * new unread count with a `notification.read` event (only when something changed).
 */
export async function markReadAndTell(
  ctx: ServiceContext,
  accountId: string,
  which: MarkNotificationsRead,
): Promise<number> {
  const { stored, unread } = await ctx.database.write(async (tx) => {
    const changed = await markRead(tx, accountId, which);
    const unread = await unreadCount(tx, accountId);
    const stored =
      changed > 0
        ? await appendEvents(tx, [accountId], { type: 'notification.read', payload: { unread } })
        : [];
    return { stored, unread };
  });
  await ctx.bus.publish(stored);
  return unread;
}

/**
 * Marks read, for every account, what they were told about a record that is gone (a withdrawn
 * notice): it should not keep the bell lit. Answers the accounts whose count changed.
 */
export async function markSourceReadForAll(tx: Tx, sourceId: string): Promise<string[]> {
  const done = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.sourceId, sourceId), isNull(notifications.readAt)))
    .returning({ accountId: notifications.accountId });
  return [...new Set(done.map((d) => d.accountId))];
}

/**
 * A record the notifications quoted was withdrawn: their excerpts are blanked (here and in the
 * notification events still in the feed) and they count as read, so neither the list nor a
 * client catching up with `since` shows the withdrawn words. Answers the accounts affected.
 */
export async function redactSource(
  tx: Tx,
  kinds: readonly NotificationKind[],
  sourceId: string,
): Promise<string[]> {
  const done = await tx
    .update(notifications)
    .set({ excerpt: '', readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.sourceId, sourceId), inArray(notifications.kind, [...kinds])))
    .returning({ accountId: notifications.accountId });
  if (done.length === 0) return [];
  const kindList = sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  await rewriteStoredPayloads(
    tx,
    sql`type = 'notification.created' and payload->>'sourceId' = ${sourceId}
        and payload->>'kind' in (${kindList})`,
    sql`jsonb_set(payload, '{excerpt}', '""'::jsonb)`,
  );
  return [...new Set(done.map((d) => d.accountId))];
}
