import { eq } from 'drizzle-orm';
import { DEFAULT_CLEARANCE } from '@tongxin/contract';
import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { accountClearances } from './schema.ts';

/** The clearance of one account: the level set for it, or 内部 (DEFAULT_CLEARANCE). */
export async function clearanceOfUser(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ level: accountClearances.level })
    .from(accountClearances)
    .where(eq(accountClearances.userId, userId))
    .limit(1);
  return row?.level ?? DEFAULT_CLEARANCE;
}

// Keyed by the request's principal, so a list filtered item by item costs one lookup, and a
// clearance change applies from the next request on.
const cache = new WeakMap<Principal, Promise<number>>();

export function clearanceOf(ctx: ServiceContext, principal: Principal): Promise<number> {
  const known = cache.get(principal);
  if (known) return known;
  const looked = clearanceOfUser(ctx.database.db, principal.userId);
  cache.set(principal, looked);
  looked.catch(() => cache.delete(principal));
  return looked;
}

/** Content at `labelLevel` may be shown to an account cleared to `clearance`. */
export const clearanceAllows = (clearance: number, labelLevel: number): boolean =>
  labelLevel <= clearance;

/**
 * Whether the caller may see content carrying a label of `labelLevel`. For the modules that
 * will label content (exchange, archive): filter lists with clearanceOf + clearanceAllows,
 * check single items with this. Nothing carries a label yet.
 */
export async function labelAllows(
  ctx: ServiceContext,
  principal: Principal,
  labelLevel: number,
): Promise<boolean> {
  return clearanceAllows(await clearanceOf(ctx, principal), labelLevel);
}
