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
