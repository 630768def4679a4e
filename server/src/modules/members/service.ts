import { and, eq, notInArray, sql, type SQL } from 'drizzle-orm';
import type {
  Member,
  MemberCondition,
  MemberList,
  MemberListQuery,
  MemberStatus,
  Gender,
} from '@tongxin/contract';
import { members } from './schema.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { findOrg, subtreeIds } from '../orgs/service.ts';
import { isBranch } from '../orgs/rules.ts';

/** Conditions under which someone no longer counts toward an organisation's membership. */
const GONE: MemberCondition[] = ['left', 'deceased'];

export interface NewMember {
  name: string;
  gender: Gender;
  ethnicity?: string;
  birthDate?: string | null;
  education?: string | null;
  unit?: string | null;
  job?: string | null;
  joinedOn?: string | null;
  fullMemberOn?: string | null;
  status: MemberStatus;
  condition?: MemberCondition;
  branchId: string;
  groupId?: string | null;
}

export async function createMember(tx: Tx, actor: Actor, input: NewMember): Promise<string> {
  const branch = await findOrg(tx, input.branchId);
  if (!branch) throw notFound('Branch');
  if (!isBranch(branch.kind)) {
    throw new AppError(422, 'not_a_branch', 'A member belongs to a 党支部 or 联合党支部', {
      field: 'branchId',
    });
  }
  if (input.groupId) {
    const group = await findOrg(tx, input.groupId);
    if (!group || group.kind !== 'group' || group.parentId !== branch.id) {
      throw new AppError(
        422,
        'group_outside_branch',
        'The 党小组 must belong to the member’s branch',
        {
          field: 'groupId',
        },
      );
    }
  }
  if (
    input.status === 'full' &&
    input.fullMemberOn &&
    input.joinedOn &&
    input.fullMemberOn < input.joinedOn
  ) {
    throw new AppError(422, 'invalid_dates', 'Full membership cannot precede joining', {
      field: 'fullMemberOn',
    });
  }
  const [row] = await tx
    .insert(members)
    .values({
      name: input.name.trim(),
      gender: input.gender,
      ethnicity: input.ethnicity ?? '汉族',
      birthDate: input.birthDate ?? null,
      education: input.education ?? null,
      unit: input.unit ?? null,
      job: input.job ?? null,
      joinedOn: input.joinedOn ?? null,
      fullMemberOn: input.fullMemberOn ?? null,
      status: input.status,
      condition: input.condition ?? 'normal',
      branchId: branch.id,
      groupId: input.groupId ?? null,
    })
    .returning({ id: members.id });
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, {
    action: 'member.create',
    objectType: 'member',
    objectId: row.id,
    details: { branchId: branch.id },
  });
  return row.id;
}

export async function memberHome(
  db: Queryable,
  id: string,
): Promise<{ branchId: string; groupId: string | null } | null> {
  const [row] = await db
    .select({ branchId: members.branchId, groupId: members.groupId })
    .from(members)
    .where(eq(members.id, id))
    .limit(1);
  return row ?? null;
}

export async function memberNames(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(sql`${members.id} in ${ids}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Current members per branch and per 党小组. */
export async function memberCounts(
  db: Queryable,
): Promise<{ byBranch: Map<string, number>; byGroup: Map<string, number> }> {
  const rows = await db
    .select({ branchId: members.branchId, groupId: members.groupId, n: sql<number>`count(*)::int` })
    .from(members)
    .where(notInArray(members.condition, GONE))
    .groupBy(members.branchId, members.groupId);
  const byBranch = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const r of rows) {
    byBranch.set(r.branchId, (byBranch.get(r.branchId) ?? 0) + r.n);
    if (r.groupId) byGroup.set(r.groupId, (byGroup.get(r.groupId) ?? 0) + r.n);
  }
  return { byBranch, byGroup };
}

const orgNames = async (db: Queryable, ids: string[]): Promise<Map<string, string>> => {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => findOrg(db, id)));
  return new Map(found.flatMap((o) => (o ? [[o.id, o.name] as const] : [])));
};

function toMember(row: typeof members.$inferSelect, names: Map<string, string>): Member {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    ethnicity: row.ethnicity,
    birthDate: row.birthDate,
    education: row.education,
    unit: row.unit,
    job: row.job,
    joinedOn: row.joinedOn,
    fullMemberOn: row.fullMemberOn,
    status: row.status,
    condition: row.condition,
    branchId: row.branchId,
    branchName: names.get(row.branchId) ?? '',
    groupId: row.groupId,
    groupName: row.groupId ? (names.get(row.groupId) ?? null) : null,
  };
}

/** Members of an organisation and everything below it. */
export async function listMembers(
  ctx: ServiceContext,
  orgId: string,
  query: MemberListQuery,
): Promise<MemberList> {
  const { db } = ctx.database;
  const scope = await subtreeIds(db, [orgId]);
  if (scope.length === 0) throw notFound('Organisation');
  const filters: SQL[] = [sql`(${members.branchId} in ${scope} or ${members.groupId} in ${scope})`];
  if (query.q) filters.push(sql`${members.name} like ${`%${query.q.replace(/[\\%_]/g, '\\$&')}%`}`);
  if (query.status) filters.push(eq(members.status, query.status));
  if (query.condition) filters.push(eq(members.condition, query.condition));
  const where = and(...filters);
  const [countRow] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(where);
  const rows = await db
    .select()
    .from(members)
    .where(where)
    .orderBy(members.name, members.id)
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0);
  const names = await orgNames(
    db,
    rows.flatMap((r) => (r.groupId ? [r.branchId, r.groupId] : [r.branchId])),
  );
  return { items: rows.map((r) => toMember(r, names)), total: countRow?.n ?? 0 };
}

export async function getMember(ctx: ServiceContext, id: string): Promise<Member> {
  const { db } = ctx.database;
  const [row] = await db.select().from(members).where(eq(members.id, id)).limit(1);
  if (!row) throw notFound('Member');
  const names = await orgNames(db, row.groupId ? [row.branchId, row.groupId] : [row.branchId]);
  return toMember(row, names);
}
