import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccountList,
  AccountSummary,
  AccountUpdate,
  Ended,
  IdParams,
  Ok,
  OneTimePassword,
  PasswordRulesInfo,
  RecoveryCodes,
  SecurityPolicy,
  SessionList,
  TotpConfirm,
  TotpEnrolment,
} from '@tongxin/contract';
import type { FastifyRequest } from 'fastify';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import {
  disableAccount,
  enableAccount,
  listAccounts,
  resetPassword,
  resetSecondFactor,
  unlockAccount,
  updateAccount,
} from './accounts.ts';
import { endOtherOwnSessions, endOwnSession, listOwnSessions } from './sessions.ts';
import { beginTotpEnrolment, confirmTotpEnrolment } from './totp.ts';
import { getSecurityPolicy, updateSecurityPolicy } from './security-policy.ts';

const self = (request: FastifyRequest) => ({
  ...actorOf(request),
  userId: principalOf(request).userId,
});

/** Own sessions and second factor, the accounts list, and the security policy. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/me/sessions',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        summary: 'Your live sessions; the one making this request is marked current',
        response: { 200: SessionList, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return listOwnSessions(ctx, p.userId, p.sessionId);
    },
  );

  app.post(
    '/me/sessions/:id/end',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        summary: 'End one of your sessions',
        params: IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await endOwnSession(ctx, self(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/me/sessions/end-others',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['identity'],
        summary: 'End every session of yours except this one',
        response: { 200: Ended, ...errorResponses },
      },
    },
    async (request) => ({
      ended: await endOtherOwnSessions(ctx, self(request), principalOf(request).sessionId),
    }),
  );

  app.post(
    '/me/totp',
    {
      config: { access: access.signedInWhileGated },
      schema: {
        tags: ['identity'],
        summary: 'Start setting up an authenticator app: a new secret and its QR code',
        response: { 200: TotpEnrolment, ...errorResponses },
      },
    },
    async (request) => beginTotpEnrolment(ctx, self(request)),
  );

  app.post(
    '/me/totp/confirm',
    {
      config: {
        access: access.signedInWhileGated,
        rateLimit: { max: 10, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['identity'],
        summary: 'Confirm the authenticator with a code; answers the recovery codes, once',
        body: TotpConfirm,
        response: { 200: RecoveryCodes, ...errorResponses },
      },
    },
    async (request) => ({
      recoveryCodes: await confirmTotpEnrolment(ctx, self(request), request.body.code),
    }),
  );

  app.get(
    '/me/password-rules',
    {
      config: { access: access.signedInWhileGated },
      schema: {
        tags: ['identity'],
        summary: 'The rules a new password must meet, for explaining them before submitting',
        response: { 200: PasswordRulesInfo, ...errorResponses },
      },
    },
    async () => {
      const { minLength, minClasses, historyCount, expiryDays } = await getSecurityPolicy(
        ctx.database.db,
      );
      return { minLength, minClasses, historyCount, expiryDays };
    },
  );

  app.get(
    '/security/policy',
    {
      config: { access: access.admin('security') },
      schema: {
        tags: ['security'],
        summary: 'The password, lockout and second-factor policy',
        response: { 200: SecurityPolicy, ...errorResponses },
      },
    },
    async () => getSecurityPolicy(ctx.database.db),
  );

  app.put(
    '/security/policy',
    {
      config: { access: access.admin('security') },
      schema: {
        tags: ['security'],
        summary: 'Set the password, lockout and second-factor policy (安全管理员 only)',
        body: SecurityPolicy,
        response: { 200: SecurityPolicy, ...errorResponses },
      },
    },
    async (request) => updateSecurityPolicy(ctx, actorOf(request), request.body),
  );

  app.get(
    '/accounts',
    {
      config: { access: access.admin('system') },
      schema: {
        tags: ['accounts'],
        summary: 'Every account with its lock, disable and second-factor state',
        response: { 200: AccountList, ...errorResponses },
      },
    },
    async () => listAccounts(ctx),
  );

  app.patch(
    '/accounts/:id',
    {
      config: { access: access.admin('system') },
      schema: {
        tags: ['accounts'],
        summary: 'Set the mobile number an account can also sign in with',
        params: IdParams,
        body: AccountUpdate,
        response: { 200: AccountSummary, ...errorResponses },
      },
    },
    async (request) =>
      updateAccount(ctx, principalOf(request), actorOf(request), request.params.id, request.body),
  );

  const simple = [
    ['unlock', unlockAccount, 'Unlock an account locked by wrong passwords'],
    ['disable', disableAccount, 'Disable an account; all its sessions end'],
    ['enable', enableAccount, 'Enable a disabled account'],
    ['reset-totp', resetSecondFactor, 'Turn off a lost authenticator; the account enrols again'],
  ] as const;
  for (const [verb, action, summary] of simple) {
    app.post(
      `/accounts/:id/${verb}`,
      {
        config: { access: access.admin('system') },
        schema: {
          tags: ['accounts'],
          summary,
          params: IdParams,
          response: { 200: AccountSummary, ...errorResponses },
        },
      },
      async (request) => action(ctx, principalOf(request), actorOf(request), request.params.id),
    );
  }

  app.post(
    '/accounts/:id/reset-password',
    {
      config: { access: access.admin('system') },
      schema: {
        tags: ['accounts'],
        summary: 'Set a one-time password, shown once; it must be changed at the next sign-in',
        params: IdParams,
        response: { 200: OneTimePassword, ...errorResponses },
      },
    },
    async (request) => ({
      password: await resetPassword(ctx, principalOf(request), actorOf(request), request.params.id),
    }),
  );
};
