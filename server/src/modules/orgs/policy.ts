import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { inScope, partyScopeOf, type PartyScope } from './scope.ts';

export type OrgScope = 'all' | readonly string[];

/**
 * What organisations someone may see: the administrators see the structure they run;
 * a member sees their own branch, and an officer the organisation they serve and all
 * below it. Higher levels see down, never sideways.
 */
export async function visibleOrgs(ctx: ServiceContext, principal: Principal): Promise<OrgScope> {
  const { visible } = await partyScopeOf(ctx, principal);
  return visible === 'all' ? 'all' : [...visible];
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
  return inScope((await partyScopeOf(ctx, principal)).visible, orgId);
}

/**
 * Reading an organisation: one the caller may not see answers 404 exactly like one that does
 * not exist, so ids cannot be probed.
 */
export async function requireVisibleOrg(
  ctx: ServiceContext,
  principal: Principal,
  orgId: string,
): Promise<PartyScope> {
  const scope = await partyScopeOf(ctx, principal);
  if (!inScope(scope.visible, orgId)) throw notFound('Organisation');
  return scope;
}

/**
 * Changing an organisation (rename, new term, move, dissolve, appoint or end its posts) is for
 * the system administrator, who sets the structure up, and for the leaders (书记, 副书记,
 * 组织委员) of an organisation above it: higher levels supervise down, never their own level
 * and never sideways. Out of sight answers 404; in sight but not theirs to change, 403.
 */
export const canManage = (scope: PartyScope, orgId: string): boolean =>
  inScope(scope.manages, orgId);

export async function requireManagedOrg(
  ctx: ServiceContext,
  principal: Principal,
  orgId: string,
): Promise<PartyScope> {
  const scope = await requireVisibleOrg(ctx, principal, orgId);
  if (!canManage(scope, orgId)) {
    throw forbidden('Only the leaders of a higher organisation may change this one');
  }
  return scope;
}

/** Placing an organisation under `parentId` (create or move): the new place must be theirs too. */
export async function requireParentAllowed(
  ctx: ServiceContext,
  principal: Principal,
  parentId: string,
): Promise<void> {
  const scope = await requireVisibleOrg(ctx, principal, parentId);
  if (!canManage(scope, parentId) && !scope.leads.has(parentId)) {
    throw forbidden('Only the leaders of this or a higher organisation may add organisations here');
  }
}
