import {
  CAPABILITIES,
  DEFAULT_PERMISSIONS,
  POSTS,
  type Capability,
  type PermissionMatrix,
  type Post,
} from '@tongxin/contract';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Database, Queryable } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { perDatabaseCache } from '../../platform/db/short-cache.ts';
import { partyPermissions } from './schema.ts';

export const defaultMatrix = (): PermissionMatrix => {
  const matrix = {} as PermissionMatrix;
  for (const c of CAPABILITIES) matrix[c] = [...DEFAULT_PERMISSIONS[c]];
  return matrix;
};

/** Posts listed in catalogue order, so equal grants compare (and audit) equal. */
const ordered = (posts: readonly string[]): Post[] => POSTS.filter((p) => posts.includes(p));

export async function readMatrix(db: Queryable): Promise<PermissionMatrix> {
  const rows = await db.select().from(partyPermissions);
  const matrix = defaultMatrix();
  for (const row of rows) {
    // A row for a capability this release no longer knows is ignored, not an error.
    if ((CAPABILITIES as readonly string[]).includes(row.capability)) {
      matrix[row.capability as Capability] = ordered(row.posts);
    }
  }
  return matrix;
}

/**
 * Policy checks consult the matrix on every request, so it is kept in memory for 5 seconds per
 * database: a change made on this node is seen at once; with several nodes on one PostgreSQL,
 * another node sees it within 5 seconds.
 */
const inForce = perDatabaseCache((database) => readMatrix(database.db), 5_000);

export const matrixInForce = (database: Database): Promise<PermissionMatrix> =>
  inForce.get(database);

/** The posts that carry a capability now. */
export async function postsWith(ctx: ServiceContext, capability: Capability): Promise<Post[]> {
  return (await matrixInForce(ctx.database))[capability];
}

/**
 * Saves the whole matrix (the screen sends every cell). One audit entry lists each capability
 * that changed, before and after; saving an unchanged matrix writes nothing.
 */
export async function updateMatrix(
  ctx: ServiceContext,
  actor: Actor,
  next: PermissionMatrix,
): Promise<PermissionMatrix> {
  await ctx.database.write(async (tx) => {
    const before = await readMatrix(tx);
    const changes: Record<string, { before: Post[]; after: Post[] }> = {};
    for (const c of CAPABILITIES) {
      const after = ordered(next[c]);
      if (after.join() === before[c].join()) continue;
      changes[c] = { before: before[c], after };
      const values = { posts: after, updatedAt: new Date(), updatedBy: actor.userId };
      await tx
        .insert(partyPermissions)
        .values({ capability: c, ...values })
        .onConflictDoUpdate({ target: partyPermissions.capability, set: values });
    }
    if (Object.keys(changes).length === 0) return;
    await recordAudit(tx, actor, {
      action: 'security.permissions',
      objectType: 'permission_matrix',
      details: { changes },
    });
  });
  inForce.drop(ctx.database);
  return matrixInForce(ctx.database);
}
