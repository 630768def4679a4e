import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateMemberRequest,
  IdParams,
  MemberDetail,
  MemberList,
  MemberListQuery,
  RevealRequest,
  RevealResponse,
  UpdateMemberRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses, forbidden, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import {
  createMemberRecord,
  getMember,
  listMembers,
  memberHome,
  revealMember,
  updateMember,
} from './service.ts';
import { canManageMembersOf, canRevealMember, canViewMember, memberPermissions } from './policy.ts';
import { canViewMembersOf } from '../orgs/policy.ts';
import { findOrg } from '../orgs/service.ts';
import { isBranch } from '../orgs/rules.ts';

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
        description:
          'ID card numbers and phones are masked. q also matches a whole ID card number or phone.',
        params: IdParams,
        querystring: MemberListQuery,
        response: { 200: MemberList, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      if (!(await canViewMembersOf(ctx, principal, id))) throw notFound('Organisation');
      const list = await listMembers(ctx, id, request.query);
      const org = await findOrg(ctx.database.db, id);
      const mayAdd =
        org !== null && isBranch(org.kind) && (await canManageMembersOf(ctx, principal, id));
      return { ...list, mayAdd };
    },
  );

  app.get(
    '/members/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary: 'One member (personal data masked), with what the caller may do',
        params: IdParams,
        response: { 200: MemberDetail, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (!(await canViewMember(ctx, principal, request.params.id))) throw notFound('Member');
      return {
        member: await getMember(ctx, request.params.id),
        may: await memberPermissions(ctx, principal, request.params.id),
      };
    },
  );

  app.post(
    '/members',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary:
          'Add a member to a branch (its roster officers or higher, or the system administrator)',
        body: CreateMemberRequest,
        response: { 201: MemberDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!(await canManageMembersOf(ctx, principal, request.body.branchId))) {
        // A branch the caller cannot see is indistinguishable from one that does not exist.
        if (!(await canViewMembersOf(ctx, principal, request.body.branchId))) {
          throw notFound('Branch');
        }
        throw forbidden(
          'Only the branch’s secretary or organisation officer, or higher, may add members',
        );
      }
      const id = await createMemberRecord(ctx, actorOf(request), request.body);
      return reply.status(201).send({
        member: await getMember(ctx, id),
        may: await memberPermissions(ctx, principal, id),
      });
    },
  );

  app.patch(
    '/members/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary: 'Edit a member record (the branch changes only through a transfer)',
        params: IdParams,
        body: UpdateMemberRequest,
        response: { 200: MemberDetail, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      if (!(await canViewMember(ctx, principal, id))) throw notFound('Member');
      const home = await memberHome(ctx.database.db, id);
      if (!home || !(await canManageMembersOf(ctx, principal, home.branchId))) {
        throw forbidden('Only the branch’s secretary or organisation officer, or higher, may edit');
      }
      await updateMember(ctx, actorOf(request), id, request.body);
      return { member: await getMember(ctx, id), may: await memberPermissions(ctx, principal, id) };
    },
  );

  app.post(
    '/members/:id/reveal',
    {
      config: { access: access.signedIn, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['members'],
        summary: 'Show one personal field in the clear (audited)',
        description:
          'For the member themself and the roster officers of their branch and above; never for administrators.',
        params: IdParams,
        body: RevealRequest,
        response: { 200: RevealResponse, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      if (!(await canViewMember(ctx, principal, id))) throw notFound('Member');
      if (!(await canRevealMember(ctx, principal, id))) {
        throw forbidden('Your role does not need this member’s personal data');
      }
      const { field } = request.body;
      return { field, value: await revealMember(ctx, actorOf(request), id, field) };
    },
  );
};
