import type { AccountGate, SecurityPolicy } from '@tongxin/contract';
import type { users } from './schema.ts';

type GateFields = Pick<
  typeof users.$inferSelect,
  'mustChangePassword' | 'passwordChangedAt' | 'adminRole' | 'totpEnabledAt'
>;

/**
 * What an account owes before it may do anything else. A one-time or expired password comes
 * first (the second factor is enrolled with a password the user chose); then the second
 * factor, always for the three administrators and for officers when the policy says so.
 */
export function gateOf(
  user: GateFields,
  policy: SecurityPolicy,
  isOfficer: boolean,
  now = Date.now(),
): AccountGate | null {
  if (user.mustChangePassword) return 'password_change_required';
  if (
    policy.expiryDays > 0 &&
    now - user.passwordChangedAt.getTime() > policy.expiryDays * 86_400_000
  ) {
    return 'password_expired';
  }
  if (!user.totpEnabledAt && (user.adminRole || (policy.totpRequiredForOfficers && isOfficer))) {
    return 'totp_required';
  }
  return null;
}

/** Only these need to know whether a plain account is an officer; everyone else skips the query. */
export const officerMatters = (user: GateFields, policy: SecurityPolicy): boolean =>
  !user.totpEnabledAt && !user.adminRole && policy.totpRequiredForOfficers;
