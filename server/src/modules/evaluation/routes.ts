import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  BallotRequest,
  CreateEvaluationRequest,
  EvaluationListQuery,
  EvaluationRound,
  EvaluationRoundList,
  EvaluationSubjects,
  EvaluationTally,
  EvaluationTargets,
  FinaliseEvaluationRequest,
  IdParams,
  MyEvaluationResults,
  MyPeerRatings,
  MySelfAssessment,
  PeerRatingsRequest,
  SelfAssessmentRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { AppError, errorResponses, forbidden } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { canManage, evaluationRights, type EvaluationRights } from './policy.ts';
import {
  castBallot,
  closeRound,
  createRound,
  evaluationTargets,
  finaliseRound,
  listRounds,
  myPeerRatings,
  myResults,
  mySelfAssessment,
  openRound,
  roundSubjects,
  roundTally,
  roundView,
  submitPeerRatings,
  submitSelfAssessment,
  visibleRound,
  type RoundRow,
} from './service.ts';

const TAGS = ['evaluation'];

export const evaluationRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const { db } = ctx.database;
  const rightsOf = (request: FastifyRequest) => evaluationRights(ctx, principalOf(request));
  /** Visible to the caller (else 404) and managed by the caller (else 403). */
  const managed = async (
    request: FastifyRequest,
    id: string,
  ): Promise<{ rights: EvaluationRights; round: RoundRow }> => {
    const rights = await rightsOf(request);
    const round = await visibleRound(db, rights, id);
    if (!canManage(rights, round)) {
      throw forbidden('Only the branch committee or a higher level holds the evaluation');
    }
    return { rights, round };
  };
  const visible = async (request: FastifyRequest, id: string) => {
    const rights = await rightsOf(request);
    return { rights, round: await visibleRound(db, rights, id) };
  };
  const view = async (request: FastifyRequest, id: string) => {
    const rights = await rightsOf(request);
    return roundView(db, rights, await visibleRound(db, rights, id));
  };

  app.get(
    '/evaluation/rounds',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: 'Evaluation rounds the caller manages or takes part in, newest year first',
        querystring: EvaluationListQuery,
        response: { 200: EvaluationRoundList, ...errorResponses },
      },
    },
    async (request) => listRounds(db, await rightsOf(request), request.query),
  );

  app.get(
    '/evaluation/targets',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: 'Branches the caller may hold an evaluation for (none for non-officers)',
        response: { 200: EvaluationTargets, ...errorResponses },
      },
    },
    async (request) => evaluationTargets(ctx, await rightsOf(request)),
  );

  app.get(
    '/evaluation/my-results',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: 'The caller’s own final grades, one per finalised round',
        response: { 200: MyEvaluationResults, ...errorResponses },
      },
    },
    async (request) => myResults(db, (await rightsOf(request)).memberId),
  );

  app.post(
    '/evaluation/rounds',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: 'Create a draft round for a branch and year',
        body: CreateEvaluationRequest,
        response: { 201: EvaluationRound, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rights = await rightsOf(request);
      if (!rights.manageScope.includes(request.body.orgId)) {
        throw forbidden('Evaluations are held by the branch committee or a higher level');
      }
      const id = await createRound(
        ctx,
        { ...actorOf(request), userId: rights.accountId },
        request.body,
      );
      return reply.status(201).send(await view(request, id));
    },
  );

  app.get(
    '/evaluation/rounds/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: 'One round: status, progress (counts only) and the caller’s part',
        params: IdParams,
        response: { 200: EvaluationRound, ...errorResponses },
      },
    },
    async (request) => view(request, request.params.id),
  );

  app.get(
    '/evaluation/rounds/:id/subjects',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: 'The members evaluated in the round, fixed when it opened',
        params: IdParams,
        response: { 200: EvaluationSubjects, ...errorResponses },
      },
    },
    async (request) => roundSubjects(db, (await visible(request, request.params.id)).round.id),
  );

  for (const [step, summary, run] of [
    ['open', 'Open the round: fix those evaluated and the roll; taking part begins', openRound],
    ['close', 'Close the round: no more self assessments, ratings or ballots', closeRound],
  ] as const) {
    app.post(
      `/evaluation/rounds/:id/${step}`,
      {
        config: { access: access.signedIn },
        schema: {
          tags: TAGS,
          summary,
          params: IdParams,
          response: { 200: EvaluationRound, ...errorResponses },
        },
      },
      async (request) => {
        const { round } = await managed(request, request.params.id);
        await run(ctx, actorOf(request), round.id);
        return view(request, round.id);
      },
    );
  }

  app.get(
    '/evaluation/rounds/:id/self',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: 'The caller’s own self assessment (null before it is written)',
        params: IdParams,
        response: { 200: MySelfAssessment, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, round } = await visible(request, request.params.id);
      return mySelfAssessment(db, round.id, rights.memberId);
    },
  );

  app.put(
    '/evaluation/rounds/:id/self',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: '自评: write or rewrite the caller’s self assessment and proposed grade',
        params: IdParams,
        body: SelfAssessmentRequest,
        response: { 200: EvaluationRound, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, round } = await visible(request, request.params.id);
      await submitSelfAssessment(ctx, actorOf(request), round.id, rights.memberId, request.body);
      return view(request, round.id);
    },
  );

  app.get(
    '/evaluation/rounds/:id/peer-ratings',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: 'The ratings the caller has given in this round',
        params: IdParams,
        response: { 200: MyPeerRatings, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, round } = await visible(request, request.params.id);
      return myPeerRatings(db, round.id, rights.memberId);
    },
  );

  app.put(
    '/evaluation/rounds/:id/peer-ratings',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: '互评: rate other members (a new rating of the same member replaces the old)',
        params: IdParams,
        body: PeerRatingsRequest,
        response: { 200: EvaluationRound, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, round } = await visible(request, request.params.id);
      await submitPeerRatings(ctx, actorOf(request), round.id, rights.memberId, request.body);
      return view(request, round.id);
    },
  );

  app.post(
    '/evaluation/rounds/:id/ballot',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary: '民主测评: cast the caller’s one anonymous ballot, grading every member evaluated',
        params: IdParams,
        body: BallotRequest,
        response: { 200: EvaluationRound, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, round } = await visible(request, request.params.id);
      await castBallot(ctx, actorOf(request), round.id, rights.memberId, request.body);
      return view(request, round.id);
    },
  );

  app.get(
    '/evaluation/rounds/:id/tally',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary:
          'The tally per member (ballots, peer ratings, self grade), once the round is closed',
        params: IdParams,
        response: { 200: EvaluationTally, ...errorResponses },
      },
    },
    async (request) => {
      const { round } = await managed(request, request.params.id);
      // Not while voting: a tally read after each ballot would give away each one.
      if (round.status !== 'closed' && round.status !== 'finalised') {
        throw new AppError(
          409,
          'evaluation_tally_not_ready',
          'The tally is shown once the round is closed',
        );
      }
      return roundTally(db, round);
    },
  );

  app.post(
    '/evaluation/rounds/:id/finalise',
    {
      config: { access: access.signedIn },
      schema: {
        tags: TAGS,
        summary:
          'Set the final grades (优秀 at most one third; 不合格 with a reason) and lock the round',
        params: IdParams,
        body: FinaliseEvaluationRequest,
        response: { 200: EvaluationRound, ...errorResponses },
      },
    },
    async (request) => {
      const { round } = await managed(request, request.params.id);
      await finaliseRound(ctx, actorOf(request), round.id, request.body);
      return view(request, round.id);
    },
  );
};
