import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Me, Ok, PreferencesUpdate, SignInRequest } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import { clearSessionCookie, setSessionCookie } from '../../platform/http/session-cookie.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { getMe, signIn, signOut, updatePreferences } from './service.ts';

export const identityRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.post(
    '/auth/sign-in',
    {
      config: { access: access.public, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with username and password; sets the session cookie',
        body: SignInRequest,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { token, me, expiresAt } = await signIn(ctx, {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(request, reply, token, expiresAt);
      return me;
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        summary: 'End the current session on the server',
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request, reply) => {
      await signOut(ctx, actorOf(request), principalOf(request).sessionId);
      clearSessionCookie(request, reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        summary: 'The signed-in account',
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) => getMe(ctx, principalOf(request).userId),
  );

  app.patch(
    '/me/preferences',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        summary: 'Remember the interface language for this account',
        body: PreferencesUpdate,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) =>
      updatePreferences(ctx, principalOf(request).userId, request.body, actorOf(request)),
  );
};
