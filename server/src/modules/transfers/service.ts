import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type {
  StartTransferRequest,
  Transfer,
  TransferDestination,
  TransferList,
  TransferListQuery,
} from '@tongxin/contract';
import { memberTransfers } from './schema.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { isUniqueViolation } from '../../platform/db/rows.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Queryable } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { findOrg, listOrgs } from '../orgs/service.ts';
import { isBranch } from '../orgs/rules.ts';
import { memberHome, memberNames, moveMemberToBranch } from '../members/service.ts';
import { accountsOfMembers } from '../identity/service.ts';
import { appendEvents, type UserEvent } from '../../platform/bus/events.ts';

export type TransferRow = typeof memberTransfers.$inferSelect;

/** Which pending transfers the caller may act on: their roster scope, worked out once. */
export interface TransferRights {
  rosterScope: readonly string[];
}

export async function findTransfer(db: Queryable, id: string): Promise<TransferRow | null> {
  const [row] = await db.select().from(memberTransfers).where(eq(memberTransfers.id, id)).limit(1);
  return row ?? null;
}

async function shape(
  db: Queryable,
  rows: TransferRow[],
  rights: TransferRights,
): Promise<Transfer[]> {
  const people = await memberNames(
    db,
    rows.map((r) => r.memberId),
  );
  const orgIds = [...new Set(rows.flatMap((r) => [r.fromBranchId, r.toBranchId]))];
  const orgs = new Map(
    (await Promise.all(orgIds.map((id) => findOrg(db, id)))).flatMap((o) =>
      o ? [[o.id, o.name] as const] : [],
    ),
  );
  return rows.map((r) => {
    const pending = r.state === 'requested';
    return {
      id: r.id,
      memberId: r.memberId,
      memberName: people.get(r.memberId) ?? '',
      fromBranchId: r.fromBranchId,
      fromBranchName: orgs.get(r.fromBranchId) ?? '',
      toBranchId: r.toBranchId,
      toBranchName: orgs.get(r.toBranchId) ?? '',
      reason: r.reason,
      state: r.state,
      requestedByName: r.requestedByName,
      requestedAt: r.requestedAt.toISOString(),
      decidedByName: r.decidedByName,
      decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
      decisionNote: r.decisionNote,
      may: {
        accept: pending && rights.rosterScope.includes(r.toBranchId),
        cancel: pending && rights.rosterScope.includes(r.fromBranchId),
      },
    };
  });
}

export async function transferView(
  ctx: ServiceContext,
  id: string,
  rights: TransferRights,
): Promise<Transfer> {
  const row = await findTransfer(ctx.database.db, id);
  if (!row) throw notFound('Transfer');
  const [shaped] = await shape(ctx.database.db, [row], rights);
  if (!shaped) throw notFound('Transfer');
  return shaped;
}

/** The sending side starts a transfer; the member stays where they are until it is accepted. */
export async function startTransfer(
  ctx: ServiceContext,
  actor: Actor,
  memberId: string,
  input: StartTransferRequest,
): Promise<string> {
  return ctx.database.write(async (tx) => {
    const home = await memberHome(tx, memberId);
    if (!home) throw notFound('Member');
    const to = await findOrg(tx, input.toBranchId);
    if (!to || !isBranch(to.kind)) {
      throw new AppError(422, 'not_a_branch', 'A member is transferred to a 党支部', {
        field: 'toBranchId',
      });
    }
    if (to.id === home.branchId) {
      throw new AppError(422, 'transfer_same_branch', 'The member is already in this branch', {
        field: 'toBranchId',
      });
    }
    const [row] = await tx
      .insert(memberTransfers)
      .values({
        memberId,
        fromBranchId: home.branchId,
        toBranchId: to.id,
        reason: input.reason.trim(),
        requestedBy: actor.userId,
        requestedByName: actor.name,
      })
      .returning({ id: memberTransfers.id })
      .catch((err: unknown) => {
        if (isUniqueViolation(err, 'member_transfers_one_pending')) {
          throw new AppError(409, 'transfer_pending', 'This member already has a pending transfer');
        }
        throw err;
      });
    if (!row) throw new Error('insert returned no row');
    await recordAudit(tx, actor, {
      action: 'transfer.request',
      objectType: 'member_transfer',
      objectId: row.id,
      details: { memberId, fromBranchId: home.branchId, toBranchId: to.id },
    });
    return row.id;
  });
}

export type Decision =
  | { kind: 'accept'; groupId: string | null }
  | { kind: 'reject'; note: string }
  | { kind: 'cancel'; note: string };

const FINAL_STATE = { accept: 'accepted', reject: 'rejected', cancel: 'cancelled' } as const;

/** Accept (the member moves), reject or cancel: only while the transfer is pending. */
export async function decideTransfer(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  decision: Decision,
): Promise<void> {
  const stored = await ctx.database.write(async (tx) => {
    const [row] = await tx
      .select()
      .from(memberTransfers)
      .where(eq(memberTransfers.id, id))
      .limit(1)
      .for('update');
    if (!row) throw notFound('Transfer');
    if (row.state !== 'requested') {
      throw new AppError(409, 'transfer_not_pending', `This transfer is already ${row.state}`);
    }
    let stored: UserEvent[] = [];
    if (decision.kind === 'accept') {
      await moveMemberToBranch(
        tx,
        actor,
        row.memberId,
        row.fromBranchId,
        row.toBranchId,
        decision.groupId,
      );
      // The member's open clients reload what follows the roster (their spaces, their rights).
      const account = (await accountsOfMembers(tx, [row.memberId])).get(row.memberId);
      if (account) {
        stored = await appendEvents(tx, [account.accountId], {
          type: 'membership.changed',
          payload: {
            memberId: row.memberId,
            fromBranchId: row.fromBranchId,
            toBranchId: row.toBranchId,
          },
        });
      }
    }
    await tx
      .update(memberTransfers)
      .set({
        state: FINAL_STATE[decision.kind],
        decidedBy: actor.userId,
        decidedByName: actor.name,
        decidedAt: new Date(),
        decisionNote: decision.kind === 'accept' ? null : decision.note.trim(),
      })
      .where(eq(memberTransfers.id, id));
    await recordAudit(tx, actor, {
      action: `transfer.${decision.kind}`,
      objectType: 'member_transfer',
      objectId: id,
      details: {
        memberId: row.memberId,
        fromBranchId: row.fromBranchId,
        toBranchId: row.toBranchId,
      },
    });
    return stored;
  });
  await ctx.bus.publish(stored);
}

/** Transfers into or out of the given branches (the caller's visible scope), newest first. */
export async function listTransfers(
  ctx: ServiceContext,
  scope: readonly string[],
  query: TransferListQuery,
  rights: TransferRights,
): Promise<TransferList> {
  const { db } = ctx.database;
  if (scope.length === 0) return { items: [], total: 0 };
  const incoming = sql`${memberTransfers.toBranchId} in ${scope}`;
  const outgoing = sql`${memberTransfers.fromBranchId} in ${scope}`;
  const direction = query.direction ?? 'all';
  const filters: SQL[] = [
    direction === 'incoming'
      ? incoming
      : direction === 'outgoing'
        ? outgoing
        : sql`(${incoming} or ${outgoing})`,
  ];
  if (query.state) filters.push(eq(memberTransfers.state, query.state));
  const where = and(...filters);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberTransfers)
    .where(where);
  const rows = await db
    .select()
    .from(memberTransfers)
    .where(where)
    .orderBy(desc(memberTransfers.requestedAt), memberTransfers.id)
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0);
  return { items: await shape(db, rows, rights), total: count?.n ?? 0 };
}

/** A member's transfer history, newest first. */
export async function memberTransferHistory(
  ctx: ServiceContext,
  memberId: string,
  rights: TransferRights,
): Promise<Transfer[]> {
  const { db } = ctx.database;
  const rows = await db
    .select()
    .from(memberTransfers)
    .where(eq(memberTransfers.memberId, memberId))
    .orderBy(desc(memberTransfers.requestedAt), memberTransfers.id);
  return shape(db, rows, rights);
}

/**
 * Every branch in the tree, with its path: a member may move anywhere in the organisation,
 * so the sender needs the names even of branches it cannot otherwise see.
 */
export async function transferDestinations(ctx: ServiceContext): Promise<TransferDestination[]> {
  const all = await listOrgs(ctx, 'all');
  const byId = new Map(all.map((o) => [o.id, o]));
  const pathOf = (id: string): string[] => {
    const names: string[] = [];
    // The root is the same for everyone, so the path starts below it.
    for (let o = byId.get(id); o?.parentId; o = byId.get(o.parentId)) names.unshift(o.name);
    return names;
  };
  return all
    .filter((o) => isBranch(o.kind))
    .map((o) => ({ id: o.id, name: o.name, path: pathOf(o.id).join(' / ') }));
}
