import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccountClearance,
  AccountClearanceList,
  ClearanceUpdate,
  CreateLabelRequest,
  IdParams,
  Ok,
  SecurityLabel,
  SecurityLabelList,
  UpdateLabelRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import {
  createLabel,
  deleteLabel,
  listClearances,
  listLabels,
  setClearance,
  updateLabel,
} from './service.ts';

/** 密级标识 and clearances: the 安全管理员's (三员分立). Reading the catalogue is for everyone. */
export const labelRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const securityOnly = access.admin('security');

  app.get(
    '/security/labels',
    {
      // Content screens will show a label's name and colour to whoever sees the content.
      config: { access: access.signedIn },
      schema: {
        tags: ['security'],
        summary: 'The security label catalogue, lowest level first',
        response: { 200: SecurityLabelList, ...errorResponses },
      },
    },
    async () => listLabels(ctx.database.db),
  );

  app.post(
    '/security/labels',
    {
      config: { access: securityOnly },
      schema: {
        tags: ['security'],
        summary: 'Add a security label (安全管理员 only, audited)',
        body: CreateLabelRequest,
        response: { 201: SecurityLabel, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createLabel(ctx, actorOf(request), request.body)),
  );

  app.patch(
    '/security/labels/:id',
    {
      config: { access: securityOnly },
      schema: {
        tags: ['security'],
        summary: 'Rename or recolour a security label (its level is fixed)',
        params: IdParams,
        body: UpdateLabelRequest,
        response: { 200: SecurityLabel, ...errorResponses },
      },
    },
    async (request) => updateLabel(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/security/labels/:id',
    {
      config: { access: securityOnly },
      schema: {
        tags: ['security'],
        summary: 'Remove a security label no account is cleared to',
        params: IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await deleteLabel(ctx, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/security/clearances',
    {
      config: { access: securityOnly },
      schema: {
        tags: ['security'],
        summary: 'Every account with the highest label level it may read',
        response: { 200: AccountClearanceList, ...errorResponses },
      },
    },
    async () => listClearances(ctx.database.db),
  );

  app.put(
    '/security/clearances/:id',
    {
      config: { access: securityOnly },
      schema: {
        tags: ['security'],
        summary: "Set an account's clearance to a label's level (安全管理员 only, audited)",
        params: IdParams,
        body: ClearanceUpdate,
        response: { 200: AccountClearance, ...errorResponses },
      },
    },
    async (request) => setClearance(ctx, actorOf(request), request.params.id, request.body.level),
  );
};
