/**
 * How exchange events change what the screens already hold. Pure functions over the shapes the
 * API returns, so they are tested without a browser; `live.ts` applies them to the query caches.
 * Every function returns the same object when nothing changed, so React does not re-render.
 */
import type {
  Message,
  MessagePage,
  Reaction,
  SpaceList,
  Topic,
  TopicDetail,
  TopicList,
} from '@tongxin/contract';

/** The message stream's cache: TanStack's infinite-query data, pages oldest first. */
export interface MessagePages {
  pages: MessagePage[];
  pageParams: unknown[];
}

function mapMessages(data: MessagePages, change: (m: Message) => Message): MessagePages {
  let changed = false;
  const pages = data.pages.map((page) => {
    let pageChanged = false;
    const items = page.items.map((m) => {
      const next = change(m);
      if (next !== m) pageChanged = true;
      return next;
    });
    if (!pageChanged) return page;
    changed = true;
    return { ...page, items };
  });
  return changed ? { ...data, pages } : data;
}

/**
 * A new or changed message. A known id is replaced in place (edits, withdrawals, pins); a new
 * one is appended to the newest page, but only when that page reaches the present: a stream
 * scrolled into the past with newer pages unloaded catches up when it gets there.
 */
export function upsertMessage(data: MessagePages, message: Message): MessagePages {
  const known = data.pages.some((page) => page.items.some((m) => m.id === message.id));
  if (known) return mapMessages(data, (m) => (m.id === message.id ? message : m));
  const last = data.pages.at(-1);
  if (!last || last.hasNewer) return data;
  // Ids increase in posting order; an event may overtake the response of a later request.
  const items = [...last.items, message].sort((a, b) => a.id - b.id);
  return { ...data, pages: [...data.pages.slice(0, -1), { ...last, items }] };
}

export function setReactions(
  data: MessagePages,
  messageId: number,
  reactions: Reaction[],
): MessagePages {
  return mapMessages(data, (m) => (m.id === messageId ? { ...m, reactions } : m));
}

/** All loaded messages, oldest first, without duplicates (pages may overlap after a refetch). */
export function flattenMessages(data: MessagePages | undefined): Message[] {
  if (!data) return [];
  const byId = new Map<number, Message>();
  for (const page of data.pages) for (const m of page.items) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** Flips the caller's own reaction locally, so the bar answers at once (the event confirms). */
export function toggleOwnReaction(
  reactions: readonly Reaction[],
  emoji: Reaction['emoji'],
  accountId: string,
): Reaction[] {
  const found = reactions.find((r) => r.emoji === emoji);
  if (!found) return [...reactions, { emoji, count: 1, accountIds: [accountId] }];
  if (found.accountIds.includes(accountId)) {
    const accountIds = found.accountIds.filter((a) => a !== accountId);
    return accountIds.length === 0
      ? reactions.filter((r) => r !== found)
      : reactions.map((r) => (r === found ? { ...r, count: accountIds.length, accountIds } : r));
  }
  const accountIds = [...found.accountIds, accountId];
  return reactions.map((r) => (r === found ? { ...r, count: accountIds.length, accountIds } : r));
}

/** Whether a new message should count as unread for this account. */
export const countsAsUnread = (message: Message, accountId: string, viewing: boolean): boolean =>
  message.authorId !== accountId && !viewing;

export const mentionsMe = (message: Message, accountId: string): boolean =>
  message.mentionsAll || message.mentions.includes(accountId);

const byLatest = (a: TopicList['items'][number], b: TopicList['items'][number]): number =>
  (b.topic.lastMessageAt ?? b.topic.createdAt).localeCompare(
    a.topic.lastMessageAt ?? a.topic.createdAt,
  );

/**
 * A topic list after a new message: the topic's new state, its unread count bumped when the
 * message counts, and the list re-sorted latest first. A topic the list does not hold yet is
 * added (a new topic) unless the list is filtered, where it may not belong.
 */
export function topicListWithMessage(
  list: TopicList,
  topic: Topic,
  unreadDelta: number,
  filtered: boolean,
): TopicList {
  const index = list.items.findIndex((item) => item.topic.id === topic.id);
  if (index === -1) {
    if (filtered) return list;
    const item = { topic, unread: unreadDelta, subscription: 'default' as const, lastReadId: 0 };
    return { items: [item, ...list.items].sort(byLatest), total: list.total + 1 };
  }
  const items = list.items.map((item, i) =>
    i === index ? { ...item, topic, unread: item.unread + unreadDelta } : item,
  );
  return { ...list, items: items.sort(byLatest) };
}

/** A topic renamed, re-tagged or resolved: updated in place; dropped when it moved away. */
export function topicListWithTopic(list: TopicList, topic: Topic, spaceId: string): TopicList {
  const index = list.items.findIndex((item) => item.topic.id === topic.id);
  if (index === -1) return list;
  if (topic.spaceId !== spaceId) {
    return { items: list.items.filter((_, i) => i !== index), total: Math.max(0, list.total - 1) };
  }
  return { ...list, items: list.items.map((item, i) => (i === index ? { ...item, topic } : item)) };
}

export function topicListWithout(list: TopicList, topicId: string): TopicList {
  const items = list.items.filter((item) => item.topic.id !== topicId);
  return items.length === list.items.length ? list : { items, total: Math.max(0, list.total - 1) };
}

/** The caller read a topic up to a message (here or in another tab). */
export function topicListRead(list: TopicList, topicId: string, upToId: number): TopicList {
  let changed = false;
  const items = list.items.map((item) => {
    if (item.topic.id !== topicId || item.lastReadId >= upToId) return item;
    changed = true;
    const caughtUp = item.topic.lastMessageId === null || upToId >= item.topic.lastMessageId;
    return { ...item, lastReadId: upToId, unread: caughtUp ? 0 : item.unread };
  });
  return changed ? { ...list, items } : list;
}

/** The space list after a message: unread (and mention) badges, latest activity first. */
export function spaceListWithMessage(
  list: SpaceList,
  message: Message,
  unread: boolean,
  mention: boolean,
): SpaceList {
  const index = list.items.findIndex((s) => s.id === message.spaceId);
  if (index === -1) return list;
  const items = list.items.map((space, i) =>
    i === index
      ? {
          ...space,
          unread: space.unread + (unread ? 1 : 0),
          unreadMentions: space.unreadMentions + (unread && mention ? 1 : 0),
          lastMessageAt: message.createdAt,
        }
      : space,
  );
  return { items };
}

/** A topic detail (header, pinned messages) after one of its messages changed. */
export function topicDetailWithMessage(detail: TopicDetail, message: Message): TopicDetail {
  const wasPinned = detail.pinned.some((m) => m.id === message.id);
  if (!wasPinned && !message.pinned) return detail;
  const others = detail.pinned.filter((m) => m.id !== message.id);
  const pinned = message.pinned && !message.withdrawn ? [...others, message] : others;
  return { ...detail, pinned: pinned.sort((a, b) => a.id - b.id) };
}
