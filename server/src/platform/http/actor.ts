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
  // The same role names as sign-in records: an administrator role, or a member, or a plain user.
  const role = p.adminRole ?? (p.memberId ? 'member' : 'user');
  return { userId: p.userId, name: p.username, role, ip: request.ip };
}
