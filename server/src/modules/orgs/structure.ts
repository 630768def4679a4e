import { and, count, eq, isNull } from 'drizzle-orm';
import {
  type AssignPostRequest,
  type OrgPost,
  type DissolveOrgRequest,
  type EndPostRequest,
  type MoveOrgRequest,
  type Organisation,
  type UpdateOrgRequest,
} from '@tongxin/contract';
import { organisations, orgPosts } from './schema.ts';
import { nextElection, todayOnServer } from './rules.ts';
import { recordHistory } from './history.ts';
import {
  assertKindAllowed,
  assertNameFree,
  assignPost,
  findOrg,
  listOrgs,
  requireOrg,
  subtreeIds,
  toOrganisation,
  type Backdate,
  type OrgRow,
} from './service.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Tx } from '../../platform/db/types.ts';
import { isUniqueViolation } from '../../platform/db/rows.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { memberCounts, memberNames } from '../members/service.ts';

/** The sibling-name index may still catch a race the explicit check missed. */
function nameTaken(name: string) {
  return (err: unknown): never => {
    if (isUniqueViolation(err, 'organisations_sibling_name')) {
      throw conflict(`An organisation named ${name} already exists here`, { field: 'name' });
    }
    throw err;
  };
}

async function withCount(ctx: ServiceContext, row: OrgRow): Promise<Organisation> {
  const [org] = await listOrgs(ctx, [row.id]);
  return org ?? toOrganisation(row, new Map());
}

/** Rename, and/or record a new committee term (换届) with its length: each change in history. */
export async function updateOrgInTx(
  tx: Tx,
  actor: Actor,
  id: string,
  input: UpdateOrgRequest,
  options: Backdate = {},
): Promise<OrgRow> {
  const org = await requireOrg(tx, id);
  const reason = input.reason ?? null;
  const changes: Partial<typeof organisations.$inferInsert> = {};
  const name = input.name?.trim();
  if (name !== undefined && name !== org.name) {
    await assertNameFree(tx, org.parentId, name);
    changes.name = name;
    await recordHistory(tx, actor, {
      orgId: id,
      action: 'rename',
      oldValue: org.name,
      newValue: name,
      reason,
      ...options,
    });
  }
  if (input.termStartedOn !== undefined || input.termYears !== undefined) {
    if (org.kind === 'group') {
      throw new AppError(422, 'no_committee', 'A 党小组 has a leader, not an elected committee', {
        field: input.termStartedOn !== undefined ? 'termStartedOn' : 'termYears',
      });
    }
    const termStartedOn = input.termStartedOn ?? org.termStartedOn;
    const termYears = input.termYears ?? org.termYears;
    changes.termYears = termYears;
    changes.termStartedOn = termStartedOn;
    changes.nextElectionOn = termStartedOn ? nextElection(termStartedOn, termYears) : null;
    await recordHistory(tx, actor, {
      orgId: id,
      action: 'term',
      oldValue: org.termStartedOn,
      newValue: termStartedOn,
      reason,
      details: { termYears, nextElectionOn: changes.nextElectionOn },
      ...options,
    });
  }
  if (Object.keys(changes).length === 0) return org;
  const [row] = await tx
    .update(organisations)
    .set(changes)
    .where(eq(organisations.id, id))
    .returning()
    .catch(nameTaken(name ?? org.name));
  if (!row) throw notFound('Organisation');
  await recordAudit(tx, actor, {
    action: 'org.update',
    objectType: 'organisation',
    objectId: id,
    details: { ...changes, previousName: org.name },
  });
  return row;
}

export async function updateOrg(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: UpdateOrgRequest,
): Promise<Organisation> {
  const row = await ctx.database.write((tx) => updateOrgInTx(tx, actor, id, input));
  return withCount(ctx, row);
}

/**
 * Moves an organisation, with everything below it, under another parent. The kind rules
 * hold (a 党小组 stays under a branch), it cannot go under itself, and a 党小组 with members
 * does not move: its members' 组织关系 is their branch, and changing that is a transfer.
 */
export async function moveOrg(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: MoveOrgRequest,
): Promise<Organisation> {
  const row = await ctx.database.write(async (tx) => {
    const org = await requireOrg(tx, id);
    if (!org.parentId) {
      throw new AppError(422, 'root_fixed', 'The 基层党委 at the top cannot be moved');
    }
    const parent = await findOrg(tx, input.parentId);
    if (!parent) throw notFound('Organisation');
    if (parent.id === org.parentId) {
      throw new AppError(422, 'same_parent', 'The organisation is already there', {
        field: 'parentId',
      });
    }
    if ((await subtreeIds(tx, [org.id])).includes(parent.id)) {
      throw new AppError(422, 'would_cycle', 'An organisation cannot move below itself', {
        field: 'parentId',
      });
    }
    assertKindAllowed(parent, org.kind, 'parentId');
    if (org.kind === 'group' && ((await memberCounts(tx)).byGroup.get(org.id) ?? 0) > 0) {
      throw new AppError(
        409,
        'group_has_members',
        'A 党小组 with members cannot move to another branch; move its members first',
        { field: 'parentId' },
      );
    }
    await assertNameFree(tx, parent.id, org.name);
    const oldParent = await findOrg(tx, org.parentId);
    const [moved] = await tx
      .update(organisations)
      .set({ parentId: parent.id })
      .where(eq(organisations.id, id))
      .returning()
      .catch(nameTaken(org.name));
    if (!moved) throw notFound('Organisation');
    await recordHistory(tx, actor, {
      orgId: id,
      action: 'move',
      oldValue: oldParent?.name ?? null,
      newValue: parent.name,
      reason: input.reason ?? null,
      details: { fromParentId: org.parentId, toParentId: parent.id },
    });
    await recordAudit(tx, actor, {
      action: 'org.move',
      objectType: 'organisation',
      objectId: id,
      details: { fromParentId: org.parentId, toParentId: parent.id },
    });
    return moved;
  });
  return withCount(ctx, row);
}

/**
 * Dissolves an organisation that has no members in good standing and no live sub-organisations.
 * It leaves the live tree but stays in history (its record, posts and timeline), and its name
 * is free for a new organisation. Posts still held end on the day.
 */
export async function dissolveOrg(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: DissolveOrgRequest,
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const org = await requireOrg(tx, id);
    if (!org.parentId) {
      throw new AppError(422, 'root_fixed', 'The 基层党委 at the top cannot be dissolved');
    }
    const counts = await memberCounts(tx);
    const members = (org.kind === 'group' ? counts.byGroup : counts.byBranch).get(org.id) ?? 0;
    const [children] = await tx
      .select({ n: count() })
      .from(organisations)
      .where(and(eq(organisations.parentId, id), isNull(organisations.dissolvedAt)));
    const subOrganisations = children?.n ?? 0;
    if (members > 0 || subOrganisations > 0) {
      throw new AppError(
        409,
        'org_not_empty',
        'Only an organisation without members and sub-organisations can be dissolved',
        { members, subOrganisations },
      );
    }
    const today = todayOnServer();
    const ended = await tx
      .update(orgPosts)
      .set({ endedOn: today })
      .where(and(eq(orgPosts.orgId, id), isNull(orgPosts.endedOn)))
      .returning({ id: orgPosts.id, memberId: orgPosts.memberId, post: orgPosts.post });
    const names = await memberNames(
      tx,
      ended.map((p) => p.memberId),
    );
    for (const post of ended) {
      await recordHistory(tx, actor, {
        orgId: id,
        action: 'post_end',
        post: post.post,
        oldValue: names.get(post.memberId) ?? null,
        reason: input.reason,
        details: { postId: post.id, memberId: post.memberId, endedOn: today },
      });
    }
    await tx.update(organisations).set({ dissolvedAt: new Date() }).where(eq(organisations.id, id));
    await recordHistory(tx, actor, {
      orgId: id,
      action: 'dissolve',
      oldValue: org.name,
      reason: input.reason,
    });
    await recordAudit(tx, actor, {
      action: 'org.dissolve',
      objectType: 'organisation',
      objectId: id,
      details: { name: org.name, reason: input.reason, postsEnded: ended.length },
    });
  });
}

/** Ends a current post (the term is over, or the holder stepped down) on the given date. */
export async function endPost(
  ctx: ServiceContext,
  actor: Actor,
  orgId: string,
  postId: string,
  input: EndPostRequest,
): Promise<void> {
  await ctx.database.write(async (tx) => {
    await requireOrg(tx, orgId);
    const [post] = await tx
      .select()
      .from(orgPosts)
      .where(and(eq(orgPosts.id, postId), eq(orgPosts.orgId, orgId), isNull(orgPosts.endedOn)))
      .limit(1);
    if (!post) throw notFound('Post');
    if (input.endedOn < post.termStartedOn) {
      throw new AppError(422, 'invalid_dates', 'A post cannot end before it began', {
        field: 'endedOn',
      });
    }
    await tx.update(orgPosts).set({ endedOn: input.endedOn }).where(eq(orgPosts.id, postId));
    const names = await memberNames(tx, [post.memberId]);
    await recordHistory(tx, actor, {
      orgId,
      action: 'post_end',
      post: post.post,
      oldValue: names.get(post.memberId) ?? null,
      reason: input.reason ?? null,
      details: { postId, memberId: post.memberId, endedOn: input.endedOn },
    });
    await recordAudit(tx, actor, {
      action: 'org.post.end',
      objectType: 'organisation',
      objectId: orgId,
      details: { postId, memberId: post.memberId, post: post.post, endedOn: input.endedOn },
    });
  });
}

/** Appoints over HTTP: the same rules as the seed's assignPost, answering with the new post. */
export async function appointPost(
  ctx: ServiceContext,
  actor: Actor,
  orgId: string,
  input: AssignPostRequest,
): Promise<OrgPost> {
  const id = await ctx.database.write((tx) => assignPost(tx, actor, { orgId, ...input }));
  const names = await memberNames(ctx.database.db, [input.memberId]);
  return { id, orgId, memberName: names.get(input.memberId) ?? '', ...input };
}
