import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { canSee, visibleOrgs } from '../orgs/policy.ts';
import { capabilityScope } from '../members/policy.ts';
import type { TransferRights, TransferRow } from './service.ts';

/**
 * Transfers are seen by both sides (and everyone above either side) and by the system
 * administrator; acted on by holders of transfer_members only (by default the roster officers): the sender's to start or cancel, the
 * receiver's to accept or reject. Sideways branches neither see nor act.
 */
export async function transferRights(
  ctx: ServiceContext,
  principal: Principal,
): Promise<TransferRights> {
  return { rosterScope: await capabilityScope(ctx, principal, 'transfer_members') };
}

/** The security and audit administrators have no business with party personnel moves. */
export function assertMayUseTransfers(principal: Principal): void {
  if (principal.adminRole && principal.adminRole !== 'system') {
    throw forbidden('This belongs to the party organisations');
  }
}

export async function canSeeTransfer(
  ctx: ServiceContext,
  principal: Principal,
  row: TransferRow,
): Promise<boolean> {
  if (principal.adminRole) return principal.adminRole === 'system';
  const scope = await visibleOrgs(ctx, principal);
  return canSee(scope, row.fromBranchId) || canSee(scope, row.toBranchId);
}
