import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { capabilityScope } from '../members/policy.ts';

/**
 * Who may do what with notices. Sending, tracking, reminding and withdrawing belong to the
 * posts carrying send_notices in the permission matrix (by default the branch committee), for
 * their organisation and everything below it: higher levels reach down, never sideways. The
 * administrators (三员分立) have no party posts and send nothing. Reading a notice belongs to its
 * recipients, its sender and those officers; anybody else gets 404.
 */
export interface NoticeRights {
  accountId: string;
  /** Organisations the caller may send to and whose notices they track. */
  sendScope: readonly string[];
}

export async function noticeRights(
  ctx: ServiceContext,
  principal: Principal,
): Promise<NoticeRights> {
  return {
    accountId: principal.userId,
    sendScope: await capabilityScope(ctx, principal, 'send_notices'),
  };
}

export const canTrack = (
  rights: NoticeRights,
  notice: { senderAccountId: string; orgId: string },
): boolean =>
  notice.senderAccountId === rights.accountId || rights.sendScope.includes(notice.orgId);
