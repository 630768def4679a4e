import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Me,
  Ok,
  PasswordChange,
  PreferencesUpdate,
  SecondFactorRequest,
  SignInRequest,
  SignInResult,
} from '@tongxin/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { AppError, errorResponses } from '../../platform/http/errors.ts';
import {
  clearChallengeCookie,
  clearSessionCookie,
  readChallengeToken,
  readSessionToken,
  setChallengeCookie,
  setSessionCookie,
} from '../../platform/http/session-cookie.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { accountRoutes } from './account-routes.ts';
import { changeOwnPassword, getMe, signOut, updatePreferences } from './service.ts';
import { completeSecondFactor, signIn, type SignInOutcome } from './sign-in.ts';

const origin = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
  previousToken: readSessionToken(request),
});

function answer(request: FastifyRequest, reply: FastifyReply, outcome: SignInOutcome) {
  if (outcome.kind === 'second-factor') {
    setChallengeCookie(request, reply, outcome.challengeToken, outcome.expiresAt);
    return { needsSecondFactor: true as const };
  }
  return startBrowserSession(request, reply, outcome);
}

function startBrowserSession(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: SignInOutcome & { kind: 'session' },
) {
  if (readChallengeToken(request)) clearChallengeCookie(request, reply);
  setSessionCookie(request, reply, outcome.token, outcome.expiresAt);
  return outcome.me;
}

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
        summary:
          'Sign in with username or mobile number and password; sets the session cookie, or asks for the second factor',
        body: SignInRequest,
        response: { 200: SignInResult, ...errorResponses },
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        await signIn(ctx, {
          username: request.body.username,
          password: request.body.password,
          ...origin(request),
        }),
      ),
  );

  app.post(
    '/auth/second-factor',
    {
      config: { access: access.public, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Second sign-in step: an authenticator code or a recovery code',
        body: SecondFactorRequest,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request, reply) => {
      const challenge = readChallengeToken(request);
      if (!challenge) {
        throw new AppError(401, 'second_factor_expired', 'Sign in with your password again');
      }
      return startBrowserSession(
        request,
        reply,
        await completeSecondFactor(ctx, challenge, request.body.code.trim(), origin(request)),
      );
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { access: access.signedInWhileGated },
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
      config: { access: access.signedInWhileGated },
      schema: {
        tags: ['identity'],
        summary: 'The signed-in account, with what it must do first (gate)',
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) => getMe(ctx, principalOf(request).userId),
  );

  app.patch(
    '/me/preferences',
    {
      config: { access: access.signedInWhileGated },
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

  app.post(
    '/me/password',
    {
      config: { access: access.signedInWhileGated, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Change your own password; ends your other sessions',
        body: PasswordChange,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return changeOwnPassword(
        ctx,
        { ...actorOf(request), userId: principal.userId },
        principal.sessionId,
        request.body,
      );
    },
  );

  await app.register(accountRoutes, { ctx });
};
