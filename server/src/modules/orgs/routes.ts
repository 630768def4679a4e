import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateOrgRequest, IdParams, OrgDetail, OrgList, Organisation } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { createOrg, listOrgs, orgDetail } from './service.ts';
import { canSee, visibleOrgs } from './policy.ts';

export const orgRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/orgs',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary: 'Organisations the caller may see (flat; build the tree from parentId)',
        response: { 200: OrgList, ...errorResponses },
      },
    },
    async (request) => ({
      items: await listOrgs(ctx, await visibleOrgs(ctx, principalOf(request))),
    }),
  );

  app.get(
    '/orgs/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary: 'One organisation with its path and committee posts',
        params: IdParams,
        response: { 200: OrgDetail, ...errorResponses },
      },
    },
    async (request) => {
      // Not visible and not existing answer alike, so ids cannot be probed.
      if (!canSee(await visibleOrgs(ctx, principalOf(request)), request.params.id)) {
        throw notFound('Organisation');
      }
      return orgDetail(ctx, request.params.id);
    },
  );

  app.post(
    '/orgs',
    {
      config: { access: access.admin('system') },
      schema: {
        tags: ['orgs'],
        summary: 'Create a sub-organisation (system administrator)',
        body: CreateOrgRequest,
        response: { 201: Organisation, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOrg(ctx, actorOf(request), request.body)),
  );
};
