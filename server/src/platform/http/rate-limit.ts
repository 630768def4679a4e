import type { FastifyRequest } from 'fastify';

/**
 * Rate limits are per address by default (sign-in, second factor, password change: with the
 * per-account lockout, an address may not hammer anyone). Routes that only signed-in members
 * use in the course of their work count per account instead (`keyGenerator: perAccount` in
 * the route's rateLimit): a branch's members often share one office address, and one busy
 * uploader must not use up everyone's uploads.
 */
export const perAccount = (request: FastifyRequest): string =>
  request.principal ? `account:${request.principal.userId}` : request.ip;
