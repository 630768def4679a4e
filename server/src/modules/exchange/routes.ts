import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  CreateSpaceRequest,
  CreateTagRequest,
  CreateSensitiveWordRequest,
  CreateTopicRequest,
  EditMessageRequest,
  IdParams,
  MarkReadRequest,
  Message,
  MessageHistory,
  MessageIdParams,
  MessageListQuery,
  MessagePage,
  MessageSearchQuery,
  MessageSearchResult,
  MoveTopicRequest,
  Ok,
  OpenDmRequest,
  PeopleList,
  PeopleQuery,
  PinRequest,
  PostMessageRequest,
  Reaction,
  ReactionRequest,
  SensitiveWord,
  SensitiveWordList,
  SpaceDetail,
  SpaceList,
  SpaceListQuery,
  SpaceMemberParams,
  SpaceMembersRequest,
  SubscriptionRequest,
  Topic,
  TopicDetail,
  TopicList,
  TopicListItem,
  TopicListQuery,
  TopicTag,
  TopicTagList,
  UnreadCounts,
  UpdateSpaceRequest,
  UpdateTopicRequest,
  WithdrawMessageRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { visibleOrgs } from '../orgs/policy.ts';
import { registerFileOwnerAccess } from '../files/service.ts';
import * as exchange from './service.ts';
import { addSensitiveWord, listSensitiveWords, removeSensitiveWord } from './sensitive.ts';

const tags = ['exchange'];

/** A message id from a path: a malformed one is simply a message that does not exist. */
function messageId(raw: string): number {
  const id = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw notFound('Message');
  return id;
}

export const exchangeRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const viewer = (request: FastifyRequest) =>
    exchange.requireViewer(ctx, principalOf(request).userId);
  const visible = (request: FastifyRequest) => visibleOrgs(ctx, principalOf(request));
  const signedIn = { access: access.signedIn };
  // Files attached to a message are readable by whoever may read the message.
  registerFileOwnerAccess(exchange.MESSAGE_FILE_OWNER, (c, accountId, ownerId) =>
    exchange.mayReadMessage(c, accountId, ownerId),
  );

  // ---- spaces ----

  app.get(
    '/exchange/spaces',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'My spaces with unread counts (org spaces are created on first use)',
        querystring: SpaceListQuery,
        response: { 200: SpaceList, ...errorResponses },
      },
    },
    async (request) => ({
      items: await exchange.listSpaces(
        ctx,
        await viewer(request),
        request.query.includeSupervised ?? false,
      ),
    }),
  );

  app.post(
    '/exchange/spaces',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Create a study group, cross-branch or announcement space (officers)',
        body: CreateSpaceRequest,
        response: { 201: SpaceDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const id = await exchange.createSpace(ctx, v, await visible(request), request.body);
      return reply.status(201).send(await exchange.spaceDetail(ctx, v, id));
    },
  );

  app.get(
    '/exchange/spaces/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'A space with its members and what the caller may do',
        params: IdParams,
        response: { 200: SpaceDetail, ...errorResponses },
      },
    },
    async (request) => exchange.spaceDetail(ctx, await viewer(request), request.params.id),
  );

  app.patch(
    '/exchange/spaces/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Rename a space or change its description',
        params: IdParams,
        body: UpdateSpaceRequest,
        response: { 200: SpaceDetail, ...errorResponses },
      },
    },
    async (request) => {
      const v = await viewer(request);
      await exchange.updateSpace(ctx, v, request.params.id, request.body);
      return exchange.spaceDetail(ctx, v, request.params.id);
    },
  );

  app.post(
    '/exchange/spaces/:id/members',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Add members to a study group, cross-branch space or group conversation',
        params: IdParams,
        body: SpaceMembersRequest,
        response: { 200: SpaceDetail, ...errorResponses },
      },
    },
    async (request) => {
      const v = await viewer(request);
      await exchange.addMembers(
        ctx,
        v,
        await visible(request),
        request.params.id,
        request.body.accountIds,
      );
      return exchange.spaceDetail(ctx, v, request.params.id);
    },
  );

  app.delete(
    '/exchange/spaces/:id/members/:accountId',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Remove a member (officers), or leave (oneself)',
        params: SpaceMemberParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await exchange.removeMember(
        ctx,
        await viewer(request),
        request.params.id,
        request.params.accountId,
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/exchange/orgs/:id/space',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'The space of an organisation (its members, or officers above reading it)',
        params: IdParams,
        response: { 200: SpaceDetail, ...errorResponses },
      },
    },
    async (request) => exchange.orgSpaceDetail(ctx, await viewer(request), request.params.id),
  );

  app.post(
    '/exchange/dms',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Open a direct conversation (one other person reuses the existing one)',
        body: OpenDmRequest,
        response: { 200: SpaceDetail, ...errorResponses },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const id = await exchange.openDm(ctx, v, await visible(request), request.body);
      return exchange.spaceDetail(ctx, v, id);
    },
  );

  app.get(
    '/exchange/people',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'People the caller can see, to start a conversation or add to a space',
        querystring: PeopleQuery,
        response: { 200: PeopleList, ...errorResponses },
      },
    },
    async (request) => {
      const v = await viewer(request);
      return exchange.people(ctx, v, await visible(request), {
        ...(request.query.q ? { q: request.query.q } : {}),
        limit: request.query.limit ?? 50,
      });
    },
  );

  // ---- tags ----

  app.get(
    '/exchange/tags',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Topic category tags',
        response: { 200: TopicTagList, ...errorResponses },
      },
    },
    async (request) => exchange.listTags(ctx, await viewer(request)),
  );

  app.post(
    '/exchange/tags',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Add a topic tag (officers)',
        body: CreateTagRequest,
        response: { 201: TopicTag, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await exchange.createTag(ctx, await viewer(request), actorOf(request), request.body.name),
        ),
  );

  // ---- topics ----

  app.get(
    '/exchange/spaces/:id/topics',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Topics of a space, most recently active first, with unread counts',
        params: IdParams,
        querystring: TopicListQuery,
        response: { 200: TopicList, ...errorResponses },
      },
    },
    async (request) =>
      exchange.listTopics(ctx, await viewer(request), request.params.id, request.query),
  );

  app.post(
    '/exchange/spaces/:id/topics',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Start a topic with its first message',
        params: IdParams,
        body: CreateTopicRequest,
        response: {
          201: Type.Object({ topic: Topic, message: Message }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await exchange.createTopic(ctx, await viewer(request), request.params.id, request.body),
        ),
  );

  app.get(
    '/exchange/topics/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'A topic with its pinned messages and what the caller may do',
        params: IdParams,
        response: { 200: TopicDetail, ...errorResponses },
      },
    },
    async (request) => exchange.topicDetail(ctx, await viewer(request), request.params.id),
  );

  app.patch(
    '/exchange/topics/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Rename, retag, resolve or reopen a topic',
        params: IdParams,
        body: UpdateTopicRequest,
        response: { 200: Topic, ...errorResponses },
      },
    },
    async (request) =>
      exchange.updateTopic(ctx, await viewer(request), request.params.id, request.body),
  );

  app.post(
    '/exchange/topics/:id/move',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Move a topic to another space (officers over both; audited)',
        params: IdParams,
        body: MoveTopicRequest,
        response: { 200: Topic, ...errorResponses },
      },
    },
    async (request) =>
      exchange.moveTopic(
        ctx,
        await viewer(request),
        actorOf(request),
        request.params.id,
        request.body,
      ),
  );

  app.put(
    '/exchange/topics/:id/subscription',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Follow, mute or reset a topic for oneself',
        params: IdParams,
        body: SubscriptionRequest,
        response: { 200: TopicListItem, ...errorResponses },
      },
    },
    async (request) =>
      exchange.setSubscription(ctx, await viewer(request), request.params.id, request.body.level),
  );

  app.post(
    '/exchange/topics/:id/read',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Mark a topic read up to a message',
        params: IdParams,
        body: MarkReadRequest,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await exchange.markTopicRead(
        ctx,
        await viewer(request),
        request.params.id,
        request.body.upToId,
      );
      return { ok: true as const };
    },
  );

  // ---- messages ----

  app.get(
    '/exchange/topics/:id/messages',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Messages of a topic by id cursor (before: scroll back; after: catch up)',
        params: IdParams,
        querystring: MessageListQuery,
        response: { 200: MessagePage, ...errorResponses },
      },
    },
    async (request) =>
      exchange.listMessages(ctx, await viewer(request), request.params.id, request.query),
  );

  app.post(
    '/exchange/topics/:id/messages',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Post a message (Markdown subset, @mentions, optional reply quote)',
        params: IdParams,
        body: PostMessageRequest,
        response: { 201: Message, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await exchange.postMessage(ctx, await viewer(request), request.params.id, request.body),
        ),
  );

  app.get(
    '/exchange/messages/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'One message',
        params: MessageIdParams,
        response: { 200: Message, ...errorResponses },
      },
    },
    async (request) =>
      exchange.getMessage(ctx, await viewer(request), messageId(request.params.id)),
  );

  app.patch(
    '/exchange/messages/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Edit one’s own message (the earlier version is kept)',
        params: MessageIdParams,
        body: EditMessageRequest,
        response: { 200: Message, ...errorResponses },
      },
    },
    async (request) =>
      exchange.editMessage(
        ctx,
        await viewer(request),
        messageId(request.params.id),
        request.body.body,
      ),
  );

  app.get(
    '/exchange/messages/:id/history',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Earlier versions of an edited message',
        params: MessageIdParams,
        response: { 200: MessageHistory, ...errorResponses },
      },
    },
    async (request) =>
      exchange.messageHistory(ctx, await viewer(request), messageId(request.params.id)),
  );

  app.post(
    '/exchange/messages/:id/withdraw',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Withdraw a message (author within the window, officers any time; audited)',
        params: MessageIdParams,
        body: WithdrawMessageRequest,
        response: { 200: Message, ...errorResponses },
      },
    },
    async (request) =>
      exchange.withdrawMessage(
        ctx,
        await viewer(request),
        actorOf(request),
        messageId(request.params.id),
        request.body.reason,
      ),
  );

  app.post(
    '/exchange/messages/:id/reactions',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Toggle one’s reaction (an emoji from the allow-list)',
        params: MessageIdParams,
        body: ReactionRequest,
        response: { 200: Type.Object({ reactions: Type.Array(Reaction) }), ...errorResponses },
      },
    },
    async (request) => ({
      reactions: await exchange.toggleReaction(
        ctx,
        await viewer(request),
        messageId(request.params.id),
        request.body.emoji,
      ),
    }),
  );

  app.post(
    '/exchange/messages/:id/pin',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Pin or unpin a message in its topic (officers; anyone in a conversation)',
        params: MessageIdParams,
        body: PinRequest,
        response: { 200: Message, ...errorResponses },
      },
    },
    async (request) =>
      exchange.pinMessage(
        ctx,
        await viewer(request),
        messageId(request.params.id),
        request.body.pinned,
      ),
  );

  // ---- sensitive words (security administrator) ----

  app.get(
    '/exchange/sensitive-words',
    {
      config: { access: access.admin('security') },
      schema: {
        tags,
        summary: 'The sensitive-word list (security administrator)',
        response: { 200: SensitiveWordList, ...errorResponses },
      },
    },
    async () => ({ items: await listSensitiveWords(ctx) }),
  );

  app.post(
    '/exchange/sensitive-words',
    {
      config: { access: access.admin('security') },
      schema: {
        tags,
        summary: 'Add a sensitive word: messages and titles containing it are refused (audited)',
        body: CreateSensitiveWordRequest,
        response: { 201: SensitiveWord, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addSensitiveWord(ctx, actorOf(request), request.body.word)),
  );

  app.delete(
    '/exchange/sensitive-words/:id',
    {
      config: { access: access.admin('security') },
      schema: {
        tags,
        summary: 'Remove a sensitive word (audited)',
        params: IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await removeSensitiveWord(ctx, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  // ---- search ----

  app.get(
    '/exchange/search',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Search messages and topic titles in the spaces the caller reads',
        querystring: MessageSearchQuery,
        response: { 200: MessageSearchResult, ...errorResponses },
      },
    },
    async (request) => exchange.searchMessages(ctx, await viewer(request), request.query),
  );

  // ---- read state ----

  app.get(
    '/exchange/unread',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Unread counts per space and in total',
        querystring: SpaceListQuery,
        response: { 200: UnreadCounts, ...errorResponses },
      },
    },
    async (request) =>
      exchange.unreadCounts(ctx, await viewer(request), request.query.includeSupervised ?? false),
  );

  app.post(
    '/exchange/spaces/:id/read',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Mark everything in a space read',
        params: IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await exchange.markSpaceRead(ctx, await viewer(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/exchange/read',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Mark everything in all my spaces read',
        querystring: SpaceListQuery,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await exchange.markAllRead(
        ctx,
        await viewer(request),
        request.query.includeSupervised ?? false,
      );
      return { ok: true as const };
    },
  );
};
