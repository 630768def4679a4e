import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import {
  CHILD_KINDS,
  type CreateOrgRequest,
  type OrgDetail,
  type OrgKind,
  type Organisation,
  type Post,
} from '@tongxin/contract';
import { organisations, orgPosts } from './schema.ts';
import { nextElection, postAllowed } from './rules.ts';
import { historyOf, recordHistory } from './history.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { isUniqueViolation, queryRows } from '../../platform/db/rows.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { memberCounts, memberHome, memberNames } from '../members/service.ts';

export type OrgRow = typeof organisations.$inferSelect;

export function toOrganisation(row: OrgRow, counts: Map<string, number>): Organisation {
  return {
    id: row.id,
    parentId: row.parentId,
    kind: row.kind,
    name: row.name,
    termStartedOn: row.termStartedOn,
    nextElectionOn: row.nextElectionOn,
    memberCount: counts.get(row.id) ?? 0,
  };
}

/** Members in each organisation and below: a branch counts its own, higher levels add up. */
function subtreeCounts(
  rows: OrgRow[],
  direct: { byBranch: Map<string, number>; byGroup: Map<string, number> },
) {
  const children = new Map<string, OrgRow[]>();
  for (const r of rows) {
    if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  }
  const totals = new Map<string, number>();
  const total = (org: OrgRow): number => {
    const known = totals.get(org.id);
    if (known !== undefined) return known;
    let n: number;
    if (org.kind === 'group') n = direct.byGroup.get(org.id) ?? 0;
    else if (org.kind === 'branch' || org.kind === 'joint_branch')
      n = direct.byBranch.get(org.id) ?? 0;
    else n = (children.get(org.id) ?? []).reduce((sum, c) => sum + total(c), 0);
    totals.set(org.id, n);
    return n;
  };
  rows.forEach(total);
  return totals;
}

export async function findOrg(db: Queryable, id: string): Promise<OrgRow | null> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), isNull(organisations.dissolvedAt)))
    .limit(1);
  return row ?? null;
}

export async function requireOrg(db: Queryable, id: string): Promise<OrgRow> {
  const row = await findOrg(db, id);
  if (!row) throw notFound('Organisation');
  return row;
}

export async function rootOrg(db: Queryable): Promise<OrgRow | null> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(isNull(organisations.parentId))
    .limit(1);
  return row ?? null;
}

/** The given organisations and everything below them. */
export async function subtreeIds(db: Queryable, rootIds: readonly string[]): Promise<string[]> {
  if (rootIds.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with recursive tree(id) as (
      select id from organisations where id in ${rootIds} and dissolved_at is null
      union
      select o.id from organisations o join tree t on o.parent_id = t.id where o.dissolved_at is null
    )
    select id from tree`,
  );
  return rows.map((r) => r.id);
}

export async function assertNameFree(db: Queryable, parentId: string | null, name: string) {
  const clash = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        parentId ? eq(organisations.parentId, parentId) : isNull(organisations.parentId),
        eq(organisations.name, name),
        isNull(organisations.dissolvedAt),
      ),
    )
    .limit(1);
  if (clash.length > 0)
    throw conflict(`An organisation named ${name} already exists here`, { field: 'name' });
}

/** The 基层党委 at the top of the tree; created once, at setup. */
export async function createRoot(tx: Tx, actor: Actor, name: string): Promise<string> {
  if (await rootOrg(tx)) throw conflict('The root organisation already exists');
  const [row] = await tx
    .insert(organisations)
    .values({ kind: 'committee', name })
    .returning({ id: organisations.id });
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, {
    action: 'org.create',
    objectType: 'organisation',
    objectId: row.id,
    details: { name, kind: 'committee' },
  });
  await recordHistory(tx, actor, { orgId: row.id, action: 'create', newValue: name });
  return row.id;
}

/** When a change happened, if not now: only the demo, which tells a story that began earlier. */
export interface Backdate {
  at?: Date;
}

/** CHILD_KINDS: 基层党委 → 党总支 → 党支部 → 党小组; `field` names what the caller got wrong. */
export function assertKindAllowed(parent: OrgRow, kind: OrgKind, field: string): void {
  if (!CHILD_KINDS[parent.kind].includes(kind)) {
    throw new AppError(422, 'invalid_org_kind', `A ${kind} cannot sit under a ${parent.kind}`, {
      field,
      allowed: CHILD_KINDS[parent.kind],
    });
  }
}

export async function createOrgInTx(
  tx: Tx,
  actor: Actor,
  input: CreateOrgRequest,
  options: Backdate = {},
): Promise<OrgRow> {
  const parent = await requireOrg(tx, input.parentId);
  assertKindAllowed(parent, input.kind, 'kind');
  const name = input.name.trim();
  await assertNameFree(tx, parent.id, name);
  const hasCommittee = input.kind !== 'group';
  const [row] = await tx
    .insert(organisations)
    .values({
      parentId: parent.id,
      kind: input.kind,
      name,
      termStartedOn: hasCommittee ? (input.termStartedOn ?? null) : null,
      nextElectionOn:
        hasCommittee && input.termStartedOn ? nextElection(input.termStartedOn) : null,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, {
    action: 'org.create',
    objectType: 'organisation',
    objectId: row.id,
    details: { name, kind: input.kind, parentId: parent.id },
  });
  await recordHistory(tx, actor, {
    orgId: row.id,
    action: 'create',
    newValue: name,
    details: { parentId: parent.id, parentName: parent.name },
    ...options,
  });
  return row;
}

export async function createOrg(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateOrgRequest,
): Promise<Organisation> {
  const row = await ctx.database.write((tx) => createOrgInTx(tx, actor, input));
  return toOrganisation(row, new Map());
}

export async function listOrgs(
  ctx: ServiceContext,
  ids: readonly string[] | 'all',
): Promise<Organisation[]> {
  const { db } = ctx.database;
  if (ids !== 'all' && ids.length === 0) return [];
  const all = await db
    .select()
    .from(organisations)
    .where(isNull(organisations.dissolvedAt))
    .orderBy(organisations.createdAt, organisations.name);
  const counts = subtreeCounts(all, await memberCounts(db));
  const visible = ids === 'all' ? all : all.filter((r) => ids.includes(r.id));
  return visible.map((r) => toOrganisation(r, counts));
}

/** Names of organisations by id, dissolved ones included (they keep their records' names). */
export async function orgNames(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]));
  return new Map(rows.map((o) => [o.id, o.name]));
}

/** An organisation whether live or dissolved: history outlives the organisation. */
export async function findOrgAnyState(db: Queryable, id: string): Promise<OrgRow | null> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return row ?? null;
}

export async function orgDetail(
  ctx: ServiceContext,
  id: string,
  canManage = false,
): Promise<OrgDetail> {
  const { db } = ctx.database;
  const org = await findOrgAnyState(db, id);
  if (!org) throw notFound('Organisation');
  const pathRows = await queryRows<{ id: string; name: string; kind: OrgKind }>(
    db,
    sql`
    with recursive up(id, name, kind, parent_id, depth) as (
      select id, name, kind, parent_id, 0 from organisations where id = ${id}
      union all
      select o.id, o.name, o.kind, o.parent_id, up.depth + 1
      from organisations o join up on o.id = up.parent_id
    )
    select id, name, kind, depth from up order by depth desc`,
  );
  const posts = await db
    .select()
    .from(orgPosts)
    .where(and(eq(orgPosts.orgId, id), isNull(orgPosts.endedOn)))
    .orderBy(orgPosts.createdAt);
  const names = await memberNames(
    db,
    posts.map((p) => p.memberId),
  );
  const [withCount] = org.dissolvedAt ? [] : await listOrgs(ctx, [id]);
  const dissolvedChildren = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.parentId, id), isNotNull(organisations.dissolvedAt)))
    .orderBy(desc(organisations.dissolvedAt));
  const history = await historyOf(db, id);
  const dissolvedEntry = history.find((h) => h.action === 'dissolve');
  return {
    organisation: withCount ?? toOrganisation(org, new Map()),
    path: pathRows.map((r) => ({ id: r.id, name: r.name, kind: r.kind })),
    posts: posts.map((p) => ({
      id: p.id,
      orgId: p.orgId,
      memberId: p.memberId,
      memberName: names.get(p.memberId) ?? '',
      post: p.post,
      termStartedOn: p.termStartedOn,
    })),
    termYears: org.termYears === 5 ? 5 : 3,
    dissolved: org.dissolvedAt
      ? { at: org.dissolvedAt.toISOString(), reason: dissolvedEntry?.reason ?? '' }
      : null,
    dissolvedChildren: dissolvedChildren.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      dissolvedAt: (c.dissolvedAt ?? c.createdAt).toISOString(),
    })),
    history,
    canManage: canManage && !org.dissolvedAt,
  };
}

export interface PostAssignment {
  orgId: string;
  memberId: string;
  post: Post;
  termStartedOn: string;
}

/** Appoints a member to a committee post or as a group leader (the member must belong there). */
export async function assignPost(
  tx: Tx,
  actor: Actor,
  input: PostAssignment,
  options: Backdate = {},
): Promise<string> {
  const org = await requireOrg(tx, input.orgId);
  if (!postAllowed(org.kind, input.post)) {
    throw new AppError(422, 'invalid_post', `A ${org.kind} has no ${input.post} post`, {
      field: 'post',
    });
  }
  const within = await subtreeIds(tx, [org.id]);
  const member = await memberHome(tx, input.memberId);
  if (!member) throw notFound('Member');
  const belongs =
    within.includes(member.branchId) ||
    (member.groupId !== null && within.includes(member.groupId));
  if (!belongs) {
    throw new AppError(
      422,
      'not_a_member_here',
      'The member does not belong to this organisation',
      {
        field: 'memberId',
      },
    );
  }
  const [row] = await tx
    .insert(orgPosts)
    .values(input)
    .returning({ id: orgPosts.id })
    .catch((err: unknown) => {
      if (isUniqueViolation(err, 'org_posts_single_seat')) {
        throw conflict('Someone already holds this post', { field: 'post' });
      }
      throw err;
    });
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, {
    action: 'org.post.assign',
    objectType: 'organisation',
    objectId: org.id,
    details: { memberId: input.memberId, post: input.post },
  });
  const names = await memberNames(tx, [input.memberId]);
  await recordHistory(tx, actor, {
    orgId: org.id,
    action: 'post_assign',
    post: input.post,
    newValue: names.get(input.memberId) ?? null,
    details: { postId: row.id, memberId: input.memberId, termStartedOn: input.termStartedOn },
    ...options,
  });
  return row.id;
}

/** Organisations where the member holds a current post (their scope as an officer). */
export async function postsHeldBy(
  db: Queryable,
  memberId: string,
): Promise<{ orgId: string; post: Post }[]> {
  return db
    .select({ orgId: orgPosts.orgId, post: orgPosts.post })
    .from(orgPosts)
    .where(and(eq(orgPosts.memberId, memberId), isNull(orgPosts.endedOn)));
}

/** Members holding a current post in any of the organisations (the officers serving there). */
export async function officeHoldersOf(db: Queryable, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ memberId: orgPosts.memberId })
    .from(orgPosts)
    .where(and(sql`${orgPosts.orgId} in ${orgIds}`, isNull(orgPosts.endedOn)));
  return rows.map((r) => r.memberId);
}
