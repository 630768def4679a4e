import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';

/** Refusals particular to the organisation tree, explained in the user's words. */
const ORG_CODES = [
  'org_not_empty',
  'group_has_members',
  'would_cycle',
  'same_parent',
  'root_fixed',
  'no_committee',
  'invalid_post',
  'not_a_member_here',
  'invalid_dates',
  'invalid_org_kind',
  'conflict',
] as const;
type OrgCode = (typeof ORG_CODES)[number];

const isOrgCode = (code: string): code is OrgCode =>
  (ORG_CODES as readonly string[]).includes(code);

export function orgErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isOrgCode(error.code)) {
    const details = (error.details ?? {}) as { members?: number; subOrganisations?: number };
    return t(`orgs.errors.${error.code}`, {
      members: details.members ?? 0,
      children: details.subOrganisations ?? 0,
    });
  }
  return errorMessage(t, error);
}
