import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Ok, SetupRequest, SetupStatus, SetupTokenCheck } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { completeSetupWithToken, setupNeeded, setupTokenValid } from './service.ts';

const limited = { max: 10, timeWindow: '1 minute' };

export const setupRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/setup/status',
    {
      config: { access: access.public },
      schema: {
        tags: ['setup'],
        summary: 'Whether first-run setup is still needed',
        response: { 200: SetupStatus },
      },
    },
    async () => ({ needed: await setupNeeded(ctx) }),
  );

  app.post(
    '/setup/verify',
    {
      config: { access: access.public, rateLimit: limited },
      schema: {
        tags: ['setup'],
        summary: 'Check a one-time setup token before showing the form',
        body: SetupTokenCheck,
        response: { 200: Type.Object({ valid: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => ({ valid: await setupTokenValid(ctx, request.body.token) }),
  );

  app.post(
    '/setup',
    {
      config: { access: access.public, rateLimit: limited },
      schema: {
        tags: ['setup'],
        summary: 'Create the root organisation and the three administrators (once)',
        body: SetupRequest,
        response: { 201: Ok, ...errorResponses },
      },
    },
    async (request, reply) => {
      await completeSetupWithToken(ctx, request.body.token, request.body.plan, request.ip);
      return reply.status(201).send({ ok: true as const });
    },
  );
};
