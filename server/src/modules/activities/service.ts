import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  lt,
  ne,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import {
  ATTENDANCE_STATUSES,
  type ActivityCandidate,
  type ActivityListQuery,
  type ActivityRecord,
  type ActivitySummary,
  type ActivityTarget,
  type ActivityType,
  type AttendanceCounts,
  type AttendanceStatus,
  type LeaveRequest,
  type LeaveStatus,
  type MinutesInput,
  type OrgRef,
} from '@tongxin/contract';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { listFilesOfOwners } from '../files/service.ts';
import { members } from '../members/schema.ts';
import { membersIn } from '../members/service.ts';
import { findOrg, listOrgs, officeHoldersOf, orgNames, subtreeIds } from '../orgs/service.ts';
import { mayManage, maySee, type ActivityRights } from './policy.ts';
import { shapeResolutions, type VoteBase } from './quorum.ts';
import {
  activities,
  activityAttendees,
  activityLeaveRequests,
  activityMakeups,
  activityOrgs,
  activityTopics,
} from './schema.ts';

export type ActivityRow = typeof activities.$inferSelect;
export type AttendeeRow = typeof activityAttendees.$inferSelect;

/** What attachments of an activity are claimed as (files module owner kind). */
export const ACTIVITY_FILE_OWNER = 'activity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export async function findActivity(db: Queryable, id: string): Promise<ActivityRow | null> {
  const [row] = await db.select().from(activities).where(eq(activities.id, id)).limit(1);
  return row ?? null;
}

/** The organisations an activity counts for: the host first, then the partners. */
export async function countedFor(db: Queryable, activityId: string): Promise<string[]> {
  const rows = await db
    .select({ orgId: activityOrgs.orgId, host: activityOrgs.host })
    .from(activityOrgs)
    .where(eq(activityOrgs.activityId, activityId));
  return rows.sort((a, b) => Number(b.host) - Number(a.host)).map((r) => r.orgId);
}

export async function attendeesOf(db: Queryable, activityId: string): Promise<AttendeeRow[]> {
  return db
    .select()
    .from(activityAttendees)
    .where(eq(activityAttendees.activityId, activityId))
    .orderBy(asc(activityAttendees.branchName), asc(activityAttendees.name));
}

/** The activity if the caller may see it; 404 otherwise (ids cannot be probed). */
export async function visibleActivity(
  db: Queryable,
  rights: ActivityRights,
  id: string,
): Promise<ActivityRow> {
  const row = await findActivity(db, id);
  if (row) {
    const orgs = await countedFor(db, id);
    const expected =
      rights.memberId !== null &&
      (
        await db
          .select({ m: activityAttendees.memberId })
          .from(activityAttendees)
          .where(
            and(
              eq(activityAttendees.activityId, id),
              eq(activityAttendees.memberId, rights.memberId),
            ),
          )
          .limit(1)
      ).length > 0;
    if (maySee(rights, row, orgs, expected)) return row;
  }
  throw notFound('Activity');
}

/**
 * Activities that count for an organisation (host or partner), published or finalised,
 * starting in [from, to): for reports and other modules (org life, evaluation).
 */
export async function activitiesOf(
  db: Queryable,
  orgId: string,
  filter: { from?: Date; to?: Date; type?: ActivityType } = {},
): Promise<ActivityRow[]> {
  const where: SQL[] = [
    sql`${activities.id} in (select activity_id from activity_orgs where org_id = ${orgId})`,
    ne(activities.status, 'draft'),
  ];
  if (filter.from) where.push(gte(activities.startsAt, filter.from));
  if (filter.to) where.push(lt(activities.startsAt, filter.to));
  if (filter.type) where.push(eq(activities.type, filter.type));
  return db
    .select()
    .from(activities)
    .where(and(...where))
    .orderBy(asc(activities.startsAt));
}

export function countAttendance(rows: readonly AttendeeRow[]): AttendanceCounts {
  const by = (s: AttendanceStatus) => rows.filter((r) => r.status === s).length;
  return {
    expected: rows.length,
    present: by('present'),
    absent: by('absent'),
    leave: by('leave'),
    votingExpected: rows.filter((r) => r.voting).length,
    votingPresent: rows.filter((r) => r.voting && r.status === 'present').length,
  };
}

export function voteBase(rows: readonly AttendeeRow[]): VoteBase {
  const committee = rows.filter((r) => r.committee);
  return {
    counts: countAttendance(rows),
    committeeExpected: committee.length,
    committeePresent: committee.filter((r) => r.status === 'present').length,
  };
}

const EMPTY_MINUTES: MinutesInput = { agenda: [], speeches: [], resolutions: [], summary: '' };

async function orgRefs(db: Queryable, ids: readonly string[]): Promise<OrgRef[]> {
  const names = await orgNames(db, ids);
  return ids.map((id) => ({ id, name: names.get(id) ?? '' }));
}

/** The whole record, as the detail page shows it and each version keeps it. */
export async function buildRecord(db: Queryable, row: ActivityRow): Promise<ActivityRecord> {
  // One after another: inside a transaction they share one connection.
  const orgIds = await countedFor(db, row.id);
  const attendees = await attendeesOf(db, row.id);
  const makeups = await db
    .select()
    .from(activityMakeups)
    .where(eq(activityMakeups.activityId, row.id))
    .orderBy(asc(activityMakeups.date), asc(activityMakeups.recordedAt));
  const topics = await db
    .select()
    .from(activityTopics)
    .where(eq(activityTopics.activityId, row.id));
  const files = await listFilesOfOwners(db, ACTIVITY_FILE_OWNER, [row.id]);
  const org = await findOrg(db, row.orgId);
  const refs = await orgRefs(db, orgIds);
  const topicOrgNames = await orgNames(
    db,
    topics.map((t) => t.orgId),
  );
  const people = new Map(attendees.map((a) => [a.memberId, a.name]));
  const personIds = [row.hostMemberId, row.recorderMemberId].filter(
    (m): m is string => m !== null && !people.has(m),
  );
  if (personIds.length > 0) {
    const extra = await db
      .select({ id: members.id, name: members.name })
      .from(members)
      .where(inArray(members.id, personIds));
    for (const p of extra) people.set(p.id, p.name);
  }
  const person = (id: string | null) => (id ? { memberId: id, name: people.get(id) ?? '' } : null);
  const minutes = row.minutes ?? EMPTY_MINUTES;
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    title: row.title,
    orgId: row.orgId,
    orgName: org?.name ?? '',
    orgKind: org?.kind ?? 'branch',
    partnerOrgs: refs.filter((r) => r.id !== row.orgId),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    place: row.place,
    host: person(row.hostMemberId),
    recorder: person(row.recorderMemberId),
    details: row.details,
    signInOpensBeforeMinutes: row.signInOpensBeforeMinutes,
    signInClosesAfterMinutes: row.signInClosesAfterMinutes,
    attendees: attendees.map((a) => ({
      memberId: a.memberId,
      name: a.name,
      orgName: a.branchName,
      voting: a.voting,
      status: a.status,
      signedInAt: iso(a.signedInAt),
      signInMethod: a.signInMethod,
      note: a.note,
    })),
    counts: countAttendance(attendees),
    minutes: {
      agenda: minutes.agenda,
      speeches: minutes.speeches,
      resolutions: shapeResolutions(row.type, voteBase(attendees), minutes.resolutions),
      summary: minutes.summary,
      updatedAt: iso(row.minutesUpdatedAt),
      updatedByName: row.minutesUpdatedByName,
    },
    attachments: files.get(row.id) ?? [],
    makeups: makeups.map((m) => ({
      id: m.id,
      memberId: m.memberId,
      name: m.name,
      date: m.date,
      method: m.method,
      content: m.content,
      confirmedByName: m.confirmedByName,
      recordedAt: m.recordedAt.toISOString(),
    })),
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    publishedAt: iso(row.publishedAt),
    noticeId: row.noticeId,
    topics: topics.map((t) => ({
      orgId: t.orgId,
      orgName: topicOrgNames.get(t.orgId) ?? '',
      spaceId: t.spaceId,
      topicId: t.topicId,
    })),
    finalisedAt: iso(row.finalisedAt),
    finalisedByName: row.finalisedByName,
    version: row.version,
  };
}

export async function leaveRequestsOf(
  db: Queryable,
  activityId: string,
  onlyMember: string | null,
): Promise<LeaveRequest[]> {
  const where = [eq(activityLeaveRequests.activityId, activityId)];
  if (onlyMember) where.push(eq(activityLeaveRequests.memberId, onlyMember));
  const rows = await db
    .select()
    .from(activityLeaveRequests)
    .where(and(...where))
    .orderBy(asc(activityLeaveRequests.createdAt));
  return rows.map((r) => ({
    id: r.id,
    memberId: r.memberId,
    name: r.name,
    reason: r.reason,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    decidedByName: r.decidedByName,
    decidedAt: iso(r.decidedAt),
    decisionNote: r.decisionNote,
  }));
}

/** The QR sign-in window: from the set minutes before the start to the set minutes after the end. */
export function signInWindow(row: ActivityRow): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(row.startsAt.getTime() - row.signInOpensBeforeMinutes * 60_000),
    closesAt: new Date(row.endsAt.getTime() + row.signInClosesAfterMinutes * 60_000),
  };
}

// ---- lists and calendar -------------------------------------------------------------------

/** The organisations a list asks about, limited to what the caller sees or manages. */
async function listScope(
  db: Queryable,
  rights: ActivityRights,
  orgId: string | undefined,
  includeSubtree: boolean,
): Promise<string[]> {
  const reach = new Set([...rights.visible, ...rights.manageScope]);
  if (!orgId) return [...reach];
  if (!reach.has(orgId)) throw notFound('Organisation');
  const ids = includeSubtree ? await subtreeIds(db, [orgId]) : [orgId];
  return ids.filter((id) => reach.has(id));
}

function listWhere(
  rights: ActivityRights,
  orgs: readonly string[],
  filter: { type?: ActivityType; status?: string; from?: Date; to?: Date },
): SQL {
  const where: SQL[] = [
    orgs.length > 0
      ? sql`${activities.id} in (select activity_id from activity_orgs where org_id in ${orgs})`
      : sql`false`,
  ];
  // Drafts only where the caller manages the host.
  const managed = rights.manageScope;
  const notDraft = ne(activities.status, 'draft');
  where.push(
    managed.length > 0 ? (or(notDraft, inArray(activities.orgId, [...managed])) as SQL) : notDraft,
  );
  if (filter.type) where.push(eq(activities.type, filter.type));
  if (filter.status) where.push(sql`${activities.status} = ${filter.status}`);
  if (filter.from) where.push(gte(activities.startsAt, filter.from));
  if (filter.to) where.push(lt(activities.startsAt, filter.to));
  return and(...where) as SQL;
}

async function summaries(
  db: Queryable,
  rights: ActivityRights,
  rows: readonly ActivityRow[],
): Promise<ActivitySummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const orgLinks = await db
    .select()
    .from(activityOrgs)
    .where(inArray(activityOrgs.activityId, ids));
  const attendance = await db
    .select({
      activityId: activityAttendees.activityId,
      status: activityAttendees.status,
      voting: activityAttendees.voting,
      n: count(),
    })
    .from(activityAttendees)
    .where(inArray(activityAttendees.activityId, ids))
    .groupBy(activityAttendees.activityId, activityAttendees.status, activityAttendees.voting);
  const leaves = rights.memberId
    ? await db
        .select()
        .from(activityLeaveRequests)
        .where(
          and(
            inArray(activityLeaveRequests.activityId, ids),
            eq(activityLeaveRequests.memberId, rights.memberId),
          ),
        )
        .orderBy(asc(activityLeaveRequests.createdAt))
    : [];
  const mine = rights.memberId
    ? await db
        .select({ activityId: activityAttendees.activityId, status: activityAttendees.status })
        .from(activityAttendees)
        .where(
          and(
            inArray(activityAttendees.activityId, ids),
            eq(activityAttendees.memberId, rights.memberId),
          ),
        )
    : [];
  const names = await orgNames(db, [...new Set(orgLinks.map((l) => l.orgId))]);
  const kinds = new Map<string, ActivitySummary['orgKind']>();
  for (const orgId of new Set(rows.map((r) => r.orgId))) {
    kinds.set(orgId, (await findOrg(db, orgId))?.kind ?? 'branch');
  }
  return rows.map((r) => {
    const counts: AttendanceCounts = {
      expected: 0,
      present: 0,
      absent: 0,
      leave: 0,
      votingExpected: 0,
      votingPresent: 0,
    };
    for (const a of attendance.filter((x) => x.activityId === r.id)) {
      counts.expected += a.n;
      if (a.status !== 'expected') counts[a.status] += a.n;
      if (a.voting) counts.votingExpected += a.n;
      if (a.voting && a.status === 'present') counts.votingPresent += a.n;
    }
    const own = mine.find((m) => m.activityId === r.id);
    const leave = leaves.filter((l) => l.activityId === r.id).at(-1);
    return {
      id: r.id,
      type: r.type,
      status: r.status,
      title: r.title,
      orgId: r.orgId,
      orgName: names.get(r.orgId) ?? '',
      orgKind: kinds.get(r.orgId) ?? 'branch',
      partnerOrgs: orgLinks
        .filter((l) => l.activityId === r.id && !l.host)
        .map((l) => ({ id: l.orgId, name: names.get(l.orgId) ?? '' })),
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      place: r.place,
      counts,
      mine: own
        ? { status: own.status, leave: (leave?.status ?? null) as LeaveStatus | null }
        : null,
      version: r.version,
    };
  });
}

export async function listActivities(
  db: Queryable,
  rights: ActivityRights,
  query: ActivityListQuery,
): Promise<{ items: ActivitySummary[]; total: number }> {
  const orgs = await listScope(db, rights, query.orgId, query.includeSubtree ?? false);
  const where = listWhere(rights, orgs, {
    ...(query.type ? { type: query.type } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
  });
  const [total] = await db.select({ n: count() }).from(activities).where(where);
  const rows = await db
    .select()
    .from(activities)
    .where(where)
    .orderBy(desc(activities.startsAt), activities.id)
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0);
  return { items: await summaries(db, rights, rows), total: total?.n ?? 0 };
}

/** The instant a month starts in Asia/Shanghai (UTC+8, no daylight saving). */
function shanghaiMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - 8 * 3600_000);
}

export async function activityCalendar(
  db: Queryable,
  rights: ActivityRights,
  query: { month: string; orgId?: string; includeSubtree?: boolean; type?: ActivityType },
): Promise<ActivitySummary[]> {
  const [y, m] = query.month.split('-').map(Number) as [number, number];
  const from = shanghaiMonthStart(y, m);
  const to = m === 12 ? shanghaiMonthStart(y + 1, 1) : shanghaiMonthStart(y, m + 1);
  const orgs = await listScope(db, rights, query.orgId, query.includeSubtree ?? false);
  const rows = await db
    .select()
    .from(activities)
    .where(listWhere(rights, orgs, { ...(query.type ? { type: query.type } : {}), from, to }))
    .orderBy(asc(activities.startsAt), activities.id)
    .limit(500);
  return summaries(db, rights, rows);
}

// ---- planning helpers ---------------------------------------------------------------------

async function pathsOf(ctx: ServiceContext, ids: readonly string[]): Promise<ActivityTarget[]> {
  const all = await listOrgs(ctx, 'all');
  const byId = new Map(all.map((o) => [o.id, o]));
  const pathOf = (id: string): string => {
    const names: string[] = [];
    for (let o = byId.get(id); o; o = o.parentId ? byId.get(o.parentId) : undefined) {
      if (!o.parentId && names.length > 0) break; // the root is the same for everyone
      names.unshift(o.name);
    }
    return names.join(' / ');
  };
  return all
    .filter((o) => ids.includes(o.id))
    .map((o) => ({ id: o.id, name: o.name, kind: o.kind, path: pathOf(o.id) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function activityTargets(
  ctx: ServiceContext,
  rights: ActivityRights,
): Promise<ActivityTarget[]> {
  return rights.manageScope.length === 0 ? [] : pathsOf(ctx, rights.manageScope);
}

/** Branches a joint activity may invite: every branch of the tree outside the host's subtree. */
export async function partnerOrgs(ctx: ServiceContext, hostId: string): Promise<ActivityTarget[]> {
  const all = await listOrgs(ctx, 'all');
  const hostSubtree = new Set(await subtreeIds(ctx.database.db, [hostId]));
  return pathsOf(
    ctx,
    all
      .filter((o) => (o.kind === 'branch' || o.kind === 'joint_branch') && !hostSubtree.has(o.id))
      .map((o) => o.id),
  );
}

export interface RosterPerson {
  memberId: string;
  name: string;
  branchId: string;
  branchName: string;
  voting: boolean;
  committee: boolean;
  defaultExpected: boolean;
}

/**
 * Who may take part in an activity of the organisation (and its partners), and the roster
 * default of its type: everyone in the organisation (and below) with the officers serving
 * there; the committee for 支委会; for 联学联建 also everyone in the partner branches.
 */
export async function rosterFor(
  db: Queryable,
  orgId: string,
  type: ActivityType,
  partnerIds: readonly string[],
): Promise<RosterPerson[]> {
  const hostTree = await subtreeIds(db, [orgId]);
  const partnerTree = partnerIds.length > 0 ? await subtreeIds(db, partnerIds) : [];
  const ordinary = await membersIn(db, [...hostTree, ...partnerTree]);
  const committee = new Set(await officeHoldersOf(db, [orgId]));
  const partnerCommittees = new Set(partnerIds.length ? await officeHoldersOf(db, partnerIds) : []);
  const ids = [...new Set([...ordinary.map((m) => m.id), ...committee, ...partnerCommittees])];
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: members.id,
      name: members.name,
      branchId: members.branchId,
      status: members.status,
    })
    .from(members)
    .where(
      and(
        inArray(members.id, ids),
        // Party members only: applicants and activists are not expected at party meetings.
        inArray(members.status, ['probationary', 'full']),
        notInArray(members.condition, ['left', 'deceased']),
      ),
    );
  const branchNames = await orgNames(db, [...new Set(rows.map((r) => r.branchId))]);
  return rows
    .map((r) => ({
      memberId: r.id,
      name: r.name,
      branchId: r.branchId,
      branchName: branchNames.get(r.branchId) ?? '',
      voting: r.status === 'full',
      committee: committee.has(r.id),
      defaultExpected: type === 'committee_meeting' ? committee.has(r.id) : true,
    }))
    .sort((a, b) =>
      a.branchName === b.branchName
        ? a.name.localeCompare(b.name, 'zh-CN')
        : a.branchName.localeCompare(b.branchName, 'zh-CN'),
    );
}

export async function activityCandidates(
  db: Queryable,
  orgId: string,
  type: ActivityType,
  partnerIds: readonly string[],
): Promise<ActivityCandidate[]> {
  return (await rosterFor(db, orgId, type, partnerIds)).map((p) => ({
    memberId: p.memberId,
    name: p.name,
    orgName: p.branchName,
    voting: p.voting,
    committee: p.committee,
    defaultExpected: p.defaultExpected,
  }));
}

/** Checks that partner branches are valid for a joint activity of the host. */
export async function assertPartners(
  ctx: ServiceContext,
  hostId: string,
  partnerIds: readonly string[],
): Promise<void> {
  const allowed = new Set((await partnerOrgs(ctx, hostId)).map((o) => o.id));
  const wrong = partnerIds.filter((id) => !allowed.has(id));
  if (wrong.length > 0) {
    throw new AppError(
      422,
      'partner_org_invalid',
      'Partners must be other branches, outside the host organisation',
      { field: 'details/partnerOrgIds', orgIds: wrong },
    );
  }
}

export const mayManageActivity = mayManage;
export { ATTENDANCE_STATUSES };
