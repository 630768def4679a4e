import type { FastifyReply, FastifyRequest } from 'fastify';

// Over HTTPS the __Host- prefix pins the cookie to this exact origin with Secure and Path=/.
const SECURE_NAME = '__Host-tongxin_session';
const PLAIN_NAME = 'tongxin_session';

const isSecure = (request: FastifyRequest): boolean => request.protocol === 'https';

export function readSessionToken(request: FastifyRequest): string | null {
  const value = request.cookies[isSecure(request) ? SECURE_NAME : PLAIN_NAME];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expires: Date,
) {
  void reply.setCookie(isSecure(request) ? SECURE_NAME : PLAIN_NAME, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(request),
    path: '/',
    expires,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  void reply.clearCookie(isSecure(request) ? SECURE_NAME : PLAIN_NAME, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(request),
    path: '/',
  });
}

// The short-lived proof that the password step succeeded, owed a second factor.
const CHALLENGE_SECURE_NAME = '__Host-tongxin_challenge';
const CHALLENGE_PLAIN_NAME = 'tongxin_challenge';
const challengeName = (request: FastifyRequest) =>
  isSecure(request) ? CHALLENGE_SECURE_NAME : CHALLENGE_PLAIN_NAME;

export function readChallengeToken(request: FastifyRequest): string | null {
  const value = request.cookies[challengeName(request)];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

export function setChallengeCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expires: Date,
) {
  void reply.setCookie(challengeName(request), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(request),
    path: '/',
    expires,
  });
}

export function clearChallengeCookie(request: FastifyRequest, reply: FastifyReply) {
  void reply.clearCookie(challengeName(request), {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(request),
    path: '/',
  });
}
