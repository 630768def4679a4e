import type { Principal } from '../../platform/http/access.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { users } from './schema.ts';

type Target = Pick<typeof users.$inferSelect, 'id' | 'adminRole'>;

/**
 * 三员分立: the 系统管理员 manages accounts, but an administrator account is not theirs to
 * take over. Resetting another administrator's password or second factor, or disabling it,
 * would let one administrator act as another; only unlocking (harmless) and the phone number
 * are allowed there. Such recoveries belong to the operator at the command line.
 */
export function assertMayManage(
  actor: Principal,
  target: Target,
  change: 'unlock' | 'update' | 'disable' | 'enable' | 'reset_password' | 'reset_totp',
): void {
  if (actor.adminRole !== 'system') {
    throw new AppError(403, 'forbidden', 'Only the system administrator manages accounts');
  }
  if (target.adminRole && target.id !== actor.userId && !['unlock', 'update'].includes(change)) {
    throw new AppError(
      403,
      'admin_account_protected',
      'Another administrator account cannot be changed this way',
    );
  }
  if (target.id === actor.userId && ['disable', 'reset_password', 'reset_totp'].includes(change)) {
    throw new AppError(
      409,
      'cannot_change_self',
      'Use the account security page for your own account',
    );
  }
}
