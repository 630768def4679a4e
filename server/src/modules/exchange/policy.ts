import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SpaceKind, SpaceMember, SpaceRights } from '@tongxin/contract';
import type { Queryable } from '../../platform/db/types.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { users } from '../identity/schema.ts';
import { members } from '../members/schema.ts';
import { organisations, orgPosts } from '../orgs/schema.ts';
import type { exchangeSpaces } from './schema.ts';
import { exchangeSpaceMembers } from './schema.ts';

/*
 * Who may read, post and moderate in a space, and who the readers are.
 *
 * Membership of org and announcement spaces is derived from the roster at query time (a
 * transferred member leaves the old branch's space the moment the transfer is accepted),
 * so the audience is a set-based read of the roster (members, users, org_posts): one query
 * per write, which is what keeps posting to a space of 1,000 members cheap. These are
 * read-only joins; the exchange never writes another module's tables.
 *
 * "Officer over O": holds a current post in O or in an organisation above it. Officers above
 * O read O's spaces (higher levels supervise down); officers over O moderate them.
 * Administrators (三员) take no part in the exchange.
 */

export type SpaceRow = typeof exchangeSpaces.$inferSelect;

/** The account behind a request or a gateway call, with its place in the roster. */
export interface Viewer {
  accountId: string;
  displayName: string;
  memberId: string | null;
  branchId: string | null;
  groupId: string | null;
  /** Organisations where the account holds a current post. */
  postOrgIds: readonly string[];
  /** Administrators and disabled accounts: no part in the exchange. */
  excluded: boolean;
}

/** Members in these conditions are no longer on the roster for the exchange. */
const GONE = sql`('left','deceased')`;

export async function viewerOf(db: Queryable, accountId: string): Promise<Viewer | null> {
  const [row] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      adminRole: users.adminRole,
      disabledAt: users.disabledAt,
      memberId: users.memberId,
      branchId: members.branchId,
      groupId: members.groupId,
      condition: members.condition,
    })
    .from(users)
    .leftJoin(members, eq(members.id, users.memberId))
    .where(eq(users.id, accountId))
    .limit(1);
  if (!row) return null;
  const gone = row.condition === 'left' || row.condition === 'deceased';
  const posts = row.memberId
    ? await db
        .select({ orgId: orgPosts.orgId })
        .from(orgPosts)
        .innerJoin(organisations, eq(organisations.id, orgPosts.orgId))
        .where(
          and(
            eq(orgPosts.memberId, row.memberId),
            isNull(orgPosts.endedOn),
            // Posts of a dissolved organisation carry no rights, as in the party scope.
            isNull(organisations.dissolvedAt),
          ),
        )
    : [];
  return {
    accountId: row.id,
    displayName: row.displayName,
    memberId: row.memberId,
    branchId: gone ? null : row.branchId,
    groupId: gone ? null : row.groupId,
    postOrgIds: gone ? [] : posts.map((p) => p.orgId),
    excluded: row.adminRole !== null || row.disabledAt !== null || !row.memberId,
  };
}

/** The organisation and every organisation above it, nearest first. */
export async function ancestorsOf(db: Queryable, orgId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive up(id, parent_id, depth) as (
          select id, parent_id, 0 from organisations where id = ${orgId}
          union all
          select o.id, o.parent_id, u.depth + 1 from organisations o join up u on o.id = u.parent_id
        )
        select id from up order by depth`,
  );
  return rows.map((r) => r.id);
}

/** The organisations at or below the given ones (not dissolved). */
export async function subtreeOf(db: Queryable, rootIds: readonly string[]): Promise<string[]> {
  if (rootIds.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive down(id) as (
          select id from organisations where id in ${rootIds} and dissolved_at is null
          union
          select o.id from organisations o join down d on o.parent_id = d.id
          where o.dissolved_at is null
        )
        select id from down`,
  );
  return rows.map((r) => r.id);
}

export interface SpaceAccess extends SpaceRights {
  read: boolean;
  /** Reads as a supervising officer, not as a member. */
  readOnly: boolean;
  /** Member of the space (its own people, as opposed to supervising readers). */
  member: boolean;
}

const NONE: SpaceAccess = {
  read: false,
  readOnly: false,
  member: false,
  post: false,
  moderate: false,
  manageMembers: false,
};

async function isExplicitMember(db: Queryable, spaceId: string, accountId: string) {
  const [row] = await db
    .select({ a: exchangeSpaceMembers.accountId })
    .from(exchangeSpaceMembers)
    .where(
      and(eq(exchangeSpaceMembers.spaceId, spaceId), eq(exchangeSpaceMembers.accountId, accountId)),
    )
    .limit(1);
  return row !== undefined;
}

/** What the viewer may do in the space; a space it may not read answers 404 to it. */
export async function spaceAccess(
  db: Queryable,
  viewer: Viewer,
  space: SpaceRow,
): Promise<SpaceAccess> {
  if (viewer.excluded) return NONE;
  if (space.kind === 'dm') {
    const member = await isExplicitMember(db, space.id, viewer.accountId);
    return member
      ? { read: true, readOnly: false, member, post: true, moderate: false, manageMembers: true }
      : NONE;
  }
  if (!space.orgId) return NONE;
  const ancestors = await ancestorsOf(db, space.orgId);
  const officerOver = viewer.postOrgIds.some((o) => ancestors.includes(o));
  const officerAbove = viewer.postOrgIds.some((o) => ancestors.slice(1).includes(o));
  switch (space.kind) {
    case 'org': {
      const member =
        viewer.branchId === space.orgId ||
        viewer.groupId === space.orgId ||
        viewer.postOrgIds.includes(space.orgId);
      const read = member || officerAbove;
      return {
        read,
        readOnly: read && !member,
        member,
        post: member,
        moderate: officerOver,
        manageMembers: false,
      };
    }
    case 'announcement': {
      const home = [viewer.branchId, viewer.groupId, ...viewer.postOrgIds].filter(
        (o): o is string => o !== null,
      );
      const inSubtree =
        home.length > 0 && (await subtreeOf(db, [space.orgId])).some((o) => home.includes(o));
      const read = inSubtree || officerOver;
      return {
        read,
        readOnly: read && !officerOver,
        member: read,
        post: officerOver,
        moderate: officerOver,
        manageMembers: false,
      };
    }
    case 'study_group':
    case 'cross_branch': {
      const member = await isExplicitMember(db, space.id, viewer.accountId);
      const read = member || officerOver;
      return {
        read,
        readOnly: read && !member,
        member,
        post: member,
        moderate: officerOver,
        manageMembers: officerOver,
      };
    }
  }
}

/** Whether the viewer may post @全体 (and pin, withdraw others' messages): a moderator. */
export const mayAddressAll = (a: SpaceAccess): boolean => a.moderate && a.post;

const activeAccount = sql`u.disabled_at is null and u.admin_role is null`;

/** Accounts of members whose branch or group is one of `orgIds`, and post holders there. */
const rosterAccountsSql = (orgIds: readonly string[], postOrgIds: readonly string[]) => sql`
  select u.id as account_id from users u join members m on m.id = u.member_id
  where (m.branch_id in ${orgIds} or m.group_id in ${orgIds})
    and m.condition not in ${GONE} and ${activeAccount}
  union
  select u.id from users u join org_posts p on p.member_id = u.member_id
  join members m on m.id = p.member_id
  where p.org_id in ${postOrgIds} and p.ended_on is null
    and m.condition not in ${GONE} and ${activeAccount}`;

const postHoldersSql = (orgIds: readonly string[]) => sql`
  select u.id as account_id from users u join org_posts p on p.member_id = u.member_id
  join members m on m.id = p.member_id
  where p.org_id in ${orgIds} and p.ended_on is null
    and m.condition not in ${GONE} and ${activeAccount}`;

const explicitSql = (spaceId: string) => sql`
  select s.account_id from exchange_space_members s join users u on u.id = s.account_id
  where s.space_id = ${spaceId} and ${activeAccount}`;

/**
 * The accounts that are members of the space: derived from the roster for org and
 * announcement spaces (an announcement's members are its whole subtree), explicit otherwise.
 */
async function memberSql(db: Queryable, space: SpaceRow) {
  if (space.kind === 'dm' || space.kind === 'study_group' || space.kind === 'cross_branch') {
    return explicitSql(space.id);
  }
  if (!space.orgId) return null;
  if (space.kind === 'org') return rosterAccountsSql([space.orgId], [space.orgId]);
  const subtree = await subtreeOf(db, [space.orgId]);
  return subtree.length > 0 ? rosterAccountsSql(subtree, subtree) : null;
}

/** The supervising readers who are not members: officers over the space's organisation. */
async function supervisorSql(db: Queryable, space: SpaceRow) {
  if (space.kind === 'dm' || !space.orgId) return null;
  const ancestors = await ancestorsOf(db, space.orgId);
  // For an org space, post holders of the organisation itself are members already.
  const above = space.kind === 'org' ? ancestors.slice(1) : ancestors;
  return above.length > 0 ? postHoldersSql(above) : null;
}

/**
 * Every account that may read the space: the recipients of its events. One query, so
 * posting to a space of 1,000 members costs one round trip here.
 */
export async function spaceAudience(db: Queryable, space: SpaceRow): Promise<string[]> {
  const parts = [await memberSql(db, space), await supervisorSql(db, space)].filter(
    (p): p is NonNullable<typeof p> => p !== null,
  );
  if (parts.length === 0) return [];
  const rows = await queryRows<{ account_id: string }>(
    db,
    sql`select distinct account_id from (${sql.join(parts, sql` union `)}) a`,
  );
  return rows.map((r) => r.account_id);
}

/** The members of the space with their names, for the member list and @mentions. */
export async function spaceMembers(
  db: Queryable,
  space: SpaceRow,
): Promise<(SpaceMember & { username: string })[]> {
  const part = await memberSql(db, space);
  if (!part) return [];
  return (
    await queryRows<{
      account_id: string;
      display_name: string;
      username: string;
      branch_name: string | null;
    }>(
      db,
      sql`select u.id as account_id, u.display_name, u.username, o.name as branch_name
          from users u
          left join members m on m.id = u.member_id
          left join organisations o on o.id = m.branch_id
          where u.id in (${part})
          order by u.display_name, u.id`,
    )
  ).map((r) => ({
    accountId: r.account_id,
    displayName: r.display_name,
    username: r.username,
    branchName: r.branch_name,
  }));
}

/** How many accounts are members of each space (for the list). */
export async function memberCount(db: Queryable, space: SpaceRow): Promise<number> {
  const part = await memberSql(db, space);
  if (!part) return 0;
  const [row] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(distinct account_id) as n from (${part}) a`,
  );
  return Number(row?.n ?? 0);
}

/**
 * People the viewer can see on the roster: accounts of members in the given organisations
 * (its visible scope), and the officers of the organisations above it (so a member can write
 * to the 党委's secretary). For DMs and for adding members to explicit spaces.
 */
export async function visiblePeople(
  db: Queryable,
  orgIds: readonly string[],
  officerOrgIds: readonly string[],
  query: { q?: string; limit: number; only?: readonly string[] },
): Promise<SpaceMember[]> {
  if (orgIds.length === 0 && officerOrgIds.length === 0) return [];
  const inScope = [
    ...(orgIds.length > 0 ? [sql`m.branch_id in ${orgIds}`] : []),
    ...(officerOrgIds.length > 0
      ? [
          sql`exists (select 1 from org_posts p where p.member_id = m.id
                and p.ended_on is null and p.org_id in ${officerOrgIds})`,
        ]
      : []),
  ];
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await queryRows<{
    account_id: string;
    display_name: string;
    branch_name: string | null;
  }>(
    db,
    sql`select u.id as account_id, u.display_name, o.name as branch_name
        from users u join members m on m.id = u.member_id
        join organisations o on o.id = m.branch_id
        where (${sql.join(inScope, sql` or `)}) and m.condition not in ${GONE} and ${activeAccount}
        ${like ? sql`and (u.display_name ilike ${like} or u.username ilike ${like})` : sql``}
        ${query.only ? (query.only.length > 0 ? sql`and u.id in ${query.only}` : sql`and false`) : sql``}
        order by u.display_name, u.id
        limit ${query.limit}`,
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    displayName: r.display_name,
    branchName: r.branch_name,
  }));
}

export type { SpaceKind };
