import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { capabilityScope } from '../members/policy.ts';
import type { ArchiveScope } from './service.ts';

/**
 * Who may read the archive. The 审计管理员 reads and verifies all of it (三员分立: reading and
 * verifying, never changing). Officers whose post carries read_archive (by default the branch
 * committee) read their organisation's entries and everything below, and export packages of
 * them. Nobody else sees the archive; an entry outside one's scope answers 404.
 */
export interface ArchiveRights {
  accountId: string;
  all: boolean;
  scope: readonly string[];
}

export async function archiveRights(
  ctx: ServiceContext,
  principal: Principal,
): Promise<ArchiveRights> {
  const all = principal.adminRole === 'audit';
  return {
    accountId: principal.userId,
    all,
    scope: all ? [] : await capabilityScope(ctx, principal, 'read_archive'),
  };
}

export const mayBrowse = (r: ArchiveRights): boolean => r.all || r.scope.length > 0;

export const mayReadOrg = (r: ArchiveRights, orgId: string): boolean =>
  r.all || r.scope.includes(orgId);

export const scopeOf = (r: ArchiveRights): ArchiveScope => (r.all ? 'all' : r.scope);
