import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AcceptTransferRequest,
  DecisionNoteRequest,
  IdParams,
  StartTransferRequest,
  Transfer,
  TransferDestinations,
  TransferList,
  TransferListQuery,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses, forbidden, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { FastifyRequest } from 'fastify';
import { canViewMember } from '../members/policy.ts';
import { memberHome } from '../members/service.ts';
import { canSee, visibleOrgs } from '../orgs/policy.ts';
import { listOrgs, subtreeIds } from '../orgs/service.ts';
import {
  decideTransfer,
  findTransfer,
  listTransfers,
  memberTransferHistory,
  startTransfer,
  transferDestinations,
  transferView,
  type Decision,
  type TransferRow,
} from './service.ts';
import { assertMayUseTransfers, canSeeTransfer, transferRights } from './policy.ts';

export const transferRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  /** The transfer, if the caller may see it; otherwise 404 as if it did not exist. */
  const visibleTransfer = async (request: FastifyRequest, id: string): Promise<TransferRow> => {
    const principal = principalOf(request);
    assertMayUseTransfers(principal);
    const row = await findTransfer(ctx.database.db, id);
    if (!row || !(await canSeeTransfer(ctx, principal, row))) throw notFound('Transfer');
    return row;
  };

  app.get(
    '/transfers',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['transfers'],
        summary: 'Transfers into or out of the organisations the caller sees (组织关系转接)',
        querystring: TransferListQuery,
        response: { 200: TransferList, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      assertMayUseTransfers(principal);
      const visible = await visibleOrgs(ctx, principal);
      const { orgId } = request.query;
      if (orgId && !canSee(visible, orgId)) throw notFound('Organisation');
      const scope = orgId
        ? await subtreeIds(ctx.database.db, [orgId])
        : visible === 'all'
          ? (await listOrgs(ctx, 'all')).map((o) => o.id)
          : visible;
      return listTransfers(ctx, scope, request.query, await transferRights(ctx, principal));
    },
  );

  app.get(
    '/transfers/destinations',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['transfers'],
        summary: 'Branches a member can be transferred to (for roster officers)',
        response: { 200: TransferDestinations, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await transferRights(ctx, principalOf(request));
      if (rights.rosterScope.length === 0) throw forbidden('Only roster officers start transfers');
      return transferDestinations(ctx);
    },
  );

  app.get(
    '/transfers/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['transfers'],
        summary: 'One transfer',
        params: IdParams,
        response: { 200: Transfer, ...errorResponses },
      },
    },
    async (request) => {
      const row = await visibleTransfer(request, request.params.id);
      return transferView(ctx, row.id, await transferRights(ctx, principalOf(request)));
    },
  );

  app.get(
    '/members/:id/transfers',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['transfers'],
        summary: 'A member’s transfer history',
        params: IdParams,
        response: { 200: Type.Array(Transfer), ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (!(await canViewMember(ctx, principal, request.params.id))) throw notFound('Member');
      return memberTransferHistory(ctx, request.params.id, await transferRights(ctx, principal));
    },
  );

  app.post(
    '/members/:id/transfers',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['transfers'],
        summary: 'Start a transfer out of the member’s branch (its roster officers or higher)',
        params: IdParams,
        body: StartTransferRequest,
        response: { 201: Transfer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { id } = request.params;
      if (!(await canViewMember(ctx, principal, id))) throw notFound('Member');
      const home = await memberHome(ctx.database.db, id);
      const rights = await transferRights(ctx, principal);
      if (!home || !rights.rosterScope.includes(home.branchId)) {
        throw forbidden('Only the sending branch’s secretary or organisation officer may start it');
      }
      const transferId = await startTransfer(ctx, actorOf(request), id, request.body);
      return reply.status(201).send(await transferView(ctx, transferId, rights));
    },
  );

  const decide = (
    verb: 'accept' | 'reject' | 'cancel',
    summary: string,
    body: typeof AcceptTransferRequest | typeof DecisionNoteRequest,
    toDecision: (body: unknown) => Decision,
  ) =>
    app.post(
      `/transfers/:id/${verb}`,
      {
        config: { access: access.signedIn },
        schema: {
          tags: ['transfers'],
          summary,
          params: IdParams,
          body,
          response: { 200: Transfer, ...errorResponses },
        },
      },
      async (request) => {
        const row = await visibleTransfer(request, request.params.id);
        const rights = await transferRights(ctx, principalOf(request));
        const side = verb === 'cancel' ? row.fromBranchId : row.toBranchId;
        if (!rights.rosterScope.includes(side)) {
          throw forbidden(
            verb === 'cancel'
              ? 'Only the sending branch’s officers may cancel'
              : 'Only the receiving branch’s officers may decide',
          );
        }
        await decideTransfer(ctx, actorOf(request), row.id, toDecision(request.body));
        return transferView(ctx, row.id, rights);
      },
    );

  decide(
    'accept',
    'Accept a transfer: the member moves to the receiving branch',
    AcceptTransferRequest,
    (b) => ({ kind: 'accept', groupId: (b as AcceptTransferRequest).groupId ?? null }),
  );
  decide('reject', 'Reject a transfer, with the reason', DecisionNoteRequest, (b) => ({
    kind: 'reject',
    note: (b as DecisionNoteRequest).reason,
  }));
  decide('cancel', 'Withdraw a pending transfer (the sending side)', DecisionNoteRequest, (b) => ({
    kind: 'cancel',
    note: (b as DecisionNoteRequest).reason,
  }));
};
