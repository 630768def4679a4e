import type { Me, MyRoles, PartyRole } from '@tongxin/contract';

export type RoleLabel = 'system' | 'security' | 'audit' | 'member' | 'user';

export const roleOf = (me: Me): RoleLabel => me.adminRole ?? (me.memberId ? 'member' : 'user');

/**
 * The security and audit administrators look after policy and records, not people: 三员分立
 * keeps member files out of their view. Everyone else sees members within their organisations.
 */
export const canSeeMembers = (me: Me): boolean =>
  me.adminRole !== 'security' && me.adminRole !== 'audit';

/**
 * Whether the caller may create organisations at all (the button's first gate); the server
 * decides per organisation, and the detail panel asks it (canManage) for the rest.
 */
export const canManageOrgs = (me: Me, roles?: MyRoles): boolean =>
  me.adminRole === 'system' ||
  (roles !== undefined && (roles.managesAll || roles.leads.length + roles.manages.length > 0));

/** Whether new organisations may be created directly under `orgId`. */
export const canCreateUnder = (roles: MyRoles | undefined, orgId: string): boolean =>
  roles !== undefined &&
  (roles.managesAll || roles.manages.includes(orgId) || roles.leads.includes(orgId));

/**
 * Posts first (the highest organisation first, as the server sends them), plain membership
 * last, and membership left out when the member also holds a post in that very branch.
 */
export function displayedRoles(roles: readonly PartyRole[]): PartyRole[] {
  const withPost = new Set(roles.filter((r) => r.post !== null).map((r) => r.orgId));
  return roles.filter((r) => r.post !== null || !withPost.has(r.orgId));
}
