import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { postsHeldBy, subtreeIds } from './service.ts';
import { memberHome } from '../members/service.ts';

export type OrgScope = 'all' | readonly string[];

/**
 * What organisations someone may see: the administrators see the structure they run;
 * a member sees their own branch, and an officer the organisation they serve and all
 * below it. Higher levels see down, never sideways.
 */
export async function visibleOrgs(ctx: ServiceContext, principal: Principal): Promise<OrgScope> {
  if (principal.adminRole) return 'all';
  if (!principal.memberId) return [];
  const { db } = ctx.database;
  const home = await memberHome(db, principal.memberId);
  const posts = await postsHeldBy(db, principal.memberId);
  const roots = [...(home ? [home.branchId] : []), ...posts.map((p) => p.orgId)];
  return subtreeIds(db, roots);
}

export const canSee = (scope: OrgScope, orgId: string): boolean =>
  scope === 'all' || scope.includes(orgId);

/** Member rosters: the system administrator (accounts) and members within their scope. */
export async function canViewMembersOf(
  ctx: ServiceContext,
  principal: Principal,
  orgId: string,
): Promise<boolean> {
  if (principal.adminRole) return principal.adminRole === 'system';
  return canSee(await visibleOrgs(ctx, principal), orgId);
}
