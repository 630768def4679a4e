import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PermissionMatrix, PermissionsView } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { defaultMatrix, readMatrix, updateMatrix } from './service.ts';

/** 三员分立: roles and permissions belong to the 安全管理员 alone. */
export const permissionRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/security/permissions',
    {
      config: { access: access.admin('security') },
      schema: {
        tags: ['security'],
        summary: 'Which party posts carry each capability, and the defaults',
        response: { 200: PermissionsView, ...errorResponses },
      },
    },
    async () => ({ matrix: await readMatrix(ctx.database.db), defaults: defaultMatrix() }),
  );

  app.put(
    '/security/permissions',
    {
      config: { access: access.admin('security') },
      schema: {
        tags: ['security'],
        summary: 'Set which party posts carry each capability (安全管理员 only, audited)',
        description: 'Send the whole matrix; sending the defaults resets it.',
        body: PermissionMatrix,
        response: { 200: PermissionsView, ...errorResponses },
      },
    },
    async (request) => ({
      matrix: await updateMatrix(ctx, actorOf(request), request.body),
      defaults: defaultMatrix(),
    }),
  );
};
