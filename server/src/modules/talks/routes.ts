import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  CancelTalkRequest,
  IdParams,
  ScheduleTalkRequest,
  Talk,
  TalkBranches,
  TalkCandidates,
  TalkCorrectionRequest,
  TalkCoverage,
  TalkCoverageQuery,
  TalkList,
  TalkListQuery,
  WriteTalkRecordRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { AppError, errorResponses, forbidden } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { OrgTree, PostBook, talkRights, type TalkRights } from './policy.ts';
import {
  cancelTalk,
  confirmTalk,
  listTalks,
  readableTalk,
  requestTalkCorrection,
  scheduleTalk,
  talkBranches,
  talkCandidates,
  talkCoverage,
  viewTalk,
  writeTalkRecord,
  type TalkCaller,
} from './service.ts';

export const talkRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const { db } = ctx.database;
  /** The tree, the posts and the caller's rights, read once per request. */
  const load = async (request: FastifyRequest) => {
    const tree = await OrgTree.load(ctx);
    const book = new PostBook(db);
    const rights = await talkRights(ctx, principalOf(request), tree, book);
    return { tree, book, rights };
  };
  /** Talks are between members: administrators and accounts without a record take no part. */
  const callerOf = (request: FastifyRequest, rights: TalkRights): TalkCaller => {
    if (!rights.memberId) throw forbidden('Talks are held between party members');
    return { actor: actorOf(request), memberId: rights.memberId, accountId: rights.accountId };
  };
  const reply = async (request: FastifyRequest, id: string) => {
    const { tree, rights } = await load(request);
    const row = await readableTalk(db, rights, id);
    return viewTalk(ctx, tree, rights, actorOf(request), row);
  };

  app.get(
    '/talks',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'The caller’s talks, or (box=oversee) a branch’s talks for its higher officers',
        querystring: TalkListQuery,
        response: { 200: TalkList, ...errorResponses },
      },
    },
    async (request) => {
      const { tree, rights } = await load(request);
      return listTalks(ctx, tree, rights, request.query);
    },
  );

  app.get(
    '/talks/candidates',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'Members the caller may schedule a talk with, and the pair kind it would be',
        response: { 200: TalkCandidates, ...errorResponses },
      },
    },
    async (request) => {
      const { tree, book, rights } = await load(request);
      const caller = callerOf(request, rights);
      return talkCandidates(db, tree, book, caller.memberId);
    },
  );

  app.get(
    '/talks/branches',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'Branches whose coverage matrix the caller may see (empty for most members)',
        response: { 200: TalkBranches, ...errorResponses },
      },
    },
    async (request) => {
      const { tree, rights } = await load(request);
      return talkBranches(tree, rights);
    },
  );

  app.get(
    '/talks/coverage',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary:
          'A branch’s yearly coverage matrix: which required pairs have talked (no contents)',
        querystring: TalkCoverageQuery,
        response: { 200: TalkCoverage, ...errorResponses },
      },
    },
    async (request) => {
      const { tree, book, rights } = await load(request);
      const { branchId, year } = request.query;
      if (!rights.coverage.has(branchId) && !rights.oversee.has(branchId)) {
        throw new AppError(
          403,
          'talk_coverage_forbidden',
          'The coverage matrix is for the branch committee and the levels above it',
        );
      }
      return talkCoverage(ctx, tree, book, branchId, year);
    },
  );

  app.post(
    '/talks',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'Schedule a talk with another member; the other party is notified',
        body: ScheduleTalkRequest,
        response: { 201: Talk, ...errorResponses },
      },
    },
    async (request, res) => {
      const { tree, book, rights } = await load(request);
      const id = await scheduleTalk(ctx, tree, book, callerOf(request, rights), request.body);
      return res.status(201).send(await reply(request, id));
    },
  );

  app.get(
    '/talks/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'One talk with its topic and record (parties and higher officers; audited)',
        params: IdParams,
        response: { 200: Talk, ...errorResponses },
      },
    },
    async (request) => reply(request, request.params.id),
  );

  /** Writes act on a talk the caller may read, as one of its parties. */
  const act = async (request: FastifyRequest, id: string): Promise<TalkCaller> => {
    const { rights } = await load(request);
    await readableTalk(db, rights, id);
    return callerOf(request, rights);
  };

  app.put(
    '/talks/:id/record',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'Write the record (either party; then only its writer rewrites it)',
        params: IdParams,
        body: WriteTalkRecordRequest,
        response: { 200: Talk, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await act(request, request.params.id);
      await writeTalkRecord(ctx, caller, request.params.id, request.body.record);
      return reply(request, request.params.id);
    },
  );

  app.post(
    '/talks/:id/confirm',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'The party who did not write the record confirms it',
        params: IdParams,
        response: { 200: Talk, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await act(request, request.params.id);
      await confirmTalk(ctx, caller, request.params.id);
      return reply(request, request.params.id);
    },
  );

  app.post(
    '/talks/:id/correction',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'Ask the writer to correct the record, with a note',
        params: IdParams,
        body: TalkCorrectionRequest,
        response: { 200: Talk, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await act(request, request.params.id);
      await requestTalkCorrection(ctx, caller, request.params.id, request.body.note);
      return reply(request, request.params.id);
    },
  );

  app.post(
    '/talks/:id/cancel',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['talks'],
        summary: 'Cancel a scheduled talk (either party), with a reason',
        params: IdParams,
        body: CancelTalkRequest,
        response: { 200: Talk, ...errorResponses },
      },
    },
    async (request) => {
      const caller = await act(request, request.params.id);
      await cancelTalk(ctx, caller, request.params.id, request.body.reason);
      return reply(request, request.params.id);
    },
  );
};
