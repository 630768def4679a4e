import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import {
  ORG_LIFE_REPORT_EXCERPT,
  type AdvanceOrgLifeRequest,
  type CloseRectificationRequest,
  type CreateOpinionRequest,
  type CreateOrgLifeMeetingRequest,
  type CreateRectificationRequest,
  type CriticismRequest,
  type OrgLifeCounts,
  type OrgLifeCriticismRecord,
  type OrgLifeListQuery,
  type OrgLifeMeeting,
  type OrgLifeMember,
  type OrgLifeOpinion,
  type OrgLifeReport,
  type OrgLifeStatus,
  type OrgLifeTarget,
  type Rectification,
  type RectificationListQuery,
  type RectificationStatus,
  type UpdateOrgLifeMeetingRequest,
  type UpdateRectificationRequest,
} from '@tongxin/contract';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { CryptoProvider } from '../../platform/crypto/provider.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { attendeesOf, countAttendance, countedFor, findActivity } from '../activities/service.ts';
import { archiveRecord } from '../archive/service.ts';
import { claimFiles, listFilesOfOwners } from '../files/service.ts';
import { findUser } from '../identity/service.ts';
import { memberNames, membersIn } from '../members/service.ts';
import { findOrg, officeHoldersOf } from '../orgs/service.ts';
import {
  canManageCycle,
  canReadCriticisms,
  canViewCycle,
  orgLifeRights,
  type OrgLifeRights,
} from './policy.ts';
import {
  orgLifeCriticisms,
  orgLifeMeetings,
  orgLifeOpinions,
  orgLifeRectifications,
} from './schema.ts';
import { indexRectification } from './search-doc.ts';

export type OrgLifeMeetingRow = typeof orgLifeMeetings.$inferSelect;
type RectificationRow = typeof orgLifeRectifications.$inferSelect;

/** The owner kind of files attached to rectification items as evidence (files: claimFiles). */
export const RECTIFICATION_FILE_OWNER = 'org_life_rectification';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Today's calendar date where the branches are (Asia/Shanghai): a deadline of the 31st is
 * met until that day ends there, whatever the server's own zone.
 */
export function shanghaiToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const isOverdue = (row: { deadline: string; status: string }, today: string): boolean =>
  row.status !== 'done' && row.deadline < today;

// ---- meetings ----

export async function findMeeting(db: Queryable, id: string): Promise<OrgLifeMeetingRow | null> {
  const [row] = await db.select().from(orgLifeMeetings).where(eq(orgLifeMeetings.id, id)).limit(1);
  return row ?? null;
}

/** The cycle if the caller may see it (its branch, its committee, higher levels); else 404. */
export async function visibleMeeting(
  db: Queryable,
  rights: OrgLifeRights,
  id: string,
): Promise<OrgLifeMeetingRow> {
  const row = await findMeeting(db, id);
  if (row && canViewCycle(rights, row)) return row;
  throw notFound('Org life meeting');
}

/** Only records of a cycle still open to change: once reported, the record is what was sent. */
function assertNotReported(row: OrgLifeMeetingRow): void {
  if (row.status === 'reported') {
    throw new AppError(409, 'org_life_reported', 'The report was submitted; the cycle is closed');
  }
}

async function lockMeeting(tx: Tx, id: string): Promise<OrgLifeMeetingRow> {
  const [row] = await tx
    .select()
    .from(orgLifeMeetings)
    .where(eq(orgLifeMeetings.id, id))
    .limit(1)
    .for('update');
  if (!row) throw notFound('Org life meeting');
  return row;
}

/**
 * The linked activity must be an 组织生活会 (type org_life_meeting) that counts for the branch:
 * hosted by it or joined as a partner. Checked through the activities service.
 */
async function assertActivityLink(db: Queryable, activityId: string, orgId: string) {
  const activity = await findActivity(db, activityId);
  const fits =
    activity?.type === 'org_life_meeting' && (await countedFor(db, activity.id)).includes(orgId);
  if (!fits) {
    throw new AppError(
      422,
      'org_life_bad_activity',
      'Link an org life meeting activity of this branch',
      { field: 'activityId' },
    );
  }
}

/** Branches (党支部, 联合党支部) where the caller may open a cycle, their own first. */
export async function orgLifeTargets(
  db: Queryable,
  rights: OrgLifeRights,
): Promise<OrgLifeTarget[]> {
  const out: OrgLifeTarget[] = [];
  for (const id of rights.manageScope) {
    const org = await findOrg(db, id);
    if (org && (org.kind === 'branch' || org.kind === 'joint_branch')) {
      out.push({ id: org.id, name: org.name });
    }
  }
  // The caller's own branch first: the form starts there, as officers usually mean it.
  const home = (t: OrgLifeTarget) => (t.id === rights.homeBranchId ? 0 : 1);
  return out.sort((a, b) => home(a) - home(b) || a.name.localeCompare(b.name, 'zh'));
}

export async function createMeeting(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateOrgLifeMeetingRequest,
  /** The demo seeds a cycle created months ago; everyone else creates now. */
  options: { createdAt?: Date } = {},
): Promise<string> {
  const org = await findOrg(ctx.database.db, input.orgId);
  if (!org) throw notFound('Organisation');
  if (org.kind !== 'branch' && org.kind !== 'joint_branch') {
    throw new AppError(422, 'org_life_not_branch', 'An org life meeting is held by a branch', {
      field: 'orgId',
    });
  }
  if (input.activityId) await assertActivityLink(ctx.database.db, input.activityId, org.id);
  const createdBy = actor.userId;
  if (!createdBy) throw new Error('an org life meeting is opened by an account');
  return ctx.database.write(async (tx) => {
    const [row] = await tx
      .insert(orgLifeMeetings)
      .values({
        orgId: org.id,
        year: input.year,
        title: input.title.trim(),
        meetingDate: input.meetingDate,
        activityId: input.activityId ?? null,
        createdBy,
        ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      })
      .returning({ id: orgLifeMeetings.id });
    if (!row) throw new Error('insert returned no row');
    await recordAudit(tx, actor, {
      action: 'orglife.create',
      objectType: 'org_life_meeting',
      objectId: row.id,
      details: { orgId: org.id, year: input.year, activityId: input.activityId ?? null },
    });
    return row.id;
  });
}

export async function updateMeeting(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  patch: UpdateOrgLifeMeetingRequest,
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const row = await lockMeeting(tx, id);
    assertNotReported(row);
    if (patch.activityId) await assertActivityLink(tx, patch.activityId, row.orgId);
    await tx
      .update(orgLifeMeetings)
      .set({
        ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
        ...(patch.meetingDate !== undefined ? { meetingDate: patch.meetingDate } : {}),
        ...(patch.activityId !== undefined ? { activityId: patch.activityId } : {}),
        ...(patch.summary !== undefined ? { summary: patch.summary } : {}),
        ...(patch.opinionSummary !== undefined ? { opinionSummary: patch.opinionSummary } : {}),
      })
      .where(eq(orgLifeMeetings.id, id));
    await recordAudit(tx, actor, {
      action: 'orglife.update',
      objectType: 'org_life_meeting',
      objectId: id,
      details: { fields: Object.keys(patch) },
    });
  });
}

const NEXT: Partial<Record<OrgLifeStatus, OrgLifeStatus>> = {
  preparing: 'held',
  held: 'rectifying',
};

/** preparing → held → rectifying, one step at a time; a held meeting needs its date. */
export async function advanceMeeting(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  to: AdvanceOrgLifeRequest['status'],
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const row = await lockMeeting(tx, id);
    if (NEXT[row.status as OrgLifeStatus] !== to) {
      throw new AppError(
        409,
        'org_life_bad_step',
        `A cycle in ${row.status} cannot move to ${to}`,
        {
          from: row.status,
          to,
        },
      );
    }
    if (to === 'held' && !row.meetingDate) {
      throw new AppError(422, 'org_life_no_date', 'Record the meeting date first', {
        field: 'meetingDate',
      });
    }
    await tx.update(orgLifeMeetings).set({ status: to }).where(eq(orgLifeMeetings.id, id));
    await recordAudit(tx, actor, {
      action: 'orglife.advance',
      objectType: 'org_life_meeting',
      objectId: id,
      details: { from: row.status, to },
    });
  });
}

/**
 * 上报: the report goes to the parent organisation, which then finds it among the reports
 * submitted to it. Only from rectifying; the cycle is closed afterwards.
 */
export async function submitReport(
  ctx: ServiceContext,
  actor: Actor,
  /** The submitter's display name, as the parent organisation reads it. */
  byName: string,
  id: string,
  options: { at?: Date } = {},
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const row = await lockMeeting(tx, id);
    if (row.status !== 'rectifying') {
      throw new AppError(409, 'org_life_bad_step', 'Only a cycle in rectification is reported', {
        from: row.status,
        to: 'reported',
      });
    }
    const org = await findOrg(tx, row.orgId);
    if (!org?.parentId) throw conflict('This organisation has no parent to report to');
    await tx
      .update(orgLifeMeetings)
      .set({
        status: 'reported',
        submittedAt: options.at ?? new Date(),
        submittedByName: byName,
        reportedToOrgId: org.parentId,
      })
      .where(eq(orgLifeMeetings.id, id));
    await recordAudit(tx, actor, {
      action: 'orglife.submit',
      objectType: 'org_life_meeting',
      objectId: id,
      details: { reportedToOrgId: org.parentId },
    });
  });
}

async function countsOf(
  db: Queryable,
  ids: readonly string[],
  today: string,
): Promise<Map<string, OrgLifeCounts>> {
  const out = new Map<string, OrgLifeCounts>();
  if (ids.length === 0) return out;
  for (const id of ids) out.set(id, { opinions: 0, rectifications: 0, done: 0, overdue: 0 });
  const opinions = await db
    .select({ id: orgLifeOpinions.meetingId, n: count() })
    .from(orgLifeOpinions)
    .where(inArray(orgLifeOpinions.meetingId, [...ids]))
    .groupBy(orgLifeOpinions.meetingId);
  for (const o of opinions) {
    const c = out.get(o.id);
    if (c) c.opinions = o.n;
  }
  const items = await db
    .select({
      id: orgLifeRectifications.meetingId,
      status: orgLifeRectifications.status,
      deadline: orgLifeRectifications.deadline,
    })
    .from(orgLifeRectifications)
    .where(inArray(orgLifeRectifications.meetingId, [...ids]));
  for (const item of items) {
    const c = out.get(item.id);
    if (!c) continue;
    c.rectifications += 1;
    if (item.status === 'done') c.done += 1;
    if (isOverdue(item, today)) c.overdue += 1;
  }
  return out;
}

async function shapeMeetings(
  db: Queryable,
  rights: OrgLifeRights,
  rows: OrgLifeMeetingRow[],
): Promise<OrgLifeMeeting[]> {
  const counts = await countsOf(
    db,
    rows.map((r) => r.id),
    shanghaiToday(),
  );
  const names = new Map<string, string>();
  for (const id of new Set(rows.flatMap((r) => [r.orgId, r.reportedToOrgId ?? r.orgId]))) {
    names.set(id, (await findOrg(db, id))?.name ?? '');
  }
  return rows.map((r) => {
    const manage = canManageCycle(rights, r);
    return {
      id: r.id,
      orgId: r.orgId,
      orgName: names.get(r.orgId) ?? '',
      year: r.year,
      title: r.title,
      meetingDate: r.meetingDate,
      status: r.status as OrgLifeStatus,
      activityId: r.activityId,
      summary: r.summary,
      // The digest of opinions is the committee's working text, not the branch's.
      opinionSummary: manage ? r.opinionSummary : '',
      createdAt: r.createdAt.toISOString(),
      submittedAt: iso(r.submittedAt),
      submittedByName: r.submittedByName,
      reportedToOrgId: r.reportedToOrgId,
      reportedToOrgName: r.reportedToOrgId ? (names.get(r.reportedToOrgId) ?? '') : null,
      counts: counts.get(r.id) ?? { opinions: 0, rectifications: 0, done: 0, overdue: 0 },
      may: {
        manage: manage && r.status !== 'reported',
        readAll: manage,
        giveOpinion: r.status === 'preparing' && rights.memberId !== null,
      },
    };
  });
}

export async function meetingView(
  db: Queryable,
  rights: OrgLifeRights,
  row: OrgLifeMeetingRow,
): Promise<OrgLifeMeeting> {
  const [shaped] = await shapeMeetings(db, rights, [row]);
  if (!shaped) throw notFound('Org life meeting');
  return shaped;
}

/** Every cycle the caller sees, or (box reported) the reports submitted to their organisations. */
export async function listMeetings(
  db: Queryable,
  rights: OrgLifeRights,
  query: OrgLifeListQuery,
): Promise<OrgLifeMeeting[]> {
  const where: SQL[] = [];
  if ((query.box ?? 'all') === 'reported') {
    if (rights.manageScope.length === 0) return [];
    where.push(inArray(orgLifeMeetings.reportedToOrgId, [...rights.manageScope]));
  } else {
    const seen = [...rights.manageScope, ...(rights.homeBranchId ? [rights.homeBranchId] : [])];
    if (seen.length === 0) return [];
    where.push(inArray(orgLifeMeetings.orgId, seen));
  }
  if (query.orgId) where.push(eq(orgLifeMeetings.orgId, query.orgId));
  if (query.year) where.push(eq(orgLifeMeetings.year, query.year));
  if (query.status) where.push(eq(orgLifeMeetings.status, query.status));
  const rows = await db
    .select()
    .from(orgLifeMeetings)
    .where(and(...where))
    .orderBy(desc(orgLifeMeetings.year), desc(orgLifeMeetings.createdAt))
    .limit(500);
  return shapeMeetings(db, rights, rows);
}

// ---- members of the cycle ----

/** Current members of the branch, and those who left it since but have records in the cycle. */
async function participants(
  db: Queryable,
  row: OrgLifeMeetingRow,
): Promise<{ id: string; name: string }[]> {
  const current = await membersIn(db, [row.orgId]);
  const known = new Set(current.map((m) => m.id));
  const recorded = await db
    .selectDistinct({ id: orgLifeCriticisms.subjectMemberId })
    .from(orgLifeCriticisms)
    .where(eq(orgLifeCriticisms.meetingId, row.id));
  const gone = recorded.map((r) => r.id).filter((id) => !known.has(id));
  const goneNames = await memberNames(db, gone);
  return [
    ...current.map((m) => ({ id: m.id, name: m.name })),
    ...gone.map((id) => ({ id, name: goneNames.get(id) ?? '' })),
  ];
}

async function assertParticipant(
  db: Queryable,
  row: OrgLifeMeetingRow,
  memberId: string,
  field: string,
): Promise<string> {
  const found = (await participants(db, row)).find((p) => p.id === memberId);
  if (!found) {
    throw new AppError(422, 'org_life_not_participant', 'That member is not in this branch', {
      field,
    });
  }
  return found.name;
}

export async function cycleMembers(
  db: Queryable,
  rights: OrgLifeRights,
  row: OrgLifeMeetingRow,
): Promise<OrgLifeMember[]> {
  const people = await participants(db, row);
  const committee = new Set(await officeHoldersOf(db, [row.orgId]));
  const records = await db
    .select({
      subject: orgLifeCriticisms.subjectMemberId,
      kind: orgLifeCriticisms.kind,
      n: count(),
    })
    .from(orgLifeCriticisms)
    .where(eq(orgLifeCriticisms.meetingId, row.id))
    .groupBy(orgLifeCriticisms.subjectMemberId, orgLifeCriticisms.kind);
  const selfOf = new Set(records.filter((r) => r.kind === 'self').map((r) => r.subject));
  const received = new Map(
    records.filter((r) => r.kind === 'received').map((r) => [r.subject, r.n]),
  );
  return people.map((p) => {
    const mayRead = canReadCriticisms(rights, row, p.id);
    return {
      memberId: p.id,
      name: p.name,
      committee: committee.has(p.id),
      mayRead,
      hasSelfCriticism: mayRead ? selfOf.has(p.id) : null,
      criticismsReceived: mayRead ? (received.get(p.id) ?? 0) : null,
    };
  });
}

// ---- opinions (征求意见) ----

/**
 * A member gives an opinion in their own name; the committee records opinions from the
 * masses (with the name they gave) and anonymous ones that reached it (意见箱), which store no
 * giver: the audit entry then names the recording officer, not the giver.
 */
export async function addOpinion(
  ctx: ServiceContext,
  actor: Actor,
  rights: OrgLifeRights,
  row: OrgLifeMeetingRow,
  input: CreateOpinionRequest,
): Promise<string> {
  if (row.status !== 'preparing') {
    throw new AppError(
      409,
      'org_life_opinions_closed',
      'Opinions are collected before the meeting',
    );
  }
  const source = input.source ?? 'member';
  const anonymous = input.anonymous ?? false;
  const manage = canManageCycle(rights, row);
  if ((source === 'masses' || anonymous) && !manage) {
    throw new AppError(
      403,
      'forbidden',
      'Opinions from the masses and anonymous ones are recorded by the committee',
    );
  }
  if (source === 'member' && !anonymous && !rights.memberId) {
    throw new AppError(403, 'forbidden', 'Only members give opinions in their own name');
  }
  if (source === 'masses' && !input.fromName) {
    throw new AppError(422, 'invalid_input', 'Say who gave the opinion', { field: 'fromName' });
  }
  const { db } = ctx.database;
  let targetMemberId: string | null = null;
  if (input.target === 'member') {
    if (!input.targetMemberId) {
      throw new AppError(422, 'invalid_input', 'Choose the committee member', {
        field: 'targetMemberId',
      });
    }
    if (!(await officeHoldersOf(db, [row.orgId])).includes(input.targetMemberId)) {
      throw new AppError(
        422,
        'org_life_not_committee',
        'Opinions are about the committee or one of its members',
        { field: 'targetMemberId' },
      );
    }
    targetMemberId = input.targetMemberId;
  }
  let fromMemberId: string | null = null;
  let fromName: string | null = null;
  if (source === 'masses') fromName = anonymous ? null : (input.fromName ?? null);
  else if (!anonymous && rights.memberId) {
    fromMemberId = rights.memberId;
    fromName = (await memberNames(db, [rights.memberId])).get(rights.memberId) ?? actor.name;
  }
  return ctx.database.write(async (tx) => {
    const [created] = await tx
      .insert(orgLifeOpinions)
      .values({
        meetingId: row.id,
        target: input.target,
        targetMemberId,
        source,
        fromMemberId,
        fromName,
        anonymous,
        body: input.body.trim(),
      })
      .returning({ id: orgLifeOpinions.id });
    if (!created) throw new Error('insert returned no row');
    await recordAudit(tx, actor, {
      action: 'orglife.opinion',
      objectType: 'org_life_meeting',
      objectId: row.id,
      details: { opinionId: created.id, target: input.target, source, anonymous },
    });
    return created.id;
  });
}

export async function listOpinions(
  db: Queryable,
  row: OrgLifeMeetingRow,
): Promise<OrgLifeOpinion[]> {
  const rows = await db
    .select()
    .from(orgLifeOpinions)
    .where(eq(orgLifeOpinions.meetingId, row.id))
    .orderBy(asc(orgLifeOpinions.createdAt), asc(orgLifeOpinions.id));
  const names = await memberNames(db, [
    ...new Set(rows.flatMap((r) => (r.targetMemberId ? [r.targetMemberId] : []))),
  ]);
  return rows.map((r) => ({
    id: r.id,
    target: r.target as OrgLifeOpinion['target'],
    targetMemberId: r.targetMemberId,
    targetName: r.targetMemberId ? (names.get(r.targetMemberId) ?? '') : null,
    source: r.source as OrgLifeOpinion['source'],
    fromName: r.fromName,
    anonymous: r.anonymous,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
  }));
}

// ---- criticisms (批评与自我批评), encrypted ----

const adOf = (rowId: string) => ({ table: 'org_life_criticisms', column: 'body', rowId });
const seal = (crypto: CryptoProvider, rowId: string, body: string): string =>
  crypto.encrypt(body.trim(), adOf(rowId));
const open = (crypto: CryptoProvider, row: { id: string; bodyCipher: string }): string =>
  crypto.decrypt(row.bodyCipher, adOf(row.id));

/** The record of one member, or 404 for anyone but that member, the committee and above. */
export async function criticismRecord(
  ctx: ServiceContext,
  rights: OrgLifeRights,
  row: OrgLifeMeetingRow,
  memberId: string,
): Promise<OrgLifeCriticismRecord> {
  const { db } = ctx.database;
  const person = (await participants(db, row)).find((p) => p.id === memberId);
  if (!person || !canReadCriticisms(rights, row, memberId)) throw notFound('Criticism record');
  const rows = await db
    .select()
    .from(orgLifeCriticisms)
    .where(
      and(eq(orgLifeCriticisms.meetingId, row.id), eq(orgLifeCriticisms.subjectMemberId, memberId)),
    )
    .orderBy(asc(orgLifeCriticisms.createdAt), asc(orgLifeCriticisms.id));
  const self = rows.find((r) => r.kind === 'self');
  const received = rows.filter((r) => r.kind === 'received');
  const names = await memberNames(db, [
    ...new Set(received.flatMap((r) => (r.fromMemberId ? [r.fromMemberId] : []))),
  ]);
  return {
    memberId,
    name: person.name,
    selfCriticism: self ? open(ctx.crypto, self) : null,
    selfCriticismAt: self ? self.updatedAt.toISOString() : null,
    received: received.map((r) => ({
      id: r.id,
      fromMemberId: r.fromMemberId ?? '',
      fromName: r.fromMemberId ? (names.get(r.fromMemberId) ?? '') : '',
      body: open(ctx.crypto, r),
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

/** Records (or replaces) a member's self-criticism: by the member or the committee. */
export async function setSelfCriticism(
  ctx: ServiceContext,
  actor: Actor,
  rights: OrgLifeRights,
  row: OrgLifeMeetingRow,
  memberId: string,
  body: string,
): Promise<void> {
  assertNotReported(row);
  await assertParticipant(ctx.database.db, row, memberId, 'memberId');
  if (!canReadCriticisms(rights, row, memberId)) throw notFound('Criticism record');
  await ctx.database.write(async (tx) => {
    await lockMeeting(tx, row.id);
    const [existing] = await tx
      .select({ id: orgLifeCriticisms.id })
      .from(orgLifeCriticisms)
      .where(
        and(
          eq(orgLifeCriticisms.meetingId, row.id),
          eq(orgLifeCriticisms.subjectMemberId, memberId),
          eq(orgLifeCriticisms.kind, 'self'),
        ),
      )
      .limit(1);
    if (existing) {
      await tx
        .update(orgLifeCriticisms)
        .set({ bodyCipher: seal(ctx.crypto, existing.id, body), updatedAt: new Date() })
        .where(eq(orgLifeCriticisms.id, existing.id));
    } else {
      const id = randomUUID();
      await tx.insert(orgLifeCriticisms).values({
        id,
        meetingId: row.id,
        subjectMemberId: memberId,
        kind: 'self',
        bodyCipher: seal(ctx.crypto, id, body),
        recordedBy: rights.accountId,
      });
    }
    // The text itself never goes into the audit log: only that it was recorded, and for whom.
    await recordAudit(tx, actor, {
      action: 'orglife.self_criticism',
      objectType: 'org_life_meeting',
      objectId: row.id,
      details: { memberId, replaced: Boolean(existing) },
    });
  });
}

/** The committee records a criticism voiced at the meeting: who said what to whom. */
export async function addCriticism(
  ctx: ServiceContext,
  actor: Actor,
  rights: OrgLifeRights,
  row: OrgLifeMeetingRow,
  memberId: string,
  input: CriticismRequest,
): Promise<string> {
  assertNotReported(row);
  const { db } = ctx.database;
  await assertParticipant(db, row, memberId, 'memberId');
  await assertParticipant(db, row, input.fromMemberId, 'fromMemberId');
  if (input.fromMemberId === memberId) {
    throw new AppError(422, 'org_life_self', 'A member’s own words are their self-criticism', {
      field: 'fromMemberId',
    });
  }
  return ctx.database.write(async (tx) => {
    await lockMeeting(tx, row.id);
    const id = randomUUID();
    await tx.insert(orgLifeCriticisms).values({
      id,
      meetingId: row.id,
      subjectMemberId: memberId,
      kind: 'received',
      fromMemberId: input.fromMemberId,
      bodyCipher: seal(ctx.crypto, id, input.body),
      recordedBy: rights.accountId,
    });
    await recordAudit(tx, actor, {
      action: 'orglife.criticism',
      objectType: 'org_life_meeting',
      objectId: row.id,
      details: { criticismId: id, memberId, fromMemberId: input.fromMemberId },
    });
    return id;
  });
}

// ---- rectification items (整改事项) ----

export async function findRectification(
  db: Queryable,
  id: string,
): Promise<RectificationRow | null> {
  const [row] = await db
    .select()
    .from(orgLifeRectifications)
    .where(eq(orgLifeRectifications.id, id))
    .limit(1);
  return row ?? null;
}

async function shapeRectifications(
  db: Queryable,
  rows: RectificationRow[],
  today: string,
): Promise<Rectification[]> {
  const names = await memberNames(db, [...new Set(rows.map((r) => r.ownerMemberId))]);
  const files = await listFilesOfOwners(
    db,
    RECTIFICATION_FILE_OWNER,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meetingId,
    problem: r.problem,
    measure: r.measure,
    ownerMemberId: r.ownerMemberId,
    ownerName: names.get(r.ownerMemberId) ?? '',
    deadline: r.deadline,
    status: r.status as RectificationStatus,
    overdue: isOverdue(r, today),
    evidence: r.evidence,
    attachments: files.get(r.id) ?? [],
    closedByName: r.closedByName,
    closedAt: iso(r.closedAt),
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function listRectifications(
  db: Queryable,
  meetingId: string,
  query: RectificationListQuery,
  today: string = shanghaiToday(),
): Promise<Rectification[]> {
  const where: SQL[] = [eq(orgLifeRectifications.meetingId, meetingId)];
  if (query.status) where.push(eq(orgLifeRectifications.status, query.status));
  if (query.ownerMemberId) where.push(eq(orgLifeRectifications.ownerMemberId, query.ownerMemberId));
  const overdue = and(
    ne(orgLifeRectifications.status, 'done'),
    sql`${orgLifeRectifications.deadline} < ${today}`,
  );
  if (query.overdue === true && overdue) where.push(overdue);
  if (query.overdue === false && overdue) where.push(sql`not (${overdue})`);
  const rows = await db
    .select()
    .from(orgLifeRectifications)
    .where(and(...where))
    .orderBy(asc(orgLifeRectifications.deadline), asc(orgLifeRectifications.createdAt));
  return shapeRectifications(db, rows, today);
}

export async function rectificationView(
  db: Queryable,
  row: RectificationRow,
): Promise<Rectification> {
  const [shaped] = await shapeRectifications(db, [row], shanghaiToday());
  if (!shaped) throw notFound('Rectification item');
  return shaped;
}

export async function addRectification(
  ctx: ServiceContext,
  actor: Actor,
  row: OrgLifeMeetingRow,
  input: CreateRectificationRequest,
): Promise<string> {
  assertNotReported(row);
  await assertParticipant(ctx.database.db, row, input.ownerMemberId, 'ownerMemberId');
  return ctx.database.write(async (tx) => {
    await lockMeeting(tx, row.id);
    const [created] = await tx
      .insert(orgLifeRectifications)
      .values({
        meetingId: row.id,
        problem: input.problem.trim(),
        measure: input.measure.trim(),
        ownerMemberId: input.ownerMemberId,
        deadline: input.deadline,
      })
      .returning({ id: orgLifeRectifications.id });
    if (!created) throw new Error('insert returned no row');
    await indexRectification(tx, created.id);
    await recordAudit(tx, actor, {
      action: 'orglife.rectification.create',
      objectType: 'org_life_rectification',
      objectId: created.id,
      details: {
        meetingId: row.id,
        ownerMemberId: input.ownerMemberId,
        deadline: input.deadline,
      },
    });
    return created.id;
  });
}

async function lockItem(tx: Tx, id: string): Promise<RectificationRow> {
  const [row] = await tx
    .select()
    .from(orgLifeRectifications)
    .where(eq(orgLifeRectifications.id, id))
    .limit(1)
    .for('update');
  if (!row) throw notFound('Rectification item');
  if (row.status === 'done') {
    throw new AppError(409, 'rectification_done', 'The item is closed');
  }
  return row;
}

export async function updateRectification(
  ctx: ServiceContext,
  actor: Actor,
  meeting: OrgLifeMeetingRow,
  id: string,
  patch: UpdateRectificationRequest,
): Promise<void> {
  assertNotReported(meeting);
  if (patch.ownerMemberId) {
    await assertParticipant(ctx.database.db, meeting, patch.ownerMemberId, 'ownerMemberId');
  }
  await ctx.database.write(async (tx) => {
    await lockItem(tx, id);
    await tx
      .update(orgLifeRectifications)
      .set({
        ...(patch.problem !== undefined ? { problem: patch.problem.trim() } : {}),
        ...(patch.measure !== undefined ? { measure: patch.measure.trim() } : {}),
        ...(patch.ownerMemberId !== undefined ? { ownerMemberId: patch.ownerMemberId } : {}),
        ...(patch.deadline !== undefined ? { deadline: patch.deadline } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
      })
      .where(eq(orgLifeRectifications.id, id));
    await indexRectification(tx, id);
    await recordAudit(tx, actor, {
      action: 'orglife.rectification.update',
      objectType: 'org_life_rectification',
      objectId: id,
      details: { meetingId: meeting.id, ...patch },
    });
  });
}

/** Closes an item with its evidence (text and the closer's uploads); who and when are kept. */
export async function closeRectification(
  ctx: ServiceContext,
  actor: Actor,
  /** The closing account and its display name, kept with the item. */
  closer: { accountId: string; name: string },
  meeting: OrgLifeMeetingRow,
  id: string,
  input: CloseRectificationRequest,
  options: { at?: Date } = {},
): Promise<void> {
  assertNotReported(meeting);
  await ctx.database.write(async (tx) => {
    await lockItem(tx, id);
    const files = await claimFiles(tx, closer.accountId, input.fileIds ?? [], {
      kind: RECTIFICATION_FILE_OWNER,
      id,
    });
    const closedAt = options.at ?? new Date();
    const [closed] = await tx
      .update(orgLifeRectifications)
      .set({
        status: 'done',
        evidence: input.evidence.trim(),
        closedBy: closer.accountId,
        closedByName: closer.name,
        closedAt,
      })
      .where(eq(orgLifeRectifications.id, id))
      .returning();
    if (!closed) throw notFound('Rectification item');
    await indexRectification(tx, id);
    // The closed item goes to the archive (党建档案) before the audit entry (archive lock first).
    const closedOn = shanghaiToday(closedAt);
    const [item] = await shapeRectifications(tx, [closed], closedOn);
    if (!item) throw new Error('shaping returned no item');
    const archived = await archiveRecord(ctx, tx, actor, {
      orgId: meeting.orgId,
      kind: 'rectification',
      refId: id,
      title: `整改事项：${item.problem}`,
      occurredAt: closedAt,
      content: {
        meeting: { id: meeting.id, title: meeting.title, year: meeting.year },
        item,
        closedAfterDeadline: closed.deadline < closedOn,
      },
    });
    await recordAudit(tx, actor, {
      action: 'orglife.rectification.close',
      objectType: 'org_life_rectification',
      objectId: id,
      details: { meetingId: meeting.id, files: files.map((f) => f.id), archiveSeq: archived.seq },
    });
  });
}

/** Who may read evidence files: whoever may see the cycle the item belongs to. */
export async function mayReadRectificationFile(
  ctx: ServiceContext,
  accountId: string,
  itemId: string,
): Promise<boolean> {
  const { db } = ctx.database;
  const item = await findRectification(db, itemId);
  const meeting = item ? await findMeeting(db, item.meetingId) : null;
  if (!meeting) return false;
  const user = await findUser(db, accountId);
  if (!user) return false;
  const rights = await orgLifeRights(ctx, {
    userId: accountId,
    adminRole: user.adminRole,
    memberId: user.memberId,
  });
  return canViewCycle(rights, meeting);
}

// ---- the report upward ----

/** Attendance of the linked activity as its sign-in record stands; null if it is gone. */
async function attendanceOf(
  db: Queryable,
  activityId: string,
): Promise<OrgLifeReport['attendance']> {
  if (!(await findActivity(db, activityId))) return null;
  const counts = countAttendance(await attendeesOf(db, activityId));
  return {
    expected: counts.expected,
    present: counts.present,
    leave: counts.leave,
    absent: counts.absent,
  };
}

/**
 * The report, assembled from the records each time: nothing in it is typed twice. The
 * self-criticism excerpts make it a committee document (the caller must manage the cycle).
 */
export async function buildReport(
  ctx: ServiceContext,
  rights: OrgLifeRights,
  row: OrgLifeMeetingRow,
  now: Date = new Date(),
): Promise<OrgLifeReport> {
  const { db } = ctx.database;
  const [meeting, opinions, people, rectifications] = await Promise.all([
    meetingView(db, rights, row),
    listOpinions(db, row),
    participants(db, row),
    listRectifications(db, row.id, {}, shanghaiToday(now)),
  ]);
  const criticisms = await db
    .select()
    .from(orgLifeCriticisms)
    .where(eq(orgLifeCriticisms.meetingId, row.id));
  const excerpt = (text: string): string =>
    text.length > ORG_LIFE_REPORT_EXCERPT ? `${text.slice(0, ORG_LIFE_REPORT_EXCERPT)}…` : text;
  return {
    meeting,
    attendance: row.activityId ? await attendanceOf(db, row.activityId) : null,
    opinions: {
      total: opinions.length,
      aboutCommittee: opinions.filter((o) => o.target === 'committee').length,
      aboutMembers: opinions.filter((o) => o.target === 'member').length,
      fromMasses: opinions.filter((o) => o.source === 'masses').length,
      anonymous: opinions.filter((o) => o.anonymous).length,
      summary: row.opinionSummary,
    },
    members: people.map((p) => {
      const self = criticisms.find((c) => c.subjectMemberId === p.id && c.kind === 'self');
      return {
        memberId: p.id,
        name: p.name,
        selfCriticismExcerpt: self ? excerpt(open(ctx.crypto, self)) : null,
        criticismsReceived: criticisms.filter(
          (c) => c.subjectMemberId === p.id && c.kind === 'received',
        ).length,
      };
    }),
    rectifications,
    generatedAt: now.toISOString(),
  };
}

/** The report (with self-criticism excerpts) left the system as a file: audited like an export. */
export async function recordReportDownload(
  ctx: ServiceContext,
  actor: Actor,
  row: OrgLifeMeetingRow,
): Promise<void> {
  await ctx.database.write((tx) =>
    recordAudit(tx, actor, {
      action: 'orglife.report.download',
      objectType: 'org_life_meeting',
      objectId: row.id,
      details: { status: row.status },
    }),
  );
}
