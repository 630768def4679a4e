import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { capabilityScope } from '../members/policy.ts';
import { visibleOrgs } from '../orgs/policy.ts';

/**
 * Who may do what with activities. Planning, publishing, attendance, leave decisions, the
 * minutes, 补学 and finalising belong to the posts carrying manage_activities (by default the
 * branch committee) for the host organisation and everything below it: higher levels reach
 * down, never sideways. Seeing a published activity belongs to anyone who sees one of the
 * organisations it counts for (its members, officers above); drafts only to those who manage
 * the host. The administrators (三员分立) run the system, not party life: they see none.
 */
export interface ActivityRights {
  accountId: string;
  memberId: string | null;
  displayName: string;
  /** Organisations where the caller plans and keeps records. */
  manageScope: readonly string[];
  /** Organisations the caller sees. */
  visible: readonly string[];
}

export async function activityRights(
  ctx: ServiceContext,
  principal: Principal,
): Promise<ActivityRights> {
  const seen = principal.adminRole ? [] : await visibleOrgs(ctx, principal);
  return {
    accountId: principal.userId,
    memberId: principal.memberId,
    displayName: principal.displayName,
    manageScope: await capabilityScope(ctx, principal, 'manage_activities'),
    visible: seen === 'all' ? [] : seen,
  };
}

export const mayManage = (rights: ActivityRights, activity: { orgId: string }): boolean =>
  rights.manageScope.includes(activity.orgId);

/** Drafts: the managers of the host. Otherwise: anyone seeing an organisation it counts for. */
export function maySee(
  rights: ActivityRights,
  activity: { orgId: string; status: string },
  countedFor: readonly string[],
  expected: boolean,
): boolean {
  if (mayManage(rights, activity)) return true;
  if (activity.status === 'draft') return false;
  return expected || countedFor.some((o) => rights.visible.includes(o));
}
