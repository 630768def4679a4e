import type { Capability } from '@tongxin/contract';
import type { ServiceContext } from '../../platform/context.ts';
import { memberHome } from '../members/service.ts';
import { postsHeldBy, subtreeIds } from '../orgs/service.ts';
import { postsWith } from '../permissions/service.ts';

/**
 * Who may do what in the org life meeting cycle (组织生活会). Running a cycle, reading every
 * member's criticism record, the opinions and the report belongs to the posts carrying
 * manage_org_life (by default the branch committee) for their organisation and everything
 * below it: higher levels reach down, never sideways. Members of the branch see the cycle,
 * its rectification items and their own criticism record, and give opinions. Anybody else,
 * administrators included (三员分立: they run the system, not party life), gets 404.
 */
export interface OrgLifeRights {
  accountId: string;
  memberId: string | null;
  /** The caller's own branch: its cycles are the caller's. */
  homeBranchId: string | null;
  /** Organisations whose cycles the caller runs. */
  manageScope: readonly string[];
}

export const MANAGE_ORG_LIFE: Capability = 'manage_org_life';

/**
 * The rights of an account, from what identifies it: requests pass their principal, file
 * reads only know the account (see files' registerFileOwnerAccess).
 */
export async function orgLifeRights(
  ctx: ServiceContext,
  who: { userId: string; adminRole: string | null; memberId: string | null },
): Promise<OrgLifeRights> {
  const none = { accountId: who.userId, memberId: null, homeBranchId: null, manageScope: [] };
  if (who.adminRole || !who.memberId) return none;
  const { db } = ctx.database;
  const [home, carriers, posts] = await Promise.all([
    memberHome(db, who.memberId),
    postsWith(ctx, MANAGE_ORG_LIFE),
    postsHeldBy(db, who.memberId),
  ]);
  const leading = posts.filter((p) => carriers.includes(p.post)).map((p) => p.orgId);
  return {
    accountId: who.userId,
    memberId: who.memberId,
    homeBranchId: home?.branchId ?? null,
    manageScope: leading.length > 0 ? await subtreeIds(db, leading) : [],
  };
}

export const canManageCycle = (rights: OrgLifeRights, meeting: { orgId: string }): boolean =>
  rights.manageScope.includes(meeting.orgId);

export const canViewCycle = (rights: OrgLifeRights, meeting: { orgId: string }): boolean =>
  canManageCycle(rights, meeting) || rights.homeBranchId === meeting.orgId;

/** A member's self-criticism and criticisms received: that member, the committee, higher levels. */
export const canReadCriticisms = (
  rights: OrgLifeRights,
  meeting: { orgId: string },
  subjectMemberId: string,
): boolean =>
  canManageCycle(rights, meeting) ||
  (rights.memberId === subjectMemberId && canViewCycle(rights, meeting));
