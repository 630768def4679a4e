import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  ACTIVITY_CHANGED_EVENT,
  SIGN_IN_CLOSES_AFTER_MINUTES,
  SIGN_IN_OPENS_BEFORE_MINUTES,
  type ActivityDetails,
  type ActivityType,
  type ActivityVersion,
  type ActivityVersionInfo,
  type AmendmentInput,
  type AttendanceInput,
  type CreateActivityRequest,
  type MakeupInput,
  type MinutesInput,
  type UpdateActivityRequest,
} from '@tongxin/contract';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { appendEvents, type UserEvent } from '../../platform/bus/events.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { archiveRecord } from '../archive/service.ts';
import { claimFiles } from '../files/service.ts';
import { accountsOfMembers } from '../identity/service.ts';
import { postsWith } from '../permissions/service.ts';
import { members } from '../members/schema.ts';
import { assertResolutionsValid } from './quorum.ts';
import {
  ACTIVITY_FILE_OWNER,
  assertPartners,
  attendeesOf,
  buildRecord,
  countedFor,
  findActivity,
  rosterFor,
  voteBase,
  type ActivityRow,
  type RosterPerson,
} from './service.ts';
import {
  activities,
  activityAttendees,
  activityLeaveRequests,
  activityMakeups,
  activityOrgs,
  activityTopics,
  activityVersions,
} from './schema.ts';
import { indexActivity } from './search-doc.ts';
import { removeDocument } from '../search/indexer.ts';

/** Who is acting: the audit actor and the account (for names and uploads). */
export interface Operator {
  actor: Actor;
  accountId: string;
  displayName: string;
  memberId: string | null;
}

type AttendeeStatusValue = AttendanceInput['entries'][number]['status'];

const partnersOf = (details: ActivityDetails): string[] =>
  details.type === 'joint_activity' ? details.partnerOrgIds : [];

function assertTimes(startsAt: Date, endsAt: Date): void {
  if (!(endsAt.getTime() > startsAt.getTime())) {
    throw new AppError(422, 'invalid_time_range', 'The end must be after the start', {
      field: 'endsAt',
    });
  }
  if (endsAt.getTime() - startsAt.getTime() > 7 * 24 * 3600_000) {
    throw new AppError(422, 'invalid_time_range', 'An activity lasts at most seven days', {
      field: 'endsAt',
    });
  }
}

function assertType(type: ActivityType, details: ActivityDetails): void {
  if (details.type !== type) {
    throw new AppError(422, 'invalid_input', 'The details must be of the activity’s type', {
      field: 'details/type',
    });
  }
}

/** Expected attendees, host and recorder must come from the roster of the activity. */
function pickAttendees(
  roster: readonly RosterPerson[],
  input: {
    expectedMemberIds?: string[];
    hostMemberId?: string | null;
    recorderMemberId?: string | null;
  },
  lecturerMemberId: string | null,
): RosterPerson[] {
  const byId = new Map(roster.map((p) => [p.memberId, p]));
  const named = [input.hostMemberId, input.recorderMemberId, lecturerMemberId].filter(
    (m): m is string => typeof m === 'string',
  );
  const chosen =
    input.expectedMemberIds ?? roster.filter((p) => p.defaultExpected).map((p) => p.memberId);
  const outside = [...new Set([...chosen, ...named])].filter((id) => !byId.has(id));
  if (outside.length > 0) {
    throw new AppError(
      422,
      'attendee_out_of_scope',
      'Attendees, host, recorder and lecturer must belong to the organisations taking part',
      { memberIds: outside },
    );
  }
  return chosen.flatMap((id) => {
    const p = byId.get(id);
    return p ? [p] : [];
  });
}

const lecturerOf = (details: ActivityDetails): string | null =>
  details.type === 'party_lecture' ? details.lecturerMemberId : null;

/** Replaces the expected list, keeping the attendance of those who stay. */
async function setAttendees(tx: Tx, activityId: string, people: readonly RosterPerson[]) {
  const keep = people.map((p) => p.memberId);
  await tx
    .delete(activityAttendees)
    .where(
      and(
        eq(activityAttendees.activityId, activityId),
        keep.length > 0 ? sql`${activityAttendees.memberId} not in ${keep}` : sql`true`,
      ),
    );
  for (let i = 0; i < people.length; i += 500) {
    await tx
      .insert(activityAttendees)
      .values(
        people.slice(i, i + 500).map((p) => ({
          activityId,
          memberId: p.memberId,
          name: p.name,
          branchId: p.branchId,
          branchName: p.branchName,
          voting: p.voting,
          committee: p.committee,
        })),
      )
      .onConflictDoNothing();
  }
}

async function setOrgs(tx: Tx, activityId: string, hostId: string, partners: readonly string[]) {
  await tx.delete(activityOrgs).where(eq(activityOrgs.activityId, activityId));
  await tx
    .insert(activityOrgs)
    .values([
      { activityId, orgId: hostId, host: true },
      ...partners.map((orgId) => ({ activityId, orgId, host: false })),
    ]);
}

/**
 * Every account that may see the activity, for `activity.changed`: for a draft, the holders of
 * manage_activities posts at or above the host; otherwise the members of the organisations it
 * counts for (and of those above them) and every officer serving at or above them.
 */
export async function audienceOf(
  db: Queryable,
  row: ActivityRow,
  /** The posts carrying manage_activities, read before the transaction (see `carriersOf`). */
  carriers: readonly string[],
): Promise<string[]> {
  const orgIds = row.status === 'draft' ? [row.orgId] : await countedFor(db, row.id);
  const above = await queryRows<{ id: string }>(
    db,
    sql`with recursive up(id, parent_id) as (
          select id, parent_id from organisations where id in ${orgIds}
          union
          select o.id, o.parent_id from organisations o join up u on o.id = u.parent_id
        )
        select id from up`,
  );
  const upIds = above.map((r) => r.id);
  const officers = await queryRows<{ member_id: string; post: string }>(
    db,
    sql`select member_id, post from org_posts where org_id in ${upIds} and ended_on is null`,
  );
  let memberIds: string[];
  if (row.status === 'draft') {
    memberIds = officers.filter((o) => carriers.includes(o.post)).map((o) => o.member_id);
  } else {
    const ordinary = await db
      .select({ id: members.id })
      .from(members)
      .where(inArray(members.branchId, upIds));
    memberIds = [...ordinary.map((m) => m.id), ...officers.map((o) => o.member_id)];
  }
  const accounts = await accountsOfMembers(db, [...new Set(memberIds)]);
  return [...new Set([...[...accounts.values()].map((a) => a.accountId), row.createdBy])];
}

/**
 * The permission matrix is read through the database handle, not the transaction: on PGlite
 * (one connection) reading it inside a transaction would wait for that transaction forever,
 * so every writer reads it first.
 */
export const carriersOf = (ctx: ServiceContext): Promise<string[]> =>
  postsWith(ctx, 'manage_activities');

async function changed(
  tx: Tx,
  row: ActivityRow,
  carriers: readonly string[],
): Promise<UserEvent[]> {
  const audience = await audienceOf(tx, row, carriers);
  return appendEvents(tx, audience, {
    type: ACTIVITY_CHANGED_EVENT,
    payload: { id: row.id },
  });
}

async function lock(tx: Tx, id: string): Promise<ActivityRow> {
  const [row] = await tx
    .select()
    .from(activities)
    .where(eq(activities.id, id))
    .limit(1)
    .for('update');
  if (!row) throw notFound('Activity');
  return row;
}

const notFinalised = (row: ActivityRow): void => {
  if (row.status === 'finalised') {
    throw new AppError(
      409,
      'activity_finalised',
      'The record is finalised: corrections are amendments with a reason',
    );
  }
};
const published = (row: ActivityRow): void => {
  if (row.status === 'draft') {
    throw new AppError(409, 'activity_not_published', 'Publish the activity first');
  }
  notFinalised(row);
};

/**
 * Runs a change in one transaction with its audit entry, then publishes `activity.changed`
 * after commit. The change returns the audit details.
 */
async function change(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  action: string,
  body: (tx: Tx, row: ActivityRow) => Promise<Record<string, unknown>>,
): Promise<void> {
  const carriers = await carriersOf(ctx);
  const stored = await ctx.database.write(async (tx) => {
    const row = await lock(tx, id);
    const details = await body(tx, row);
    await indexActivity(tx, id);
    await recordAudit(tx, op.actor, {
      action,
      objectType: 'activity',
      objectId: id,
      details,
    });
    const after = (await findActivity(tx, id)) ?? row;
    return changed(tx, after, carriers);
  });
  await ctx.bus.publish(stored);
}

// ---- planning -----------------------------------------------------------------------------

/** Creates a draft; expected attendees default from the roster of the type. */
export async function createActivity(
  ctx: ServiceContext,
  op: Operator,
  input: CreateActivityRequest,
  options: { createdAt?: Date } = {},
): Promise<string> {
  const { db } = ctx.database;
  const type = input.details.type;
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  assertTimes(startsAt, endsAt);
  const partners = partnersOf(input.details);
  if (partners.length > 0) await assertPartners(ctx, input.orgId, partners);
  const roster = await rosterFor(db, input.orgId, type, partners);
  const people = pickAttendees(roster, input, lecturerOf(input.details));
  const carriers = await carriersOf(ctx);
  const { id, stored } = await ctx.database.write(async (tx) => {
    const [row] = await tx
      .insert(activities)
      .values({
        orgId: input.orgId,
        type,
        title: input.title.trim(),
        startsAt,
        endsAt,
        place: input.place.trim(),
        hostMemberId: input.hostMemberId ?? null,
        recorderMemberId: input.recorderMemberId ?? null,
        details: input.details,
        signInOpensBeforeMinutes: input.signInOpensBeforeMinutes ?? SIGN_IN_OPENS_BEFORE_MINUTES,
        signInClosesAfterMinutes: input.signInClosesAfterMinutes ?? SIGN_IN_CLOSES_AFTER_MINUTES,
        createdBy: op.accountId,
        createdByName: op.displayName,
        ...(options.createdAt
          ? { createdAt: options.createdAt, updatedAt: options.createdAt }
          : {}),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await setOrgs(tx, row.id, input.orgId, partners);
    await setAttendees(tx, row.id, people);
    await indexActivity(tx, row.id);
    await recordAudit(tx, op.actor, {
      action: 'activity.create',
      objectType: 'activity',
      objectId: row.id,
      details: { orgId: input.orgId, type, partners, expected: people.length },
    });
    return { id: row.id, stored: await changed(tx, row, carriers) };
  });
  await ctx.bus.publish(stored);
  return id;
}

/** Applies an edit (a draft or published activity, or an amendment) inside a transaction. */
async function applyEdit(
  tx: Tx,
  row: ActivityRow,
  input: UpdateActivityRequest,
): Promise<string[]> {
  const details = input.details ?? row.details;
  assertType(row.type, details);
  const startsAt = input.startsAt ? new Date(input.startsAt) : row.startsAt;
  const endsAt = input.endsAt ? new Date(input.endsAt) : row.endsAt;
  assertTimes(startsAt, endsAt);
  const partners = partnersOf(details);
  const who = {
    hostMemberId: input.hostMemberId !== undefined ? input.hostMemberId : row.hostMemberId,
    recorderMemberId:
      input.recorderMemberId !== undefined ? input.recorderMemberId : row.recorderMemberId,
  };
  const roster = await rosterFor(tx, row.orgId, row.type, partners);
  const current = (await attendeesOf(tx, row.id)).map((a) => a.memberId);
  const people = pickAttendees(
    roster,
    { ...who, expectedMemberIds: input.expectedMemberIds ?? current },
    lecturerOf(details),
  );
  await tx
    .update(activities)
    .set({
      ...(input.title ? { title: input.title.trim() } : {}),
      ...(input.place ? { place: input.place.trim() } : {}),
      startsAt,
      endsAt,
      ...who,
      details,
      ...(input.signInOpensBeforeMinutes !== undefined
        ? { signInOpensBeforeMinutes: input.signInOpensBeforeMinutes }
        : {}),
      ...(input.signInClosesAfterMinutes !== undefined
        ? { signInClosesAfterMinutes: input.signInClosesAfterMinutes }
        : {}),
      updatedAt: new Date(),
    })
    .where(eq(activities.id, row.id));
  if (input.details) await setOrgs(tx, row.id, row.orgId, partners);
  await setAttendees(tx, row.id, people);
  return Object.keys(input);
}

/** New partner branches are checked before the transaction (it reads the whole tree). */
async function checkPartners(
  ctx: ServiceContext,
  id: string,
  input: UpdateActivityRequest,
): Promise<void> {
  const partners = input.details ? partnersOf(input.details) : [];
  if (partners.length === 0) return;
  const row = await findActivity(ctx.database.db, id);
  if (row) await assertPartners(ctx, row.orgId, partners);
}

export async function updateActivity(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  input: UpdateActivityRequest,
): Promise<void> {
  await checkPartners(ctx, id, input);
  await change(ctx, op, id, 'activity.update', async (tx, row) => {
    notFinalised(row);
    return { fields: await applyEdit(tx, row, input) };
  });
}

/** Only a draft is deleted; a published activity is part of the record. */
export async function deleteActivity(ctx: ServiceContext, op: Operator, id: string): Promise<void> {
  const carriers = await carriersOf(ctx);
  const stored = await ctx.database.write(async (tx) => {
    const row = await lock(tx, id);
    if (row.status !== 'draft') {
      throw new AppError(409, 'activity_not_draft', 'Only a draft can be deleted');
    }
    const audience = await audienceOf(tx, row, carriers);
    await tx.delete(activities).where(eq(activities.id, id));
    await removeDocument(tx, 'activity', id);
    await recordAudit(tx, op.actor, {
      action: 'activity.delete',
      objectType: 'activity',
      objectId: id,
      details: { title: row.title, orgId: row.orgId },
    });
    return appendEvents(tx, audience, { type: ACTIVITY_CHANGED_EVENT, payload: { id } });
  });
  await ctx.bus.publish(stored);
}

// ---- leave and attendance ---------------------------------------------------------------

export async function requestLeave(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  reason: string,
  now: Date = new Date(),
): Promise<void> {
  await change(ctx, op, id, 'activity.leave_request', async (tx, row) => {
    published(row);
    const mine = op.memberId
      ? (await attendeesOf(tx, id)).find((a) => a.memberId === op.memberId)
      : undefined;
    if (!mine) {
      throw new AppError(403, 'leave_not_expected', 'Only expected attendees ask for leave');
    }
    if (now.getTime() >= row.endsAt.getTime()) {
      throw new AppError(409, 'leave_too_late', 'The activity is over: leave is asked before');
    }
    const [pending] = await tx
      .select({ id: activityLeaveRequests.id })
      .from(activityLeaveRequests)
      .where(
        and(
          eq(activityLeaveRequests.activityId, id),
          eq(activityLeaveRequests.memberId, mine.memberId),
          eq(activityLeaveRequests.status, 'pending'),
        ),
      )
      .limit(1);
    if (pending) throw conflict('A leave request is already waiting for a decision');
    await tx
      .insert(activityLeaveRequests)
      .values({ activityId: id, memberId: mine.memberId, name: mine.name, reason: reason.trim() });
    return { memberId: mine.memberId };
  });
}

export async function decideLeave(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  requestId: string,
  approve: boolean,
  note: string | undefined,
): Promise<void> {
  await change(ctx, op, id, 'activity.leave_decide', async (tx, row) => {
    published(row);
    const [request] = await tx
      .select()
      .from(activityLeaveRequests)
      .where(and(eq(activityLeaveRequests.id, requestId), eq(activityLeaveRequests.activityId, id)))
      .limit(1);
    if (!request) throw notFound('Leave request');
    if (request.status !== 'pending') {
      throw new AppError(409, 'leave_already_decided', 'This leave request was already decided');
    }
    await tx
      .update(activityLeaveRequests)
      .set({
        status: approve ? 'approved' : 'refused',
        decidedByName: op.displayName,
        decidedAt: new Date(),
        decisionNote: note?.trim() || null,
      })
      .where(eq(activityLeaveRequests.id, requestId));
    if (approve) {
      await tx
        .update(activityAttendees)
        .set({ status: 'leave', note: request.reason, signedInAt: null, signInMethod: null })
        .where(
          and(
            eq(activityAttendees.activityId, id),
            eq(activityAttendees.memberId, request.memberId),
          ),
        );
    }
    return { requestId, memberId: request.memberId, approve };
  });
}

async function applyAttendance(
  tx: Tx,
  id: string,
  input: AttendanceInput,
  now: Date = new Date(),
): Promise<number> {
  const known = new Set((await attendeesOf(tx, id)).map((a) => a.memberId));
  const unknown = input.entries.filter((e) => !known.has(e.memberId)).map((e) => e.memberId);
  if (unknown.length > 0) {
    throw new AppError(422, 'attendee_out_of_scope', 'Only expected attendees are marked', {
      memberIds: unknown,
    });
  }
  // One statement per distinct (status, note): a sign-in sheet of fifty is a few updates.
  const groups = new Map<string, { status: string; note: string | null; ids: string[] }>();
  for (const e of input.entries) {
    const note = e.status === 'present' ? null : e.note?.trim() || null;
    const key = `${e.status}\u0000${note ?? ''}`;
    const group = groups.get(key) ?? { status: e.status, note, ids: [] };
    group.ids.push(e.memberId);
    groups.set(key, group);
  }
  for (const g of groups.values()) {
    const present = g.status === 'present';
    await tx
      .update(activityAttendees)
      .set({
        status: g.status as AttendeeStatusValue,
        note: g.note,
        // A QR sign-in keeps its time and method when the officer confirms presence.
        signedInAt: present ? sql`coalesce(${activityAttendees.signedInAt}, ${now})` : null,
        signInMethod: present ? sql`coalesce(${activityAttendees.signInMethod}, 'officer')` : null,
      })
      .where(and(eq(activityAttendees.activityId, id), inArray(activityAttendees.memberId, g.ids)));
  }
  return input.entries.length;
}

export async function markAttendance(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  input: AttendanceInput,
  /** When they were seen there: now, or the start of a record entered after the fact. */
  at: Date = new Date(),
): Promise<void> {
  await change(ctx, op, id, 'activity.attendance', async (tx, row) => {
    published(row);
    return { marked: await applyAttendance(tx, id, input, at) };
  });
}

/**
 * A member signs in with the code their phone scanned: published, within the window, the
 * current (or previous) code, and expected. Signing twice changes nothing.
 */
export async function signIn(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  codeOk: (row: ActivityRow) => boolean,
  now: Date,
): Promise<{ signedInAt: Date; already: boolean }> {
  const carriers = await carriersOf(ctx);
  const { result, stored } = await ctx.database.write(async (tx) => {
    const row = await lock(tx, id);
    if (row.status !== 'published') {
      throw new AppError(409, 'sign_in_closed', 'Sign-in is closed for this activity');
    }
    const opensAt = row.startsAt.getTime() - row.signInOpensBeforeMinutes * 60_000;
    const closesAt = row.endsAt.getTime() + row.signInClosesAfterMinutes * 60_000;
    if (now.getTime() < opensAt) {
      throw new AppError(409, 'sign_in_not_open', 'Sign-in has not opened yet', {
        opensAt: new Date(opensAt).toISOString(),
      });
    }
    if (now.getTime() > closesAt) {
      throw new AppError(409, 'sign_in_closed', 'Sign-in has closed', {
        closedAt: new Date(closesAt).toISOString(),
      });
    }
    if (!codeOk(row)) {
      throw new AppError(
        422,
        'sign_in_code_invalid',
        'The code is wrong or has expired: scan the code shown now',
      );
    }
    const mine = op.memberId
      ? (await attendeesOf(tx, id)).find((a) => a.memberId === op.memberId)
      : undefined;
    if (!mine) {
      throw new AppError(403, 'sign_in_not_expected', 'You are not expected at this activity');
    }
    if (mine.status === 'present' && mine.signedInAt) {
      return { result: { signedInAt: mine.signedInAt, already: true }, stored: [] };
    }
    await tx
      .update(activityAttendees)
      .set({ status: 'present', signedInAt: now, signInMethod: 'qr', note: null })
      .where(
        and(eq(activityAttendees.activityId, id), eq(activityAttendees.memberId, mine.memberId)),
      );
    await recordAudit(tx, op.actor, {
      action: 'activity.sign_in',
      objectType: 'activity',
      objectId: id,
      details: { memberId: mine.memberId },
    });
    return {
      result: { signedInAt: now, already: false },
      stored: await changed(tx, row, carriers),
    };
  });
  await ctx.bus.publish(stored);
  return result;
}

// ---- minutes, attachments, 补学 ------------------------------------------------------------

async function applyMinutes(
  tx: Tx,
  op: Operator,
  row: ActivityRow,
  input: MinutesInput,
): Promise<void> {
  assertResolutionsValid(row.type, voteBase(await attendeesOf(tx, row.id)), input.resolutions);
  const bad = input.speeches.findIndex(
    (s) => s.agendaIndex !== null && s.agendaIndex >= input.agenda.length,
  );
  if (bad >= 0) {
    throw new AppError(
      422,
      'invalid_input',
      'A speech refers to an agenda item that is not there',
      {
        field: `speeches/${bad}/agendaIndex`,
      },
    );
  }
  await tx
    .update(activities)
    .set({ minutes: input, minutesUpdatedAt: new Date(), minutesUpdatedByName: op.displayName })
    .where(eq(activities.id, row.id));
}

export async function saveMinutes(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  input: MinutesInput,
): Promise<void> {
  await change(ctx, op, id, 'activity.minutes', async (tx, row) => {
    published(row);
    await applyMinutes(tx, op, row, input);
    return {
      agenda: input.agenda.length,
      speeches: input.speeches.length,
      resolutions: input.resolutions.length,
    };
  });
}

/**
 * Adds the next version of a finalised record: its snapshot as it now stands, with the reason.
 * Called after the change itself, in the same transaction. Each version is also archived
 * (党建档案, kind `activity`): finalising makes archive version 1, every later version of the
 * record (amendment, photos, 补学) the next archive version. Runs before `change` audits, so the
 * archive lock is taken before the audit chain's.
 */
async function addVersion(
  ctx: ServiceContext,
  tx: Tx,
  op: Operator,
  id: string,
  reason: string | null,
): Promise<{ version: number; archiveSeq: number }> {
  const row = await findActivity(tx, id);
  if (!row) throw notFound('Activity');
  const version = row.version + 1;
  await tx.update(activities).set({ version }).where(eq(activities.id, id));
  const snapshot = await buildRecord(tx, { ...row, version });
  const [stored] = await tx
    .insert(activityVersions)
    .values({
      activityId: id,
      version,
      reason,
      createdBy: op.accountId,
      createdByName: op.displayName,
      snapshot,
    })
    .returning({ snapshot: activityVersions.snapshot });
  if (!stored) throw new Error('insert returned no row');
  // The archived content is the version exactly as stored (read back from jsonb: plain JSON).
  const archived = await archiveRecord(ctx, tx, op.actor, {
    orgId: row.orgId,
    kind: 'activity',
    refId: id,
    title: row.title,
    occurredAt: row.startsAt,
    content: { version, reason, record: stored.snapshot },
  });
  return { version, archiveSeq: archived.seq };
}

export async function attachFiles(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  fileIds: readonly string[],
): Promise<void> {
  await change(ctx, op, id, 'activity.attach', async (tx, row) => {
    if (row.status === 'draft') {
      throw new AppError(409, 'activity_not_published', 'Publish the activity first');
    }
    await claimFiles(tx, op.accountId, fileIds, { kind: ACTIVITY_FILE_OWNER, id });
    // Photos arriving after finalising are a new version of the record, never a silent edit.
    const added =
      row.status === 'finalised' ? await addVersion(ctx, tx, op, id, '补充照片和附件') : null;
    return { fileIds, version: added?.version ?? null, archiveSeq: added?.archiveSeq ?? null };
  });
}

export async function recordMakeup(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  input: MakeupInput,
): Promise<void> {
  await change(ctx, op, id, 'activity.makeup', async (tx, row) => {
    if (row.status === 'draft') {
      throw new AppError(409, 'activity_not_published', 'Publish the activity first');
    }
    const who = (await attendeesOf(tx, id)).find((a) => a.memberId === input.memberId);
    if (!who || (who.status !== 'absent' && who.status !== 'leave')) {
      throw new AppError(
        422,
        'makeup_not_absent',
        'Make-up study is recorded for those absent or on leave',
        { field: 'memberId' },
      );
    }
    await tx.insert(activityMakeups).values({
      activityId: id,
      memberId: who.memberId,
      name: who.name,
      date: input.date,
      method: input.method,
      content: input.content.trim(),
      confirmedBy: op.accountId,
      confirmedByName: op.displayName,
    });
    // 补学 usually follows the finalised record: it adds a version rather than editing it.
    const added =
      row.status === 'finalised' ? await addVersion(ctx, tx, op, id, `补学：${who.name}`) : null;
    return {
      memberId: who.memberId,
      date: input.date,
      version: added?.version ?? null,
      archiveSeq: added?.archiveSeq ?? null,
    };
  });
}

// ---- publish, finalise, amend ----------------------------------------------------------------

/** Marks a draft published (the notice and topic are made by the caller around it). */
export async function markPublished(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  links: { noticeId: string | null; topics: { orgId: string; spaceId: string; topicId: string }[] },
  at: Date = new Date(),
): Promise<void> {
  await change(ctx, op, id, 'activity.publish', async (tx, row) => {
    if (row.status !== 'draft') {
      throw new AppError(409, 'activity_not_draft', 'The activity is already published');
    }
    await tx
      .update(activities)
      .set({
        status: 'published',
        publishedAt: at,
        publishedBy: op.accountId,
        noticeId: links.noticeId,
      })
      .where(eq(activities.id, id));
    if (links.topics.length > 0) {
      await tx
        .insert(activityTopics)
        .values(links.topics.map((t) => ({ activityId: id, ...t })))
        .onConflictDoNothing();
    }
    return { noticeId: links.noticeId, topics: links.topics.map((t) => t.topicId) };
  });
}

/**
 * Locks the record: whoever was not marked is absent, the quorum of the type is checked again
 * for recorded resolutions, and version 1 keeps the record as finalised.
 */
export async function finaliseActivity(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  at: Date = new Date(),
): Promise<void> {
  await change(ctx, op, id, 'activity.finalise', async (tx, row) => {
    published(row);
    await tx
      .update(activityAttendees)
      .set({ status: 'absent' })
      .where(and(eq(activityAttendees.activityId, id), eq(activityAttendees.status, 'expected')));
    assertResolutionsValid(
      row.type,
      voteBase(await attendeesOf(tx, id)),
      row.minutes?.resolutions ?? [],
    );
    await tx
      .update(activities)
      .set({ status: 'finalised', finalisedAt: at, finalisedByName: op.displayName })
      .where(eq(activities.id, id));
    return await addVersion(ctx, tx, op, id, null);
  });
}

/** A correction of a finalised record: applied, checked, and kept as the next version. */
export async function amendActivity(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  input: AmendmentInput,
): Promise<void> {
  if (input.activity) await checkPartners(ctx, id, input.activity);
  await change(ctx, op, id, 'activity.amend', async (tx, row) => {
    if (row.status !== 'finalised') {
      throw new AppError(
        409,
        'activity_not_finalised',
        'Only a finalised record is amended; edit it directly',
      );
    }
    const parts: string[] = [];
    if (input.activity) parts.push(...(await applyEdit(tx, row, input.activity)));
    if (input.attendance) {
      await applyAttendance(tx, id, input.attendance);
      parts.push('attendance');
    }
    const current = (await findActivity(tx, id)) ?? row;
    const minutes = input.minutes ?? current.minutes;
    if (input.minutes) parts.push('minutes');
    // Whatever changed, the recorded votes must still meet the rule.
    assertResolutionsValid(
      row.type,
      voteBase(await attendeesOf(tx, id)),
      minutes?.resolutions ?? [],
    );
    if (input.minutes) await applyMinutes(tx, op, current, input.minutes);
    const added = await addVersion(ctx, tx, op, id, input.reason.trim());
    return { reason: input.reason.trim(), parts, ...added };
  });
}

export async function listVersions(db: Queryable, id: string): Promise<ActivityVersionInfo[]> {
  const rows = await db
    .select({
      version: activityVersions.version,
      reason: activityVersions.reason,
      createdByName: activityVersions.createdByName,
      createdAt: activityVersions.createdAt,
    })
    .from(activityVersions)
    .where(eq(activityVersions.activityId, id))
    .orderBy(desc(activityVersions.version));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function getVersion(
  db: Queryable,
  id: string,
  versionText: string,
): Promise<ActivityVersion> {
  if (!/^[1-9][0-9]{0,5}$/.test(versionText)) throw notFound('Version');
  const version = Number(versionText);
  const [row] = await db
    .select()
    .from(activityVersions)
    .where(and(eq(activityVersions.activityId, id), eq(activityVersions.version, version)))
    .limit(1);
  if (!row) throw notFound('Version');
  return {
    info: {
      version: row.version,
      reason: row.reason,
      createdByName: row.createdByName,
      createdAt: row.createdAt.toISOString(),
    },
    record: row.snapshot,
  };
}
