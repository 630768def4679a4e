import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { canSee, visibleOrgs } from '../orgs/policy.ts';
import { memberHome } from './service.ts';

/** A member record is visible to whoever may see the branch it belongs to. */
export async function canViewMember(
  ctx: ServiceContext,
  principal: Principal,
  memberId: string,
): Promise<boolean> {
  if (principal.adminRole) return principal.adminRole === 'system';
  if (principal.memberId === memberId) return true;
  const home = await memberHome(ctx.database.db, memberId);
  if (!home) return false;
  return canSee(await visibleOrgs(ctx, principal), home.branchId);
}
