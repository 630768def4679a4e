import type { Me } from '@tongxin/contract';

export type RoleLabel = 'system' | 'security' | 'audit' | 'member' | 'user';

export const roleOf = (me: Me): RoleLabel => me.adminRole ?? (me.memberId ? 'member' : 'user');

/**
 * The security and audit administrators look after policy and records, not people: 三员分立
 * keeps member files out of their view. Everyone else sees members within their organisations.
 */
export const canSeeMembers = (me: Me): boolean =>
  me.adminRole !== 'security' && me.adminRole !== 'audit';

export const canManageOrgs = (me: Me): boolean => me.adminRole === 'system';
