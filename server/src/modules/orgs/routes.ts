import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssignPostRequest,
  CreateOrgRequest,
  DissolveOrgRequest,
  EndPostRequest,
  IdParams,
  MoveOrgRequest,
  MyRoles,
  Ok,
  OrgDetail,
  OrgList,
  OrgPost,
  Organisation,
  PostParams,
  UpdateOrgRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { createOrg, listOrgs, orgDetail } from './service.ts';
import { appointPost, dissolveOrg, endPost, moveOrg, updateOrg } from './structure.ts';
import { partyScopeOf } from './scope.ts';
import {
  canManage,
  requireManagedOrg,
  requireParentAllowed,
  requireVisibleOrg,
  visibleOrgs,
} from './policy.ts';

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
        summary: 'Live organisations the caller may see (flat; build the tree from parentId)',
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
        summary: 'One organisation (live or dissolved) with its path, posts and history',
        params: IdParams,
        response: { 200: OrgDetail, ...errorResponses },
      },
    },
    async (request) => {
      // Not visible and not existing answer alike (404), so ids cannot be probed.
      const scope = await requireVisibleOrg(ctx, principalOf(request), request.params.id);
      return orgDetail(ctx, request.params.id, canManage(scope, request.params.id));
    },
  );

  app.post(
    '/orgs',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary:
          'Create a sub-organisation (system administrator, or a leader of the parent or above)',
        body: CreateOrgRequest,
        response: { 201: Organisation, ...errorResponses },
      },
    },
    async (request, reply) => {
      await requireParentAllowed(ctx, principalOf(request), request.body.parentId);
      return reply.status(201).send(await createOrg(ctx, actorOf(request), request.body));
    },
  );

  app.patch(
    '/orgs/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary: 'Rename, or record a new committee term (system administrator or a higher leader)',
        params: IdParams,
        body: UpdateOrgRequest,
        response: { 200: Organisation, ...errorResponses },
      },
    },
    async (request) => {
      await requireManagedOrg(ctx, principalOf(request), request.params.id);
      return updateOrg(ctx, actorOf(request), request.params.id, request.body);
    },
  );

  app.post(
    '/orgs/:id/move',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary: 'Move under another parent, with everything below (history kept)',
        params: IdParams,
        body: MoveOrgRequest,
        response: { 200: Organisation, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      await requireManagedOrg(ctx, principal, request.params.id);
      await requireParentAllowed(ctx, principal, request.body.parentId);
      return moveOrg(ctx, actorOf(request), request.params.id, request.body);
    },
  );

  app.post(
    '/orgs/:id/dissolve',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary: 'Dissolve an organisation without members or sub-organisations',
        params: IdParams,
        body: DissolveOrgRequest,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await requireManagedOrg(ctx, principalOf(request), request.params.id);
      await dissolveOrg(ctx, actorOf(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/orgs/:id/posts',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary: 'Appoint a member of the organisation to a committee post or as group leader',
        params: IdParams,
        body: AssignPostRequest,
        response: { 201: OrgPost, ...errorResponses },
      },
    },
    async (request, reply) => {
      await requireManagedOrg(ctx, principalOf(request), request.params.id);
      const post = await appointPost(ctx, actorOf(request), request.params.id, request.body);
      return reply.status(201).send(post);
    },
  );

  app.post(
    '/orgs/:id/posts/:postId/end',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary: 'End a current post on a date',
        params: PostParams,
        body: EndPostRequest,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await requireManagedOrg(ctx, principalOf(request), request.params.id);
      await endPost(ctx, actorOf(request), request.params.id, request.params.postId, request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/me/roles',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['orgs'],
        summary: 'The caller’s party roles (posts held, membership) and what they may manage',
        response: { 200: MyRoles, ...errorResponses },
      },
    },
    async (request) => {
      const scope = await partyScopeOf(ctx, principalOf(request));
      return {
        roles: scope.roles,
        managesAll: scope.manages === 'all',
        manages: scope.manages === 'all' ? [] : [...scope.manages],
        leads: [...scope.leads],
      };
    },
  );
};
