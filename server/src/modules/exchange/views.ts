import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  REACTION_EMOJI,
  type Message,
  type MessageQuote,
  type Reaction,
  type ReactionEmoji,
  type SpaceEventBody,
  type Topic,
  type TopicTag,
} from '@tongxin/contract';
import type { Queryable } from '../../platform/db/types.ts';
import {
  exchangeMessages,
  exchangeReactions,
  exchangeSpaces,
  exchangeTags,
  exchangeTopics,
} from './schema.ts';
import type { SpaceRow } from './policy.ts';

/*
 * Shaping rows into what every reader of a space sees. Nothing here depends on who asks:
 * the same objects go into the response and into each reader's event payload.
 */

export type MessageRow = typeof exchangeMessages.$inferSelect;
export type TopicRow = typeof exchangeTopics.$inferSelect;

const EXCERPT_CHARS = 80;

export function excerptOf(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

export async function findSpace(db: Queryable, id: string): Promise<SpaceRow | null> {
  const [row] = await db.select().from(exchangeSpaces).where(eq(exchangeSpaces.id, id)).limit(1);
  return row ?? null;
}

/** The topic and its space in one round trip (the posting path reads both for every message). */
export async function findTopicAndSpace(
  db: Queryable,
  id: string,
): Promise<{ topic: TopicRow; space: SpaceRow } | null> {
  const [row] = await db
    .select({ topic: exchangeTopics, space: exchangeSpaces })
    .from(exchangeTopics)
    .innerJoin(exchangeSpaces, eq(exchangeSpaces.id, exchangeTopics.spaceId))
    .where(eq(exchangeTopics.id, id))
    .limit(1);
  return row ?? null;
}

export async function findTopic(db: Queryable, id: string): Promise<TopicRow | null> {
  const [row] = await db.select().from(exchangeTopics).where(eq(exchangeTopics.id, id)).limit(1);
  return row ?? null;
}

export async function findMessage(db: Queryable, id: number): Promise<MessageRow | null> {
  const [row] = await db
    .select()
    .from(exchangeMessages)
    .where(eq(exchangeMessages.id, id))
    .limit(1);
  return row ?? null;
}

export const spaceEventBody = (s: SpaceRow): SpaceEventBody => ({
  id: s.id,
  kind: s.kind,
  name: s.name,
  description: s.description,
  orgId: s.orgId,
});

export async function tagsById(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, TopicTag>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(exchangeTags)
    .where(inArray(exchangeTags.id, [...new Set(ids)]));
  return new Map(rows.map((t) => [t.id, { id: t.id, name: t.name, builtIn: t.builtIn }]));
}

export async function topicViews(db: Queryable, rows: readonly TopicRow[]): Promise<Topic[]> {
  const tags = await tagsById(
    db,
    rows.flatMap((r) => r.tagIds),
  );
  return rows.map((r) => ({
    id: r.id,
    spaceId: r.spaceId,
    title: r.title,
    tags: r.tagIds.flatMap((id) => {
      const tag = tags.get(id);
      return tag ? [tag] : [];
    }),
    resolved: r.resolvedAt !== null,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    messageCount: r.messageCount,
    lastMessageId: r.lastMessageId,
    lastMessageAt: r.lastMessageAt?.toISOString() ?? null,
  }));
}

export async function topicView(db: Queryable, row: TopicRow): Promise<Topic> {
  const [view] = await topicViews(db, [row]);
  if (!view) throw new Error('topic view missing');
  return view;
}

const emojiOrder = (e: string) => REACTION_EMOJI.indexOf(e as ReactionEmoji);

export async function reactionsOf(
  db: Queryable,
  messageIds: readonly number[],
): Promise<Map<number, Reaction[]>> {
  const out = new Map<number, Reaction[]>();
  if (messageIds.length === 0) return out;
  const rows = await db
    .select()
    .from(exchangeReactions)
    .where(inArray(exchangeReactions.messageId, [...messageIds]))
    .orderBy(asc(exchangeReactions.createdAt), asc(exchangeReactions.accountId));
  for (const r of rows) {
    const list = out.get(r.messageId) ?? [];
    let entry = list.find((x) => x.emoji === r.emoji);
    if (!entry) {
      entry = { emoji: r.emoji as ReactionEmoji, count: 0, accountIds: [] };
      list.push(entry);
    }
    entry.count += 1;
    entry.accountIds.push(r.accountId);
    out.set(r.messageId, list);
  }
  for (const list of out.values()) list.sort((a, b) => emojiOrder(a.emoji) - emojiOrder(b.emoji));
  return out;
}

/** Messages as readers see them: a withdrawn one without its body. */
export async function messageViews(
  db: Queryable,
  rows: readonly MessageRow[],
  options: { fresh?: boolean } = {},
): Promise<Message[]> {
  // A message inserted in this very transaction has no reactions yet: no need to ask.
  const reactions = options.fresh
    ? new Map<number, Reaction[]>()
    : await reactionsOf(
        db,
        rows.map((r) => r.id),
      );
  const quoteIds = [...new Set(rows.flatMap((r) => (r.replyToId ? [r.replyToId] : [])))];
  const quoted = new Map<number, MessageQuote>();
  if (quoteIds.length > 0) {
    const qs = await db
      .select({
        id: exchangeMessages.id,
        authorName: exchangeMessages.authorName,
        plainText: exchangeMessages.plainText,
        withdrawnAt: exchangeMessages.withdrawnAt,
      })
      .from(exchangeMessages)
      .where(inArray(exchangeMessages.id, quoteIds));
    for (const q of qs) {
      const withdrawn = q.withdrawnAt !== null;
      quoted.set(q.id, {
        id: q.id,
        authorName: q.authorName,
        excerpt: withdrawn ? '' : excerptOf(q.plainText),
        withdrawn,
      });
    }
  }
  return rows.map((r) => {
    const withdrawn = r.withdrawnAt !== null;
    return {
      id: r.id,
      topicId: r.topicId,
      spaceId: r.spaceId,
      authorId: r.authorId,
      authorName: r.authorName,
      source: withdrawn ? '' : r.source,
      html: withdrawn ? '' : r.html,
      mentions: withdrawn ? [] : r.mentions,
      mentionsAll: withdrawn ? false : r.mentionsAll,
      replyTo: r.replyToId ? (quoted.get(r.replyToId) ?? null) : null,
      reactions: reactions.get(r.id) ?? [],
      attachments: withdrawn ? [] : r.attachments,
      createdAt: r.createdAt.toISOString(),
      editedAt: r.editedAt?.toISOString() ?? null,
      withdrawn,
      withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
      withdrawnByName: r.withdrawnByName,
      pinned: r.pinnedAt !== null,
    };
  });
}

export async function messageView(
  db: Queryable,
  row: MessageRow,
  options: { fresh?: boolean } = {},
): Promise<Message> {
  const [view] = await messageViews(db, [row], options);
  if (!view) throw new Error('message view missing');
  return view;
}

/** A page of a topic's messages by id cursor, always returned oldest first. */
export async function messagePage(
  db: Queryable,
  topicId: string,
  query: { before?: number; after?: number; limit: number },
): Promise<{ items: Message[]; hasOlder: boolean; hasNewer: boolean }> {
  const { before, after, limit } = query;
  const conditions = [eq(exchangeMessages.topicId, topicId)];
  if (before !== undefined) conditions.push(sql`${exchangeMessages.id} < ${before}`);
  if (after !== undefined) conditions.push(sql`${exchangeMessages.id} > ${after}`);
  // Forward from `after`; otherwise backward from `before` (or from the newest).
  const forward = after !== undefined && before === undefined;
  const rows = await db
    .select()
    .from(exchangeMessages)
    .where(and(...conditions))
    .orderBy(forward ? asc(exchangeMessages.id) : sql`${exchangeMessages.id} desc`)
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (!forward) page.reverse();
  const items = await messageViews(db, page);
  const first = page[0];
  const last = page[page.length - 1];
  const exists = async (cond: ReturnType<typeof sql>) =>
    (
      await db
        .select({ id: exchangeMessages.id })
        .from(exchangeMessages)
        .where(and(eq(exchangeMessages.topicId, topicId), cond))
        .limit(1)
    ).length > 0;
  const hasOlder = forward
    ? first
      ? await exists(sql`${exchangeMessages.id} < ${first.id}`)
      : after !== undefined && (await exists(sql`${exchangeMessages.id} <= ${after}`))
    : more;
  const hasNewer = forward
    ? more
    : last
      ? await exists(sql`${exchangeMessages.id} > ${last.id}`)
      : before !== undefined && (await exists(sql`${exchangeMessages.id} >= ${before}`));
  return { items, hasOlder, hasNewer };
}
