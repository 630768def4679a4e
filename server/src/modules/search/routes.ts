import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SearchQuery, SearchResult, SuggestQuery, Suggestions } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { principalOf } from '../../platform/http/actor.ts';
import { badRequest, errorResponses } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { visibleOrgs } from '../orgs/policy.ts';
import { searchViewer } from './policy.ts';
import { search, suggest } from './service.ts';

/**
 * Search is open to every signed-in account; what it finds is limited inside the query to what
 * the caller may open (./policy.ts), so the routes need no further rule.
 */
export const searchRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/search',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['search'],
        summary: 'Search messages, topics and notices the caller may open, best match first',
        querystring: SearchQuery,
        response: { 200: SearchResult, ...errorResponses },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      if (from && to && new Date(from).getTime() > new Date(to).getTime()) {
        throw badRequest('The start of the date range is after its end');
      }
      return search(ctx, await searchViewer(ctx, principalOf(request)), request.query);
    },
  );

  app.get(
    '/search/suggest',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['search'],
        summary: 'As you type: members, spaces and topics the caller can see',
        querystring: SuggestQuery,
        response: { 200: Suggestions, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return suggest(
        ctx,
        await searchViewer(ctx, principal),
        await visibleOrgs(ctx, principal),
        request.query.q,
      );
    },
  );
};
