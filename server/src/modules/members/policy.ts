import type { Post } from '@tongxin/contract';
import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { canSee, visibleOrgs } from '../orgs/policy.ts';
import { postsHeldBy, subtreeIds } from '../orgs/service.ts';
import { memberHome } from './service.ts';

/**
 * Posts whose duties include the roster (党员管理): the secretary, the deputy and the
 * organisation officer. Publicity and discipline officers and group leaders see the roster
 * of their organisation but not personal data.
 */
export const ROSTER_POSTS: readonly Post[] = [
  'secretary',
  'deputy_secretary',
  'organisation_officer',
];

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

/**
 * Holds a roster post on this branch or an organisation above it: higher levels see down,
 * never sideways.
 */
export async function isRosterOfficerOver(
  ctx: ServiceContext,
  principal: Principal,
  branchId: string,
): Promise<boolean> {
  return (await rosterScope(ctx, principal)).includes(branchId);
}

/** Every organisation whose roster the caller keeps: at and below their roster posts. */
export async function rosterScope(
  ctx: ServiceContext,
  principal: Principal,
): Promise<readonly string[]> {
  if (principal.adminRole || !principal.memberId) return [];
  const { db } = ctx.database;
  const posts = (await postsHeldBy(db, principal.memberId)).filter((p) =>
    ROSTER_POSTS.includes(p.post),
  );
  if (posts.length === 0) return [];
  return subtreeIds(
    db,
    posts.map((p) => p.orgId),
  );
}

/**
 * Who may create and edit records of a branch: its roster officers and those above, and the
 * system administrator, who sets the organisation up (and may enter personal data, but not
 * read it back: see canReveal).
 */
export async function canManageMembersOf(
  ctx: ServiceContext,
  principal: Principal,
  branchId: string,
): Promise<boolean> {
  if (principal.adminRole) return principal.adminRole === 'system';
  return isRosterOfficerOver(ctx, principal, branchId);
}

/**
 * Who may see a member's ID card number and phone in the clear: the member, and the roster
 * officers of their branch and above. Never an administrator: the three administrators run
 * the system, not the party's personnel files (least privilege, 三员分立).
 */
export async function canRevealMember(
  ctx: ServiceContext,
  principal: Principal,
  memberId: string,
): Promise<boolean> {
  if (principal.adminRole) return false;
  if (principal.memberId === memberId) return true;
  const home = await memberHome(ctx.database.db, memberId);
  return home ? isRosterOfficerOver(ctx, principal, home.branchId) : false;
}

export interface MemberPermissions {
  reveal: boolean;
  edit: boolean;
  transfer: boolean;
}

export async function memberPermissions(
  ctx: ServiceContext,
  principal: Principal,
  memberId: string,
): Promise<MemberPermissions> {
  const home = await memberHome(ctx.database.db, memberId);
  if (!home) return { reveal: false, edit: false, transfer: false };
  const officer = await isRosterOfficerOver(ctx, principal, home.branchId);
  return {
    reveal: officer || (!principal.adminRole && principal.memberId === memberId),
    edit: officer || principal.adminRole === 'system',
    // Transfers are party business: the sending branch's officers (or higher) start them.
    transfer: officer,
  };
}
