import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated writes must come from our own pages. SameSite=Strict already stops
 * most cross-site requests; this also refuses any write whose browser-set Origin or
 * Sec-Fetch-Site says it came from elsewhere.
 */
export function checkSameOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  if (SAFE.has(request.method)) return;
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw new AppError(403, 'cross_site_request', 'Cross-site requests are refused');
  }
  if (typeof origin === 'string' && origin !== 'null') {
    const own = `${request.protocol}://${request.host}`;
    if (origin !== own && !allowedOrigins.includes(origin)) {
      throw new AppError(403, 'cross_site_request', 'Cross-site requests are refused');
    }
  } else if (origin === 'null') {
    throw new AppError(403, 'cross_site_request', 'Cross-site requests are refused');
  }
}
