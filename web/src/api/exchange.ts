import type {
  CreateSpaceRequest,
  CreateTagRequest,
  CreateTopicRequest,
  Message,
  MessageHistory,
  MessageListQuery,
  MessagePage,
  MoveTopicRequest,
  OpenDmRequest,
  PeopleList,
  PeopleQuery,
  PostMessageRequest,
  Reaction,
  ReactionEmoji,
  SpaceDetail,
  SpaceList,
  SpaceListQuery,
  SubscriptionLevel,
  Topic,
  TopicDetail,
  TopicList,
  TopicListItem,
  TopicListQuery,
  TopicTag,
  TopicTagList,
  UnreadCounts,
  UpdateTopicRequest,
} from '@tongxin/contract';
import { api, apiRequest } from './client.ts';

const id = encodeURIComponent;

export const listSpaces = (query: SpaceListQuery = {}, signal?: AbortSignal) =>
  api.get<SpaceList>('/exchange/spaces', { query: { ...query }, signal });
export const getSpace = (spaceId: string, signal?: AbortSignal) =>
  api.get<SpaceDetail>(`/exchange/spaces/${id(spaceId)}`, { signal });
export const createSpace = (body: CreateSpaceRequest) =>
  api.post<SpaceDetail>('/exchange/spaces', body);
export const openDm = (body: OpenDmRequest) => api.post<SpaceDetail>('/exchange/dms', body);
export const listPeople = (query: PeopleQuery, signal?: AbortSignal) =>
  api.get<PeopleList>('/exchange/people', { query: { ...query }, signal });
export const markAllRead = () => api.post<{ ok: true }>('/exchange/read', {});
export const markSpaceRead = (spaceId: string) =>
  api.post<{ ok: true }>(`/exchange/spaces/${id(spaceId)}/read`, {});
export const unreadCounts = (signal?: AbortSignal) =>
  api.get<UnreadCounts>('/exchange/unread', { signal });

export const listTags = (signal?: AbortSignal) =>
  api.get<TopicTagList>('/exchange/tags', { signal });
export const createTag = (body: CreateTagRequest) => api.post<TopicTag>('/exchange/tags', body);

export const listTopics = (spaceId: string, query: TopicListQuery, signal?: AbortSignal) =>
  api.get<TopicList>(`/exchange/spaces/${id(spaceId)}/topics`, { query: { ...query }, signal });
export const createTopic = (spaceId: string, body: CreateTopicRequest) =>
  api.post<{ topic: Topic; message: Message }>(`/exchange/spaces/${id(spaceId)}/topics`, body);
export const getTopic = (topicId: string, signal?: AbortSignal) =>
  api.get<TopicDetail>(`/exchange/topics/${id(topicId)}`, { signal });
export const updateTopic = (topicId: string, body: UpdateTopicRequest) =>
  api.patch<Topic>(`/exchange/topics/${id(topicId)}`, body);
export const moveTopic = (topicId: string, body: MoveTopicRequest) =>
  api.post<Topic>(`/exchange/topics/${id(topicId)}/move`, body);
export const setSubscription = (topicId: string, level: SubscriptionLevel) =>
  apiRequest<TopicListItem>('PUT', `/exchange/topics/${id(topicId)}/subscription`, {
    body: { level },
  });
export const markTopicRead = (topicId: string, upToId: number) =>
  api.post<{ ok: true }>(`/exchange/topics/${id(topicId)}/read`, { upToId });

export const listMessages = (topicId: string, query: MessageListQuery, signal?: AbortSignal) =>
  api.get<MessagePage>(`/exchange/topics/${id(topicId)}/messages`, { query: { ...query }, signal });
export const postMessage = (topicId: string, body: PostMessageRequest) =>
  api.post<Message>(`/exchange/topics/${id(topicId)}/messages`, body);
export const getMessage = (messageId: number, signal?: AbortSignal) =>
  api.get<Message>(`/exchange/messages/${messageId}`, { signal });
export const editMessage = (messageId: number, body: string) =>
  api.patch<Message>(`/exchange/messages/${messageId}`, { body });
export const withdrawMessage = (messageId: number) =>
  api.post<Message>(`/exchange/messages/${messageId}/withdraw`, {});
export const pinMessage = (messageId: number, pinned: boolean) =>
  api.post<Message>(`/exchange/messages/${messageId}/pin`, { pinned });
export const toggleReaction = (messageId: number, emoji: ReactionEmoji) =>
  api.post<{ reactions: Reaction[] }>(`/exchange/messages/${messageId}/reactions`, { emoji });
export const messageHistory = (messageId: number, signal?: AbortSignal) =>
  api.get<MessageHistory>(`/exchange/messages/${messageId}/history`, { signal });
