import { and, asc, eq, ne, or } from 'drizzle-orm';
import {
  DEFAULT_CLEARANCE,
  type AccountClearance,
  type CreateLabelRequest,
  type SecurityLabel,
  type UpdateLabelRequest,
} from '@tongxin/contract';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { clearanceOfUser } from './allows.ts';
import { accountClearances, securityLabels } from './schema.ts';
import { users } from '../identity/schema.ts';

const shown = (row: typeof securityLabels.$inferSelect): SecurityLabel => ({
  id: row.id,
  name: row.name,
  level: row.level,
  colour: row.colour,
});

export async function listLabels(db: Queryable): Promise<SecurityLabel[]> {
  const rows = await db.select().from(securityLabels).orderBy(asc(securityLabels.level));
  return rows.map(shown);
}

async function findLabel(db: Queryable, id: string) {
  const [row] = await db.select().from(securityLabels).where(eq(securityLabels.id, id)).limit(1);
  return row ?? null;
}

/** Names and levels are unique: two labels of one level could not be told apart by a filter. */
async function assertFree(db: Queryable, name: string, level: number | null, except?: string) {
  const clash = or(
    eq(securityLabels.name, name),
    ...(level === null ? [] : [eq(securityLabels.level, level)]),
  );
  const [taken] = await db
    .select({ id: securityLabels.id })
    .from(securityLabels)
    .where(except ? and(clash, ne(securityLabels.id, except)) : clash)
    .limit(1);
  if (taken) throw new AppError(409, 'label_exists', 'A label with this name or level exists');
}

export async function createLabel(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateLabelRequest,
): Promise<SecurityLabel> {
  return ctx.database.write(async (tx) => {
    await assertFree(tx, input.name, input.level);
    const [row] = await tx.insert(securityLabels).values(input).returning();
    if (!row) throw new Error('insert returned no row');
    await recordAudit(tx, actor, {
      action: 'security.label_create',
      objectType: 'security_label',
      objectId: row.id,
      details: { after: shown(row) },
    });
    return shown(row);
  });
}

export async function updateLabel(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateLabelRequest,
): Promise<SecurityLabel> {
  return ctx.database.write(async (tx) => {
    const before = await findLabel(tx, id);
    if (!before) throw notFound('Label');
    if (input.name !== undefined) await assertFree(tx, input.name, null, id);
    const [row] = await tx
      .update(securityLabels)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(securityLabels.id, id))
      .returning();
    if (!row) throw notFound('Label');
    await recordAudit(tx, actor, {
      action: 'security.label_update',
      objectType: 'security_label',
      objectId: id,
      details: { before: shown(before), after: shown(row) },
    });
    return shown(row);
  });
}

/**
 * A label may go unless an account is cleared to its level, or it is the default clearance's
 * level: either would leave accounts cleared to a level with no name.
 */
export async function deleteLabel(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  await ctx.database.write(async (tx) => {
    const label = await findLabel(tx, id);
    if (!label) throw notFound('Label');
    const [held] = await tx
      .select({ userId: accountClearances.userId })
      .from(accountClearances)
      .where(eq(accountClearances.level, label.level))
      .limit(1);
    if (held || label.level === DEFAULT_CLEARANCE) {
      throw new AppError(409, 'label_in_use', 'Accounts are cleared to this label');
    }
    await tx.delete(securityLabels).where(eq(securityLabels.id, id));
    await recordAudit(tx, actor, {
      action: 'security.label_delete',
      objectType: 'security_label',
      objectId: id,
      details: { before: shown(label) },
    });
  });
}

/** Every account (or one) with its clearance: the default where none is set. */
export async function listClearances(db: Queryable, userId?: string): Promise<AccountClearance[]> {
  const rows = await db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      adminRole: users.adminRole,
      level: accountClearances.level,
    })
    .from(users)
    .leftJoin(accountClearances, eq(accountClearances.userId, users.id))
    .where(userId ? eq(users.id, userId) : undefined)
    .orderBy(asc(users.username));
  return rows.map((r) => ({ ...r, level: r.level ?? DEFAULT_CLEARANCE }));
}

export async function setClearance(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
  level: number,
): Promise<AccountClearance> {
  await ctx.database.write(async (tx) => {
    const [account] = await tx
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!account) throw notFound('Account');
    const [label] = await tx
      .select({ id: securityLabels.id })
      .from(securityLabels)
      .where(eq(securityLabels.level, level))
      .limit(1);
    if (!label) throw new AppError(422, 'unknown_label_level', 'No label has this level');
    const before = await clearanceOfUser(tx, userId);
    if (before === level) return;
    const values = { level, updatedAt: new Date(), updatedBy: actor.userId };
    await tx
      .insert(accountClearances)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: accountClearances.userId, set: values });
    await recordAudit(tx, actor, {
      action: 'security.clearance',
      objectType: 'user',
      objectId: userId,
      details: { username: account.username, before, after: level },
    });
  });
  const [row] = await listClearances(ctx.database.db, userId);
  if (!row) throw notFound('Account');
  return row;
}
