import type { FastifyRequest } from 'fastify';
import type { Actor } from '../audit/audit.ts';
import { unauthorized } from './errors.ts';
import type { Principal } from './access.ts';

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

export function actorOf(request: FastifyRequest): Actor {
  const p = principalOf(request);
  return { userId: p.userId, name: p.username, role: p.adminRole ?? 'member', ip: request.ip };
}
