import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PresenceAnswer, PresenceQuery } from '@tongxin/contract';
import { access } from '../http/access.ts';
import { principalOf } from '../http/actor.ts';
import { AppError, errorResponses } from '../http/errors.ts';
import type { Gateway } from './gateway.ts';

/**
 * A WebSocket upgrade is a GET, so the app's same-origin check for writes does not see it,
 * and browsers send cookies on cross-site upgrades: without this, any page could open a
 * socket as the signed-in user (cross-site WebSocket hijacking). Browsers always send
 * Origin on upgrades; a request without one is refused too.
 */
export function checkUpgradeOrigin(request: FastifyRequest, publicUrl: string | null): void {
  const origin = request.headers.origin;
  const own = publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.host}`;
  if (origin !== own) {
    throw new AppError(
      403,
      'cross_site_request',
      'WebSocket upgrades must come from our own pages',
    );
  }
}

export const realtimeRoutes: FastifyPluginAsyncTypebox<{
  gateway: Gateway;
  publicUrl: string | null;
}> = async (app, { gateway, publicUrl }) => {
  app.get(
    '/ws',
    {
      websocket: true,
      config: { access: access.signedIn },
      // After the app's hook has resolved the session and checked the rule.
      onRequest: async (request) => checkUpgradeOrigin(request, publicUrl),
      schema: {
        tags: ['realtime'],
        summary:
          'The WebSocket: live events, resume with since, typing and presence (docs/realtime.md)',
      },
    },
    (socket, request) => {
      const { userId, sessionId } = principalOf(request);
      gateway.accept(socket, userId, sessionId);
    },
  );

  app.post(
    '/presence',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['realtime'],
        summary: 'Which of the given accounts are online (have an open socket on any node)',
        body: PresenceQuery,
        response: { 200: PresenceAnswer, ...errorResponses },
      },
    },
    async (request) => ({ online: await gateway.online([...new Set(request.body.ids)]) }),
  );
};
