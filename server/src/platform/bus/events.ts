import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/types.ts';
import { queryRows } from '../db/rows.ts';
import { userEventHeads, userEvents } from './schema.ts';

/** Events are kept this long by default; a client offline longer is told to resync. */
export const EVENT_RETENTION_DAYS = 30;

/** Always a JSON object, so clients can read fields without checking the shape first. */
export type EventPayload = Record<string, unknown>;

export interface NewEvent {
  /** Dotted name, e.g. `exchange.message`; clients switch on it. */
  type: string;
  payload: EventPayload;
}

/** One stored event for one account: what is published after commit and replayed by `since`. */
export interface UserEvent {
  userId: string;
  id: number;
  type: string;
  payload: EventPayload;
  at: string;
}

/**
 * Stores one event for each recipient, inside the writer's transaction, so an acknowledged
 * write always has its events and a rolled-back one leaves neither rows nor gaps. Ids are
 * per account, gap-free and strictly increasing: the head row's lock orders concurrent
 * writers. Recipients are deduplicated and sorted so writers lock heads in one order and
 * cannot deadlock. Publish the result on the bus only after the transaction commits.
 */
export async function appendEvents(
  tx: Tx,
  recipients: readonly string[],
  event: NewEvent,
): Promise<UserEvent[]> {
  const users = [...new Set(recipients)].sort();
  if (users.length === 0) return [];
  const iso = new Date().toISOString();
  // One statement: the heads advance (PostgreSQL takes their row locks in VALUES order,
  // sorted) and each recipient's row is written from them. The payload travels once as a
  // parameter, not once per recipient: a message to a space of a thousand is one 2 kB
  // parameter rather than 2 MB of statement.
  const stored = await queryRows<{ user_id: string; id: string | number }>(
    tx,
    sql`with heads as (
          insert into user_event_heads (user_id, last_id)
          values ${sql.join(
            users.map((u) => sql`(${u}::uuid, 1)`),
            sql`, `,
          )}
          on conflict (user_id) do update set last_id = user_event_heads.last_id + 1
          returning user_id, last_id
        )
        insert into user_events (user_id, id, type, payload, at)
        select user_id, last_id, ${event.type}, ${JSON.stringify(event.payload)}::jsonb, ${iso}::timestamptz
        from heads
        returning user_id, id`,
  );
  // Every recipient's event shares one payload object: the gateway serialises it once.
  return stored.map((r) => ({
    userId: r.user_id,
    id: Number(r.id),
    type: event.type,
    payload: event.payload,
    at: iso,
  }));
}

export interface EventPage {
  items: UserEvent[];
  /** More events after the last item: ask again with `since` = its id. */
  hasMore: boolean;
  /** The account's latest event id (0 when it has none). */
  head: number;
  /**
   * Events after `since` were pruned before the client asked: it cannot catch up from the
   * feed and must reload its state, then continue from `head`.
   */
  resync: boolean;
}

/** The account's own events after `since`, oldest first; nobody else's, ever. */
export async function eventsSince(
  db: Queryable,
  userId: string,
  since: number,
  limit: number,
): Promise<EventPage> {
  const rows = await db
    .select()
    .from(userEvents)
    .where(and(eq(userEvents.userId, userId), gt(userEvents.id, since)))
    .orderBy(asc(userEvents.id))
    .limit(limit + 1);
  const [headRow] = await db
    .select({ lastId: userEventHeads.lastId })
    .from(userEventHeads)
    .where(eq(userEventHeads.userId, userId));
  const head = headRow?.lastId ?? 0;
  const items = rows.slice(0, limit).map((r) => ({
    userId: r.userId,
    id: r.id,
    type: r.type,
    payload: r.payload,
    at: r.at.toISOString(),
  }));
  const first = items[0];
  // No items: either up to date (head = since), pruned (head > since), or the client holds
  // ids this database never issued (head < since, e.g. after a restore).
  const resync = first ? first.id > since + 1 : head !== since;
  return { items, hasMore: rows.length > limit, head, resync };
}

/**
 * Deletes events stored before `before`. Heads stay, so ids are never reused; a client that
 * asks from before the cut gets `resync`. Not scheduled yet: the jobs runner will call it.
 */
export async function pruneEvents(db: Queryable, before: Date): Promise<number> {
  const deleted = await db
    .delete(userEvents)
    .where(lt(userEvents.at, before))
    .returning({ id: userEvents.id });
  return deleted.length;
}
