import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  MarkNotificationsRead,
  NotificationListQuery,
  NotificationPage,
  UnreadCount,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { principalOf } from '../../platform/http/actor.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { listNotifications, markReadAndTell, unreadCount } from './service.ts';

/** Every account has its own list; nobody reads another's, so no object-level policy. */
export const notificationRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/notifications',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notifications'],
        summary: "The caller's notifications (mentions, replies, notices), newest first",
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...errorResponses },
      },
    },
    async (request) =>
      listNotifications(ctx.database.db, principalOf(request).userId, request.query),
  );

  app.get(
    '/notifications/unread-count',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notifications'],
        summary: 'How many of the caller’s notifications are unread (the bell’s badge)',
        response: { 200: UnreadCount, ...errorResponses },
      },
    },
    async (request) => ({
      unread: await unreadCount(ctx.database.db, principalOf(request).userId),
    }),
  );

  app.post(
    '/notifications/read',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notifications'],
        summary: 'Mark the listed notifications, or all of them, read; answers the unread count',
        body: MarkNotificationsRead,
        response: { 200: UnreadCount, ...errorResponses },
      },
    },
    async (request) => ({
      unread: await markReadAndTell(ctx, principalOf(request).userId, request.body),
    }),
  );
};
