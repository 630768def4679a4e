import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type {
  CreateSpaceRequest,
  CreateTopicRequest,
  Message,
  MessagePage,
  MoveTopicRequest,
  OpenDmRequest,
  PostMessageRequest,
  ReactionEmoji,
  SubscriptionLevel,
  TopicDetail,
  UpdateTopicRequest,
} from '@tongxin/contract';
import {
  createSpace,
  createTag,
  createTopic,
  editMessage,
  getMessage,
  getSpace,
  getTopic,
  listMessages,
  listPeople,
  listSpaces,
  listTags,
  listTopics,
  markSpaceRead,
  markTopicRead,
  messageHistory,
  moveTopic,
  openDm,
  pinMessage,
  postMessage,
  setSubscription,
  toggleReaction,
  updateTopic,
  withdrawMessage,
} from '../../api/exchange.ts';
import { setReactions, toggleOwnReaction, upsertMessage, type MessagePages } from './cache.ts';

/** Query keys: one prefix per kind of data, so events invalidate exactly what they touch. */
export const exchangeKeys = {
  all: ['exchange'] as const,
  spaces: ['exchange', 'spaces'] as const,
  space: (spaceId: string) => ['exchange', 'space', spaceId] as const,
  topicsOf: (spaceId: string) => ['exchange', 'topics', spaceId] as const,
  topics: (spaceId: string, tagId: string | null) =>
    ['exchange', 'topics', spaceId, { tagId }] as const,
  topic: (topicId: string) => ['exchange', 'topic', topicId] as const,
  messages: (topicId: string) => ['exchange', 'messages', topicId] as const,
  tags: ['exchange', 'tags'] as const,
  history: (messageId: number) => ['exchange', 'history', messageId] as const,
  message: (messageId: number) => ['exchange', 'message', messageId] as const,
  people: (q: string) => ['exchange', 'people', q] as const,
};

/** How many messages one page of the stream holds. */
export const PAGE_SIZE = 50;

export const useSpaces = () =>
  useQuery({
    queryKey: exchangeKeys.spaces,
    queryFn: ({ signal }) => listSpaces({ includeSupervised: true }, signal),
  });

export const useSpace = (spaceId: string | undefined) =>
  useQuery({
    queryKey: exchangeKeys.space(spaceId ?? ''),
    queryFn: ({ signal }) => getSpace(spaceId ?? '', signal),
    enabled: spaceId !== undefined,
  });

export const useTopics = (spaceId: string | undefined, tagId: string | null) =>
  useQuery({
    queryKey: exchangeKeys.topics(spaceId ?? '', tagId),
    queryFn: ({ signal }) =>
      listTopics(spaceId ?? '', { limit: 200, ...(tagId ? { tagId } : {}) }, signal),
    enabled: spaceId !== undefined,
  });

export const useTopic = (topicId: string | undefined) =>
  useQuery({
    queryKey: exchangeKeys.topic(topicId ?? ''),
    queryFn: ({ signal }) => getTopic(topicId ?? '', signal),
    enabled: topicId !== undefined,
  });

export const useTags = () =>
  useQuery({ queryKey: exchangeKeys.tags, queryFn: ({ signal }) => listTags(signal) });

export const usePeople = (q: string, enabled: boolean) =>
  useQuery({
    queryKey: exchangeKeys.people(q),
    queryFn: ({ signal }) => listPeople({ q, limit: 50 }, signal),
    enabled,
  });

export const useMessageHistory = (messageId: number | null) =>
  useQuery({
    queryKey: exchangeKeys.history(messageId ?? 0),
    queryFn: ({ signal }) => messageHistory(messageId ?? 0, signal),
    enabled: messageId !== null,
  });

/** One message by id: a reply restored from a draft whose original is not loaded. */
export const useMessage = (messageId: number | null, enabled: boolean) =>
  useQuery({
    queryKey: exchangeKeys.message(messageId ?? 0),
    queryFn: ({ signal }) => getMessage(messageId ?? 0, signal),
    enabled: enabled && messageId !== null,
  });

/** Where a page of the stream starts: the latest messages, or before/after a message id. */
export type PageParam = { before: number } | { after: number } | null;

/**
 * The message stream: opens on the latest page, scrolls back page by page. Live messages
 * arrive through events (live.ts), so the stream never polls and is never stale by itself.
 */
export const useMessages = (topicId: string | undefined) =>
  useInfiniteQuery({
    queryKey: exchangeKeys.messages(topicId ?? ''),
    queryFn: ({ pageParam, signal }) =>
      listMessages(topicId ?? '', { ...(pageParam ?? {}), limit: PAGE_SIZE }, signal),
    initialPageParam: null as PageParam,
    getPreviousPageParam: (first: MessagePage): PageParam | undefined => {
      const oldest = first.items[0];
      return first.hasOlder && oldest ? { before: oldest.id } : undefined;
    },
    getNextPageParam: (last: MessagePage): PageParam | undefined => {
      const newest = last.items.at(-1);
      return last.hasNewer && newest ? { after: newest.id } : undefined;
    },
    enabled: topicId !== undefined,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

/** Puts a message the server returned into the stream at once, before its event arrives. */
export function storeMessage(client: QueryClient, message: Message): void {
  client.setQueryData<MessagePages>(exchangeKeys.messages(message.topicId), (data) =>
    data ? upsertMessage(data, message) : data,
  );
  client.setQueryData<TopicDetail>(exchangeKeys.topic(message.topicId), (detail) => {
    if (!detail) return detail;
    const others = detail.pinned.filter((m) => m.id !== message.id);
    const pinned = message.pinned && !message.withdrawn ? [...others, message] : others;
    return { ...detail, pinned: pinned.sort((a, b) => a.id - b.id) };
  });
}

export function usePostMessage(topicId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PostMessageRequest) => postMessage(topicId, body),
    onSuccess: (message) => storeMessage(client, message),
  });
}

export function useMessageActions() {
  const client = useQueryClient();
  const store = (message: Message) => storeMessage(client, message);
  return {
    edit: useMutation({
      mutationFn: ({ id, body }: { id: number; body: string }) => editMessage(id, body),
      onSuccess: (message) => {
        store(message);
        void client.invalidateQueries({ queryKey: exchangeKeys.history(message.id) });
      },
    }),
    withdraw: useMutation({ mutationFn: withdrawMessage, onSuccess: store }),
    pin: useMutation({
      mutationFn: ({ id, pinned }: { id: number; pinned: boolean }) => pinMessage(id, pinned),
      onSuccess: store,
    }),
    react: useMutation({
      mutationFn: ({ message, emoji }: { message: Message; emoji: ReactionEmoji; me: string }) =>
        toggleReaction(message.id, emoji),
      // The bar flips at once; the server's answer (and its event to everyone) settles it.
      onMutate: ({ message, emoji, me }) => {
        client.setQueryData<MessagePages>(exchangeKeys.messages(message.topicId), (data) =>
          data
            ? setReactions(data, message.id, toggleOwnReaction(message.reactions, emoji, me))
            : data,
        );
      },
      onSuccess: ({ reactions }, { message }) =>
        client.setQueryData<MessagePages>(exchangeKeys.messages(message.topicId), (data) =>
          data ? setReactions(data, message.id, reactions) : data,
        ),
      onError: (_error, { message }) => {
        client.setQueryData<MessagePages>(exchangeKeys.messages(message.topicId), (data) =>
          data ? setReactions(data, message.id, message.reactions) : data,
        );
      },
    }),
  };
}

function useInvalidateExchange() {
  const client = useQueryClient();
  return (...keys: (readonly unknown[])[]) =>
    Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useTopicActions(topicId: string, spaceId: string) {
  const invalidate = useInvalidateExchange();
  const refresh = () => invalidate(exchangeKeys.topic(topicId), exchangeKeys.topicsOf(spaceId));
  return {
    update: useMutation({
      mutationFn: (body: UpdateTopicRequest) => updateTopic(topicId, body),
      onSuccess: refresh,
    }),
    subscribe: useMutation({
      mutationFn: (level: SubscriptionLevel) => setSubscription(topicId, level),
      onSuccess: refresh,
    }),
    move: useMutation({
      mutationFn: (body: MoveTopicRequest) => moveTopic(topicId, body),
      onSuccess: (_item, body) =>
        invalidate(
          exchangeKeys.topic(topicId),
          exchangeKeys.topicsOf(spaceId),
          exchangeKeys.topicsOf(body.spaceId),
          exchangeKeys.messages(topicId),
          exchangeKeys.spaces,
        ),
    }),
  };
}

export function useCreateTopic(spaceId: string) {
  const invalidate = useInvalidateExchange();
  return useMutation({
    mutationFn: (body: CreateTopicRequest) => createTopic(spaceId, body),
    onSuccess: () => invalidate(exchangeKeys.topicsOf(spaceId), exchangeKeys.spaces),
  });
}

export function useCreateTag() {
  const invalidate = useInvalidateExchange();
  return useMutation({
    mutationFn: (name: string) => createTag({ name }),
    onSuccess: () => invalidate(exchangeKeys.tags),
  });
}

export function useCreateSpace() {
  const invalidate = useInvalidateExchange();
  return useMutation({
    mutationFn: (body: CreateSpaceRequest) => createSpace(body),
    onSuccess: () => invalidate(exchangeKeys.spaces),
  });
}

export function useOpenDm() {
  const invalidate = useInvalidateExchange();
  return useMutation({
    mutationFn: (body: OpenDmRequest) => openDm(body),
    onSuccess: () => invalidate(exchangeKeys.spaces),
  });
}

export function useMarkTopicRead(topicId: string, spaceId: string) {
  const invalidate = useInvalidateExchange();
  return useMutation({
    mutationFn: (upToId: number) => markTopicRead(topicId, upToId),
    onSuccess: () => invalidate(exchangeKeys.topicsOf(spaceId), exchangeKeys.spaces),
  });
}

export function useMarkSpaceRead(spaceId: string) {
  const invalidate = useInvalidateExchange();
  return useMutation({
    mutationFn: () => markSpaceRead(spaceId),
    onSuccess: () => invalidate(exchangeKeys.topicsOf(spaceId), exchangeKeys.spaces),
  });
}
