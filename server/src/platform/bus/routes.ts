import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EventPage, EventsQuery } from '@tongxin/contract';
import { access } from '../http/access.ts';
import { principalOf } from '../http/actor.ts';
import { errorResponses } from '../http/errors.ts';
import type { ServiceContext } from '../context.ts';
import { eventsSince } from './events.ts';

export const eventRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/events',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['events'],
        summary:
          "The caller's own events after since, oldest first: how a reconnecting client catches up",
        querystring: EventsQuery,
        response: { 200: EventPage, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = principalOf(request);
      const page = await eventsSince(
        ctx.database.db,
        userId,
        request.query.since ?? 0,
        request.query.limit ?? 200,
      );
      return {
        ...page,
        items: page.items.map(({ id, type, payload, at }) => ({ id, type, payload, at })),
      };
    },
  );
};
