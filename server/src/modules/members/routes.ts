import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, Member, MemberList, MemberListQuery } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { principalOf } from '../../platform/http/actor.ts';
import { errorResponses, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { getMember, listMembers } from './service.ts';
import { canViewMember } from './policy.ts';
import { canViewMembersOf } from '../orgs/policy.ts';

export const memberRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/orgs/:id/members',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary: 'Members of an organisation and everything below it',
        params: IdParams,
        querystring: MemberListQuery,
        response: { 200: MemberList, ...errorResponses },
      },
    },
    async (request) => {
      if (!(await canViewMembersOf(ctx, principalOf(request), request.params.id))) {
        throw notFound('Organisation');
      }
      return listMembers(ctx, request.params.id, request.query);
    },
  );

  app.get(
    '/members/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary: 'One member',
        params: IdParams,
        response: { 200: Member, ...errorResponses },
      },
    },
    async (request) => {
      if (!(await canViewMember(ctx, principalOf(request), request.params.id)))
        throw notFound('Member');
      return getMember(ctx, request.params.id);
    },
  );
};
