import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  IdParams,
  Notice,
  NoticeCandidates,
  NoticeCandidatesQuery,
  NoticeList,
  NoticeListQuery,
  NoticePreview,
  NoticePreviewRequest,
  NoticeReminded,
  NoticeTargets,
  NoticeTracking,
  Ok,
  SendNoticeRequest,
  WithdrawNoticeRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses, forbidden, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { canTrack, noticeRights, type NoticeRights } from './policy.ts';
import {
  acknowledgeNotice,
  listNotices,
  markNoticeRead,
  noticeCandidates,
  noticeTargets,
  noticeTracking,
  noticeView,
  previewNotice,
  remindNotice,
  sendNotice,
  visibleNotice,
  withdrawNotice,
  type NoticeRow,
} from './service.ts';

export const noticeRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const { db } = ctx.database;
  const rightsOf = (request: FastifyRequest) => noticeRights(ctx, principalOf(request));
  const requireSender = async (request: FastifyRequest): Promise<NoticeRights> => {
    const rights = await rightsOf(request);
    if (rights.sendScope.length === 0) {
      throw forbidden('Only the officers of an organisation send notices');
    }
    return rights;
  };
  /** Visible and trackable by the caller: 404 when unseen, 403 for a plain recipient. */
  const tracked = async (request: FastifyRequest, id: string): Promise<NoticeRow> => {
    const rights = await rightsOf(request);
    const row = await visibleNotice(db, rights, id);
    if (!canTrack(rights, row)) throw forbidden('Only its sender and officers track a notice');
    return row;
  };

  app.get(
    '/notices',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'Notices received (inbox) or those the caller may track (sent), newest first',
        querystring: NoticeListQuery,
        response: { 200: NoticeList, ...errorResponses },
      },
    },
    async (request) => listNotices(db, await rightsOf(request), request.query),
  );

  app.get(
    '/notices/targets',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'Organisations the caller may send notices to (none for non-officers)',
        response: { 200: NoticeTargets, ...errorResponses },
      },
    },
    // Empty rather than 403: every member's screen asks, to decide whether to offer a composer.
    async (request) => noticeTargets(ctx, await rightsOf(request)),
  );

  app.get(
    '/notices/candidates',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'Members with an account under an organisation the caller may send to',
        querystring: NoticeCandidatesQuery,
        response: { 200: NoticeCandidates, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await requireSender(request);
      if (!rights.sendScope.includes(request.query.orgId)) throw notFound('Organisation');
      return noticeCandidates(db, request.query.orgId);
    },
  );

  app.post(
    '/notices/preview',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'Render a notice body as it will be shown',
        body: NoticePreviewRequest,
        response: { 200: NoticePreview, ...errorResponses },
      },
    },
    async (request) => {
      await requireSender(request);
      return { html: await previewNotice(request.body.body) };
    },
  );

  app.post(
    '/notices',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'Send a notice to an organisation (optionally its subtree) or chosen members',
        body: SendNoticeRequest,
        response: { 201: Notice, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rights = await requireSender(request);
      const principal = principalOf(request);
      if (!rights.sendScope.includes(request.body.orgId)) {
        throw forbidden('Notices go to your own organisation or those below it');
      }
      const id = await sendNotice(
        ctx,
        {
          actor: actorOf(request),
          accountId: principal.userId,
          displayName: principal.displayName,
        },
        request.body,
      );
      const row = await visibleNotice(db, rights, id);
      return reply.status(201).send(await noticeView(db, rights, row));
    },
  );

  app.get(
    '/notices/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'One notice, with the caller’s receipt (and counts for its trackers)',
        params: IdParams,
        response: { 200: Notice, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await rightsOf(request);
      return noticeView(db, rights, await visibleNotice(db, rights, request.params.id));
    },
  );

  app.post(
    '/notices/:id/read',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'A recipient opened the notice: keep the read time (the first one)',
        params: IdParams,
        response: { 200: Notice, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await rightsOf(request);
      const row = await visibleNotice(db, rights, request.params.id);
      await markNoticeRead(ctx, rights.accountId, row);
      return noticeView(db, rights, row);
    },
  );

  app.post(
    '/notices/:id/acknowledge',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: '确认收到: a recipient acknowledges a notice that asks for it',
        params: IdParams,
        response: { 200: Notice, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await rightsOf(request);
      const row = await visibleNotice(db, rights, request.params.id);
      await acknowledgeNotice(ctx, rights.accountId, row);
      return noticeView(db, rights, row);
    },
  );

  app.get(
    '/notices/:id/tracking',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'Who has and has not read or acknowledged it (sender and officers)',
        params: IdParams,
        response: { 200: NoticeTracking, ...errorResponses },
      },
    },
    async (request) => noticeTracking(db, await tracked(request, request.params.id)),
  );

  app.post(
    '/notices/:id/remind',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: '一键提醒: remind everyone who has not read (or acknowledged) it yet',
        params: IdParams,
        response: { 200: NoticeReminded, ...errorResponses },
      },
    },
    async (request) => {
      const row = await tracked(request, request.params.id);
      return { reminded: await remindNotice(ctx, actorOf(request), row.id) };
    },
  );

  app.post(
    '/notices/:id/withdraw',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['notices'],
        summary: 'Withdraw a notice (sender and officers); recipients keep only its title',
        params: IdParams,
        body: WithdrawNoticeRequest,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      const row = await tracked(request, request.params.id);
      await withdrawNotice(ctx, actorOf(request), row.id, request.body.reason);
      return { ok: true as const };
    },
  );
};
