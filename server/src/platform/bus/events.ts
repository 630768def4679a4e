import { and, asc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/types.ts';
import { queryRows } from '../db/rows.ts';
import { eventPayloads, userEventHeads, userEvents } from './schema.ts';

/** Events are kept this long by default; a client offline longer is told to resync. */
export const EVENT_RETENTION_DAYS = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  // The ids go into an array literal below: refuse anything but a uuid, so no id can add others.
  const odd = users.find((u) => !UUID.test(u));
  if (odd !== undefined) throw new Error(`event recipient is not an account id: ${odd}`);
  const iso = new Date().toISOString();
  // One statement: the payload is stored once, the heads advance and each recipient gets a row
  // pointing at the payload. The recipients travel as one array parameter (a literal of ids,
  // which are uuids and so need no quoting), not as a VALUES row each: a space of a thousand
  // costs one parameter to build and parse, not a thousand. `unnest` yields the sorted order,
  // in which PostgreSQL takes the heads' row locks. The payload likewise travels and is
  // stored once: a message to a space of a thousand is one 2 kB row, not 2 MB of feed.
  const stored = await queryRows<{ user_id: string; id: string | number }>(
    tx,
    sql`with body as (
          insert into event_payloads (type, payload, at)
          values (${event.type}, ${JSON.stringify(event.payload)}::jsonb, ${iso}::timestamptz)
          returning id
        ), heads as (
          insert into user_event_heads (user_id, last_id)
          select u, 1 from unnest(${`{${users.join(',')}}`}::uuid[]) as u
          on conflict (user_id) do update set last_id = user_event_heads.last_id + 1
          returning user_id, last_id
        )
        insert into user_events (user_id, id, type, payload_id, at)
        select heads.user_id, heads.last_id, ${event.type}, body.id, ${iso}::timestamptz
        from heads, body
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
    .select({
      userId: userEvents.userId,
      id: userEvents.id,
      type: userEvents.type,
      shared: eventPayloads.payload,
      own: userEvents.payload,
      at: userEvents.at,
    })
    .from(userEvents)
    .leftJoin(eventPayloads, eq(eventPayloads.id, userEvents.payloadId))
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
    payload: r.shared ?? r.own ?? {},
    at: r.at.toISOString(),
  }));
  const first = items[0];
  // No items: either up to date (head = since), pruned (head > since), or the client holds
  // ids this database never issued (head < since, e.g. after a restore).
  const resync = first ? first.id > since + 1 : head !== since;
  return { items, hasMore: rows.length > limit, head, resync };
}

/**
 * Deletes events stored before `before`, with their payloads (an event's rows and its payload
 * share one `at`). Heads stay, so ids are never reused; a client that asks from before the cut
 * gets `resync`. Not scheduled yet: the jobs runner will call it. Returns the rows deleted.
 */
export async function pruneEvents(db: Queryable, before: Date): Promise<number> {
  const deleted = await db
    .delete(userEvents)
    .where(lt(userEvents.at, before))
    .returning({ id: userEvents.id });
  await db.delete(eventPayloads).where(lt(eventPayloads.at, before));
  return deleted.length;
}

/**
 * Rewrites stored payloads in place, for writes that must take words back out of the feed
 * (a withdrawn message, a redacted notification). `where` and `payload` are SQL over the
 * columns `type`, `payload` and `at`, which both the shared payloads and the older
 * per-recipient rows have; both are rewritten. Bound `where` by `at` where possible: it is
 * indexed on both tables.
 */
export async function rewriteStoredPayloads(tx: Tx, where: SQL, payload: SQL): Promise<void> {
  await tx.execute(sql`update event_payloads set payload = ${payload} where ${where}`);
  await tx.execute(
    sql`update user_events set payload = ${payload} where payload is not null and ${where}`,
  );
}
