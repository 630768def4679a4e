/**
 * Applies exchange events (WebSocket or `since` catch-up) to the query caches, so new messages,
 * edits, withdrawals and reactions appear in place and badges move without refetching.
 * Counts that an event cannot settle exactly (read markers from another tab, membership
 * changes) are refetched instead.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type {
  ExchangeEventPayloads,
  ExchangeEventType,
  SpaceDetail,
  SpaceList,
  TopicDetail,
  TopicList,
} from '@tongxin/contract';
import { EXCHANGE_EVENT_TYPES } from '@tongxin/contract';
import {
  countsAsUnread,
  mentionsMe,
  setReactions,
  spaceListWithMessage,
  topicDetailWithMessage,
  topicListWithMessage,
  topicListWithTopic,
  topicListWithout,
  upsertMessage,
  type MessagePages,
} from './cache.ts';
import { exchangeKeys } from './use-exchange.ts';
import { typingStore } from './typing.ts';

/** The topic on screen, if any: its new messages are read, not unread. */
let activeTopic: string | null = null;
export function setActiveTopic(topicId: string | null): void {
  activeTopic = topicId;
}

const isExchangeType = (type: string): type is ExchangeEventType =>
  (EXCHANGE_EVENT_TYPES as readonly string[]).includes(type);

/** Every cached topic list, with the space and tag filter its key names. */
function topicLists(client: QueryClient): { key: QueryKey; spaceId: string; filtered: boolean }[] {
  return client.getQueriesData<TopicList>({ queryKey: ['exchange', 'topics'] }).map(([key]) => {
    const filter = key[3] as { tagId: string | null } | undefined;
    return { key, spaceId: String(key[2]), filtered: (filter?.tagId ?? null) !== null };
  });
}

export function applyExchangeEvent(
  client: QueryClient,
  type: string,
  payload: Record<string, unknown>,
  me: string,
): void {
  if (!isExchangeType(type)) return;
  // The server wrote these payloads for this very type (contract/src/exchange.ts).
  switch (type) {
    case 'exchange.message.created': {
      const { message, topic } = payload as unknown as ExchangeEventPayloads[typeof type];
      typingStore.stop(message.spaceId, message.topicId, message.authorId);
      client.setQueryData<MessagePages>(exchangeKeys.messages(message.topicId), (data) =>
        data ? upsertMessage(data, message) : data,
      );
      client.setQueryData<TopicDetail>(exchangeKeys.topic(topic.id), (detail) =>
        detail ? { ...detail, item: { ...detail.item, topic } } : detail,
      );
      const viewing =
        activeTopic === message.topicId &&
        (typeof document === 'undefined' || document.visibilityState === 'visible');
      const unread = countsAsUnread(message, me, viewing);
      for (const list of topicLists(client)) {
        if (list.spaceId !== message.spaceId) continue;
        client.setQueryData<TopicList>(list.key, (data) =>
          data ? topicListWithMessage(data, topic, unread ? 1 : 0, list.filtered) : data,
        );
      }
      const spaces = client.getQueryData<SpaceList>(exchangeKeys.spaces);
      if (spaces && !spaces.items.some((s) => s.id === message.spaceId)) {
        // A conversation this account was just added to (a new DM): fetch its summary.
        void client.invalidateQueries({ queryKey: exchangeKeys.spaces });
      } else {
        client.setQueryData<SpaceList>(exchangeKeys.spaces, (data) =>
          data ? spaceListWithMessage(data, message, unread, mentionsMe(message, me)) : data,
        );
      }
      return;
    }
    case 'exchange.message.updated':
    case 'exchange.message.withdrawn': {
      const { message } = payload as unknown as ExchangeEventPayloads[typeof type];
      client.setQueryData<MessagePages>(exchangeKeys.messages(message.topicId), (data) =>
        data ? upsertMessage(data, message) : data,
      );
      client.setQueryData<TopicDetail>(exchangeKeys.topic(message.topicId), (detail) =>
        detail ? topicDetailWithMessage(detail, message) : detail,
      );
      void client.invalidateQueries({ queryKey: exchangeKeys.history(message.id) });
      return;
    }
    case 'exchange.reaction': {
      const { messageId, topicId, reactions } =
        payload as unknown as ExchangeEventPayloads[typeof type];
      client.setQueryData<MessagePages>(exchangeKeys.messages(topicId), (data) =>
        data ? setReactions(data, messageId, reactions) : data,
      );
      return;
    }
    case 'exchange.topic.updated': {
      const { topic } = payload as unknown as ExchangeEventPayloads[typeof type];
      client.setQueryData<TopicDetail>(exchangeKeys.topic(topic.id), (detail) =>
        detail ? { ...detail, item: { ...detail.item, topic } } : detail,
      );
      for (const list of topicLists(client)) {
        const data = client.getQueryData<TopicList>(list.key);
        if (!data) continue;
        const has = data.items.some((i) => i.topic.id === topic.id);
        if (has) client.setQueryData(list.key, topicListWithTopic(data, topic, list.spaceId));
        else if (list.spaceId === topic.spaceId)
          void client.invalidateQueries({ queryKey: list.key });
      }
      // A moved topic's messages now name another space.
      void client.invalidateQueries({ queryKey: exchangeKeys.messages(topic.id) });
      return;
    }
    case 'exchange.topic.removed': {
      const { topicId, spaceId } = payload as unknown as ExchangeEventPayloads[typeof type];
      for (const list of topicLists(client)) {
        client.setQueryData<TopicList>(list.key, (data) =>
          data ? topicListWithout(data, topicId) : data,
        );
      }
      client.removeQueries({ queryKey: exchangeKeys.messages(topicId) });
      void client.invalidateQueries({ queryKey: exchangeKeys.topic(topicId) });
      void client.invalidateQueries({ queryKey: exchangeKeys.spaces });
      void client.invalidateQueries({ queryKey: exchangeKeys.space(spaceId) });
      return;
    }
    case 'exchange.space.updated': {
      const { space } = payload as unknown as ExchangeEventPayloads[typeof type];
      client.setQueryData<SpaceDetail>(exchangeKeys.space(space.id), (detail) =>
        detail
          ? {
              ...detail,
              space: { ...detail.space, name: space.name, description: space.description },
            }
          : detail,
      );
      // Membership may have changed too: the summary and member list come from the server.
      void client.invalidateQueries({ queryKey: exchangeKeys.spaces });
      void client.invalidateQueries({ queryKey: exchangeKeys.space(space.id) });
      return;
    }
    case 'exchange.space.removed': {
      const { spaceId } = payload as unknown as ExchangeEventPayloads[typeof type];
      client.setQueryData<SpaceList>(exchangeKeys.spaces, (data) =>
        data ? { items: data.items.filter((s) => s.id !== spaceId) } : data,
      );
      void client.invalidateQueries({ queryKey: exchangeKeys.space(spaceId) });
      void client.invalidateQueries({ queryKey: exchangeKeys.topicsOf(spaceId) });
      return;
    }
    case 'exchange.read': {
      const { spaceId } = payload as unknown as ExchangeEventPayloads[typeof type];
      void client.invalidateQueries({ queryKey: exchangeKeys.spaces });
      void client.invalidateQueries({
        queryKey: spaceId ? exchangeKeys.topicsOf(spaceId) : ['exchange', 'topics'],
      });
      return;
    }
  }
}
