import type { Capability } from '@tongxin/contract';
import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { canSee, visibleOrgs } from '../orgs/policy.ts';
import { postsHeldBy, subtreeIds } from '../orgs/service.ts';
import { postsWith } from '../permissions/service.ts';
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

/**
 * Holds a post carrying `capability` on this branch or an organisation above it: higher levels
 * see down, never sideways. Which posts carry what is the 安全管理员's permission matrix; by
 * default the roster keepers (secretary, deputy, organisation officer), while publicity and
 * discipline officers and group leaders see the roster of their organisation but not
 * personal data.
 */
export async function holdsCapabilityOver(
  ctx: ServiceContext,
  principal: Principal,
  capability: Capability,
  branchId: string,
): Promise<boolean> {
  return (await capabilityScope(ctx, principal, capability)).includes(branchId);
}

/** Every organisation where the caller may use `capability`: at and below posts carrying it. */
export async function capabilityScope(
  ctx: ServiceContext,
  principal: Principal,
  capability: Capability,
): Promise<readonly string[]> {
  if (principal.adminRole || !principal.memberId) return [];
  const { db } = ctx.database;
  const carriers = await postsWith(ctx, capability);
  const posts = (await postsHeldBy(db, principal.memberId)).filter((p) =>
    carriers.includes(p.post),
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
  return holdsCapabilityOver(ctx, principal, 'edit_members', branchId);
}

/**
 * Who may see a member's ID card number and phone in the clear: the member, and the holders of
 * reveal_personal over their branch. Never an administrator: the three administrators run
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
  return home ? holdsCapabilityOver(ctx, principal, 'reveal_personal', home.branchId) : false;
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
  const over = (c: Capability) => holdsCapabilityOver(ctx, principal, c, home.branchId);
  const [reveal, edit, transfer] = await Promise.all([
    over('reveal_personal'),
    over('edit_members'),
    over('transfer_members'),
  ]);
  return {
    reveal: reveal || (!principal.adminRole && principal.memberId === memberId),
    edit: edit || principal.adminRole === 'system',
    // Transfers are party business: the sending branch's officers (or higher) start them.
    transfer,
  };
}
