import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { listSpaces, viewerOf, type Viewer } from '../exchange/service.ts';
import { noticeRights } from '../notices/policy.ts';
import { activityRights } from '../activities/policy.ts';
import { orgLifeRights } from '../orglife/policy.ts';
import { accessKey } from './indexer.ts';

/**
 * Who may find what: the viewer's access keys, computed from the owning modules' own rules, so
 * search can never open more than the modules would. A document is found only when one of its
 * keys is among these (`acl && keys`, inside the query).
 * - exchange: every space the viewer may read (its own, and those it supervises as an officer);
 * - notices: the viewer's own account (recipient or sender) and the organisations where it
 *   holds send_notices (officers track notices there);
 * - activities (activities/policy.ts maySee): the organisations the viewer sees (published
 *   ones counting for them), those where it holds manage_activities (drafts too) and its own
 *   member id (an expected attendee);
 * - rectification items (orglife/policy.ts canViewCycle): the viewer's home branch and the
 *   organisations where it holds manage_org_life;
 * - administrators (三员) take no part in the exchange and send no notices: their key opens
 *   nothing.
 */
export interface SearchViewer {
  accountId: string;
  keys: string[];
  /** The exchange viewer, null for administrators and accounts without a member. */
  exchange: Viewer | null;
  /** Names of the readable spaces as the viewer sees them (a DM carries the others' names). */
  spaceNames: Map<string, string>;
}

export async function searchViewer(
  ctx: ServiceContext,
  principal: Principal,
): Promise<SearchViewer> {
  const keys = [accessKey.account(principal.userId)];
  const spaceNames = new Map<string, string>();
  const viewer = await viewerOf(ctx.database.db, principal.userId);
  const exchange = viewer && !viewer.excluded ? viewer : null;
  if (exchange) {
    for (const space of await listSpaces(ctx, exchange, true)) {
      keys.push(accessKey.space(space.id));
      spaceNames.set(space.id, space.name);
    }
  }
  for (const orgId of (await noticeRights(ctx, principal)).sendScope) {
    keys.push(accessKey.orgTrack(orgId));
  }
  const activities = await activityRights(ctx, principal);
  for (const orgId of activities.visible) keys.push(accessKey.orgSee(orgId));
  for (const orgId of activities.manageScope) keys.push(accessKey.activityManage(orgId));
  if (activities.memberId && !principal.adminRole) {
    keys.push(accessKey.member(activities.memberId));
  }
  const orgLife = await orgLifeRights(ctx, principal);
  if (orgLife.homeBranchId) keys.push(accessKey.branchHome(orgLife.homeBranchId));
  for (const orgId of orgLife.manageScope) keys.push(accessKey.orgLifeManage(orgId));
  return { accountId: principal.userId, keys, exchange, spaceNames };
}
