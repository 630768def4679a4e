import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { capabilityScope } from '../members/policy.ts';

/**
 * Who may do what with 民主评议. Holding a round (create, open, close, see the tally, set the
 * final grades) belongs to the posts carrying manage_evaluation (by default the branch
 * committee) for their organisation and everything below it: higher levels supervise, never
 * sideways. Taking part (self assessment, peer rating, ballot) belongs to the members fixed in
 * the round when it opened. Anybody else gets 404. The administrators (三员分立) have no party
 * posts and see nothing.
 */
export interface EvaluationRights {
  accountId: string;
  memberId: string | null;
  /** Organisations whose rounds the caller manages. */
  manageScope: readonly string[];
}

export async function evaluationRights(
  ctx: ServiceContext,
  principal: Principal,
): Promise<EvaluationRights> {
  return {
    accountId: principal.userId,
    memberId: principal.adminRole ? null : principal.memberId,
    manageScope: await capabilityScope(ctx, principal, 'manage_evaluation'),
  };
}

export const canManage = (rights: EvaluationRights, round: { orgId: string }): boolean =>
  rights.manageScope.includes(round.orgId);
