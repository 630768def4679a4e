import { and, count, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  NOTICE_REMIND_INTERVAL_SECONDS,
  type Notice,
  type NoticeCandidate,
  type NoticeCounts,
  type NoticeList,
  type NoticeListQuery,
  type NoticeTarget,
  type NoticeTracking,
  type SendNoticeRequest,
} from '@tongxin/contract';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { appendEvents, type UserEvent } from '../../platform/bus/events.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { renderMessage } from '../../platform/markdown/markdown.ts';
import { archiveRecord } from '../archive/service.ts';
import { accountsOfMembers } from '../identity/service.ts';
import { memberHome, memberNames, membersIn } from '../members/service.ts';
import {
  markSourceRead,
  markSourceReadForAll,
  notify,
  unreadCount,
} from '../notifications/service.ts';
import { findOrg, listOrgs, officeHoldersOf, subtreeIds } from '../orgs/service.ts';
import { canTrack, type NoticeRights } from './policy.ts';
import { indexNotice, removeDocument } from '../search/indexer.ts';
import { noticeRecipients, notices } from './schema.ts';

export type NoticeRow = typeof notices.$inferSelect;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const linkOf = (id: string): string => `/notices/${id}`;

export async function findNotice(db: Queryable, id: string): Promise<NoticeRow | null> {
  const [row] = await db.select().from(notices).where(eq(notices.id, id)).limit(1);
  return row ?? null;
}

export async function receiptOf(db: Queryable, noticeId: string, accountId: string) {
  const [row] = await db
    .select()
    .from(noticeRecipients)
    .where(and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.accountId, accountId)))
    .limit(1);
  return row ?? null;
}

/** The notice if the caller may see it (recipient, sender, officer over it); else 404. */
export async function visibleNotice(
  db: Queryable,
  rights: NoticeRights,
  id: string,
): Promise<NoticeRow> {
  const row = await findNotice(db, id);
  if (row && (canTrack(rights, row) || (await receiptOf(db, id, rights.accountId)))) return row;
  throw notFound('Notice');
}

interface Recipient {
  accountId: string;
  memberId: string;
  name: string;
  branchName: string;
}

/**
 * Who a notice reaches, resolved now and stored: chosen members must live under the
 * organisation; otherwise everyone whose branch or 党小组 is the organisation (or, with the
 * subtree, anywhere below it), plus the officers serving there. Members without an enabled
 * account cannot read anything and are left out; so is the sender.
 */
async function resolveRecipients(
  db: Queryable,
  orgId: string,
  input: Pick<SendNoticeRequest, 'includeSubtree' | 'memberIds'>,
  senderAccountId: string,
): Promise<Recipient[]> {
  const subtree = await subtreeIds(db, [orgId]);
  let people: { id: string; branchId: string }[];
  if (input.memberIds) {
    const under = new Map((await membersIn(db, subtree)).map((m) => [m.id, m]));
    const outside = input.memberIds.filter((id) => !under.has(id));
    if (outside.length > 0) {
      throw new AppError(
        422,
        'notice_member_out_of_scope',
        'Chosen members must belong to the organisation or below it',
        { field: 'memberIds', memberIds: outside },
      );
    }
    people = input.memberIds.flatMap((id) => {
      const m = under.get(id);
      return m ? [m] : [];
    });
  } else {
    const orgIds = input.includeSubtree ? subtree : [orgId];
    const ordinary = await membersIn(db, orgIds);
    const known = new Set(ordinary.map((m) => m.id));
    const officers: { id: string; branchId: string }[] = [];
    for (const id of await officeHoldersOf(db, orgIds)) {
      if (known.has(id)) continue;
      const home = await memberHome(db, id);
      if (home) officers.push({ id, branchId: home.branchId });
    }
    people = [...ordinary, ...officers];
  }
  const ids = people.map((p) => p.id);
  const [accounts, names] = await Promise.all([accountsOfMembers(db, ids), memberNames(db, ids)]);
  const branchNames = new Map<string, string>();
  for (const branchId of new Set(people.map((p) => p.branchId))) {
    branchNames.set(branchId, (await findOrg(db, branchId))?.name ?? '');
  }
  return people.flatMap((p) => {
    const account = accounts.get(p.id);
    if (!account || account.accountId === senderAccountId) return [];
    return [
      {
        accountId: account.accountId,
        memberId: p.id,
        name: names.get(p.id) ?? account.displayName,
        branchName: branchNames.get(p.branchId) ?? '',
      },
    ];
  });
}

/** The notice as the archive keeps it: what was sent, to whom, and any withdrawal. */
function noticeArchiveInput(n: NoticeRow) {
  return {
    orgId: n.orgId,
    kind: 'notice' as const,
    refId: n.id,
    title: n.title,
    occurredAt: n.sentAt,
    content: {
      title: n.title,
      body: n.bodySource,
      sender: n.senderName,
      sentAt: n.sentAt.toISOString(),
      recipients: n.recipientCount,
      includeSubtree: n.includeSubtree,
      chosenMembers: n.chosenMembers,
      requiresAck: n.requiresAck,
      deadline: iso(n.deadline),
      withdrawn: n.withdrawnAt !== null,
      withdrawnAt: iso(n.withdrawnAt),
      withdrawnBy: n.withdrawnByName,
      withdrawReason: n.withdrawReason,
    },
  };
}

export interface Sender {
  actor: Actor;
  accountId: string;
  displayName: string;
}

/** Sends a notice: stores it and its recipients, notifies each, audits; events after commit. */
export async function sendNotice(
  ctx: ServiceContext,
  sender: Sender,
  input: SendNoticeRequest,
  /** The demo seeds notices sent days ago; everyone else sends now. */
  options: { sentAt?: Date } = {},
): Promise<string> {
  const org = await findOrg(ctx.database.db, input.orgId);
  if (!org) throw notFound('Organisation');
  if (input.deadline && new Date(input.deadline).getTime() <= Date.now()) {
    throw new AppError(422, 'notice_deadline_past', 'The deadline must be in the future', {
      field: 'deadline',
    });
  }
  const rendered = await renderMessage(input.body);
  const { id, stored } = await ctx.database.write(async (tx) => {
    const recipients = await resolveRecipients(tx, org.id, input, sender.accountId);
    if (recipients.length === 0) {
      throw new AppError(422, 'notice_no_recipients', 'Nobody with an account would receive it');
    }
    const sentAt = options.sentAt ?? new Date();
    const [row] = await tx
      .insert(notices)
      .values({
        orgId: org.id,
        includeSubtree: !input.memberIds && (input.includeSubtree ?? false),
        chosenMembers: Boolean(input.memberIds),
        title: input.title.trim(),
        bodySource: input.body,
        bodyHtml: rendered.html,
        requiresAck: input.requiresAck ?? false,
        deadline: input.deadline ? new Date(input.deadline) : null,
        senderAccountId: sender.accountId,
        senderName: sender.displayName,
        recipientCount: recipients.length,
        sentAt,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    // Sliced: PostgreSQL takes at most 65,535 parameters a statement.
    for (let i = 0; i < recipients.length; i += 1000) {
      await tx
        .insert(noticeRecipients)
        .values(recipients.slice(i, i + 1000).map((r) => ({ noticeId: row.id, ...r })));
    }
    const stored = await notify(
      tx,
      recipients.map((r) => ({
        accountId: r.accountId,
        kind: 'notice' as const,
        title: input.title.trim(),
        excerpt: rendered.plainText,
        link: linkOf(row.id),
        sourceId: row.id,
        actorAccountId: sender.accountId,
      })),
    );
    // Every notice becomes an archive entry (党建档案) as it is sent; withdrawal amends it.
    const archived = await archiveRecord(ctx, tx, sender.actor, noticeArchiveInput(row));
    await indexNotice(tx, {
      id: row.id,
      title: input.title.trim(),
      plainText: rendered.plainText,
      orgId: org.id,
      senderAccountId: sender.accountId,
      senderName: sender.displayName,
      sentAt: row.sentAt,
      recipientAccountIds: recipients.map((r) => r.accountId),
    });
    await recordAudit(tx, sender.actor, {
      action: 'notice.send',
      objectType: 'notice',
      objectId: row.id,
      details: {
        orgId: org.id,
        includeSubtree: !input.memberIds && (input.includeSubtree ?? false),
        chosenMembers: input.memberIds?.length ?? 0,
        recipients: recipients.length,
        requiresAck: input.requiresAck ?? false,
        archiveSeq: archived.seq,
      },
    });
    return { id: row.id, stored };
  });
  await ctx.bus.publish(stored);
  return id;
}

/** Tells the sender's screens that a receipt changed; carries nothing but the notice id. */
const receiptEvent = (tx: Tx, notice: NoticeRow): Promise<UserEvent[]> =>
  appendEvents(tx, [notice.senderAccountId], {
    type: 'notice.receipt',
    payload: { noticeId: notice.id },
  });

/**
 * Records a recipient's receipt in one transaction: read (the first time is kept) and, for
 * 确认收到, acknowledged, which implies read. The notice's notifications are read with it. The
 * sender hears of a change with one `notice.receipt` event; nothing changes, nothing is sent.
 */
async function recordReceipt(
  ctx: ServiceContext,
  accountId: string,
  notice: NoticeRow,
  acknowledge: boolean,
): Promise<void> {
  const stored = await ctx.database.write(async (tx) => {
    const now = new Date();
    const mine = and(
      eq(noticeRecipients.noticeId, notice.id),
      eq(noticeRecipients.accountId, accountId),
    );
    const changed = await tx
      .update(noticeRecipients)
      .set(
        acknowledge
          ? { readAt: sql`coalesce(${noticeRecipients.readAt}, ${now})`, acknowledgedAt: now }
          : { readAt: now },
      )
      .where(
        and(
          mine,
          acknowledge ? isNull(noticeRecipients.acknowledgedAt) : isNull(noticeRecipients.readAt),
        ),
      )
      .returning({ accountId: noticeRecipients.accountId });
    const events: UserEvent[] = [];
    if (changed.length > 0) events.push(...(await receiptEvent(tx, notice)));
    if ((await markSourceRead(tx, accountId, notice.id)) > 0) {
      const unread = await unreadCount(tx, accountId);
      events.push(
        ...(await appendEvents(tx, [accountId], {
          type: 'notification.read',
          payload: { unread },
        })),
      );
    }
    return events;
  });
  await ctx.bus.publish(stored);
}

/** A recipient opened the notice; opening it again changes nothing. */
export async function markNoticeRead(
  ctx: ServiceContext,
  accountId: string,
  notice: NoticeRow,
): Promise<void> {
  await recordReceipt(ctx, accountId, notice, false);
}

/** 确认收到: only for a notice that asks for it, and not once withdrawn. Implies read. */
export async function acknowledgeNotice(
  ctx: ServiceContext,
  accountId: string,
  notice: NoticeRow,
): Promise<void> {
  if (!notice.requiresAck) {
    throw new AppError(409, 'notice_no_ack', 'This notice does not ask for acknowledgement');
  }
  if (notice.withdrawnAt) throw new AppError(409, 'notice_withdrawn', 'The notice was withdrawn');
  if (!(await receiptOf(ctx.database.db, notice.id, accountId))) {
    throw new AppError(403, 'forbidden', 'Only its recipients acknowledge a notice');
  }
  await recordReceipt(ctx, accountId, notice, true);
}

/** The notice row, locked for this transaction, still live. */
async function lockLive(tx: Tx, id: string): Promise<NoticeRow> {
  const [row] = await tx.select().from(notices).where(eq(notices.id, id)).limit(1).for('update');
  if (!row) throw notFound('Notice');
  if (row.withdrawnAt) throw new AppError(409, 'notice_withdrawn', 'The notice was withdrawn');
  return row;
}

/**
 * 一键提醒: one `notice_reminder` notification to each recipient who has not read it yet (or,
 * when acknowledgement is asked, not acknowledged it), at most once per interval per notice.
 */
export async function remindNotice(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  now: Date = new Date(),
): Promise<number> {
  const { reminded, stored } = await ctx.database.write(async (tx) => {
    const row = await lockLive(tx, id);
    if (row.lastRemindedAt) {
      const wait = Math.ceil(
        NOTICE_REMIND_INTERVAL_SECONDS - (now.getTime() - row.lastRemindedAt.getTime()) / 1000,
      );
      if (wait > 0) {
        throw new AppError(
          429,
          'notice_remind_too_soon',
          `A reminder was sent recently; the next one may go in ${wait} seconds`,
          { retryAfterSeconds: wait, lastRemindedAt: row.lastRemindedAt.toISOString() },
        );
      }
    }
    const pending = row.requiresAck
      ? or(isNull(noticeRecipients.readAt), isNull(noticeRecipients.acknowledgedAt))
      : isNull(noticeRecipients.readAt);
    const targets = await tx
      .update(noticeRecipients)
      .set({ remindedAt: now })
      .where(and(eq(noticeRecipients.noticeId, id), pending))
      .returning({ accountId: noticeRecipients.accountId });
    if (targets.length === 0) {
      throw conflict('Everyone has already read (and acknowledged) this notice');
    }
    await tx.update(notices).set({ lastRemindedAt: now }).where(eq(notices.id, id));
    const stored = await notify(
      tx,
      targets.map((t) => ({
        accountId: t.accountId,
        kind: 'notice_reminder' as const,
        title: row.title,
        excerpt: row.requiresAck ? '请阅读并确认收到' : '请及时阅读',
        link: linkOf(id),
        sourceId: id,
        actorAccountId: actor.userId,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'notice.remind',
      objectType: 'notice',
      objectId: id,
      details: { reminded: targets.length },
    });
    return { reminded: targets.length, stored };
  });
  await ctx.bus.publish(stored);
  return reminded;
}

/**
 * Withdraws a notice: recipients keep the title and the fact, not the body, and its unread
 * notifications are read. Audited.
 */
export async function withdrawNotice(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<void> {
  const stored = await ctx.database.write(async (tx) => {
    await lockLive(tx, id);
    const [updated] = await tx
      .update(notices)
      .set({ withdrawnAt: new Date(), withdrawnByName: actor.name, withdrawReason: reason.trim() })
      .where(eq(notices.id, id))
      .returning();
    if (!updated) throw notFound('Notice');
    const archived = await archiveRecord(ctx, tx, actor, noticeArchiveInput(updated));
    const recipients = await tx
      .select({ accountId: noticeRecipients.accountId })
      .from(noticeRecipients)
      .where(eq(noticeRecipients.noticeId, id));
    await removeDocument(tx, 'notice', id);
    // Nothing left to read: its notifications stop counting (the event tells the bell).
    await markSourceReadForAll(tx, id);
    const stored = await appendEvents(
      tx,
      recipients.map((r) => r.accountId),
      { type: 'notice.withdrawn', payload: { noticeId: id } },
    );
    await recordAudit(tx, actor, {
      action: 'notice.withdraw',
      objectType: 'notice',
      objectId: id,
      details: { reason: reason.trim(), archiveSeq: archived.seq },
    });
    return stored;
  });
  await ctx.bus.publish(stored);
}

async function countsOf(db: Queryable, ids: readonly string[]): Promise<Map<string, NoticeCounts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      noticeId: noticeRecipients.noticeId,
      recipients: count(),
      read: count(noticeRecipients.readAt),
      acknowledged: count(noticeRecipients.acknowledgedAt),
    })
    .from(noticeRecipients)
    .where(sql`${noticeRecipients.noticeId} in ${ids}`)
    .groupBy(noticeRecipients.noticeId);
  return new Map(
    rows.map((r) => [
      r.noticeId,
      { recipients: r.recipients, read: r.read, acknowledged: r.acknowledged },
    ]),
  );
}

async function shape(
  db: Queryable,
  rights: NoticeRights,
  rows: { notice: NoticeRow; mine: { readAt: Date | null; acknowledgedAt: Date | null } | null }[],
): Promise<Notice[]> {
  const tracked = rows.filter((r) => canTrack(rights, r.notice)).map((r) => r.notice.id);
  const counts = await countsOf(db, tracked);
  const orgNames = new Map<string, string>();
  for (const orgId of new Set(rows.map((r) => r.notice.orgId))) {
    orgNames.set(orgId, (await findOrg(db, orgId))?.name ?? '');
  }
  return rows.map(({ notice: n, mine }) => {
    const track = canTrack(rights, n);
    return {
      id: n.id,
      title: n.title,
      bodyHtml: n.withdrawnAt && !track ? '' : n.bodyHtml,
      orgId: n.orgId,
      orgName: orgNames.get(n.orgId) ?? '',
      includeSubtree: n.includeSubtree,
      chosenMembers: n.chosenMembers,
      requiresAck: n.requiresAck,
      deadline: iso(n.deadline),
      senderName: n.senderName,
      sentAt: n.sentAt.toISOString(),
      withdrawnAt: iso(n.withdrawnAt),
      withdrawnByName: n.withdrawnByName,
      withdrawReason: n.withdrawReason,
      mine: mine ? { readAt: iso(mine.readAt), acknowledgedAt: iso(mine.acknowledgedAt) } : null,
      counts: track ? (counts.get(n.id) ?? { recipients: 0, read: 0, acknowledged: 0 }) : null,
      may: { track, withdraw: track && !n.withdrawnAt },
    };
  });
}

export async function noticeView(
  db: Queryable,
  rights: NoticeRights,
  notice: NoticeRow,
): Promise<Notice> {
  const mine = await receiptOf(db, notice.id, rights.accountId);
  const [shaped] = await shape(db, rights, [{ notice, mine }]);
  if (!shaped) throw notFound('Notice');
  return shaped;
}

async function inboxUnread(db: Queryable, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(noticeRecipients)
    .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
    .where(
      and(
        eq(noticeRecipients.accountId, accountId),
        isNull(noticeRecipients.readAt),
        isNull(notices.withdrawnAt),
      ),
    );
  return row?.n ?? 0;
}

/** The inbox (notices received) or the sent box (notices the caller may track), newest first. */
export async function listNotices(
  db: Queryable,
  rights: NoticeRights,
  query: NoticeListQuery,
): Promise<NoticeList> {
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  const unread = await inboxUnread(db, rights.accountId);
  if ((query.box ?? 'inbox') === 'inbox') {
    const where: SQL[] = [eq(noticeRecipients.accountId, rights.accountId)];
    // Unread means "still to read": a withdrawn notice is nothing to read any more.
    if (query.unread) where.push(isNull(noticeRecipients.readAt), isNull(notices.withdrawnAt));
    const [total] = await db
      .select({ n: count() })
      .from(noticeRecipients)
      .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
      .where(and(...where));
    const rows = await db
      .select({ notice: notices, mine: noticeRecipients })
      .from(noticeRecipients)
      .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
      .where(and(...where))
      .orderBy(desc(notices.sentAt), notices.id)
      .limit(limit)
      .offset(offset);
    return { items: await shape(db, rights, rows), total: total?.n ?? 0, unread };
  }
  const scope = rights.sendScope;
  const where = or(
    eq(notices.senderAccountId, rights.accountId),
    scope.length > 0 ? sql`${notices.orgId} in ${scope}` : sql`false`,
  );
  const [total] = await db.select({ n: count() }).from(notices).where(where);
  const rows = await db
    .select()
    .from(notices)
    .where(where)
    .orderBy(desc(notices.sentAt), notices.id)
    .limit(limit)
    .offset(offset);
  return {
    items: await shape(
      db,
      rights,
      rows.map((notice) => ({ notice, mine: null })),
    ),
    total: total?.n ?? 0,
    unread,
  };
}

/** Every recipient's receipt (unread first, then by name) and the reminder clock. */
export async function noticeTracking(db: Queryable, notice: NoticeRow): Promise<NoticeTracking> {
  const rows = await db
    .select()
    .from(noticeRecipients)
    .where(eq(noticeRecipients.noticeId, notice.id))
    .orderBy(
      sql`${noticeRecipients.readAt} is not null`,
      sql`${noticeRecipients.acknowledgedAt} is not null`,
      noticeRecipients.branchName,
      noticeRecipients.name,
    );
  const last = notice.lastRemindedAt;
  return {
    counts: {
      recipients: rows.length,
      read: rows.filter((r) => r.readAt).length,
      acknowledged: rows.filter((r) => r.acknowledgedAt).length,
    },
    receipts: rows.map((r) => ({
      memberId: r.memberId,
      name: r.name,
      branchName: r.branchName,
      readAt: iso(r.readAt),
      acknowledgedAt: iso(r.acknowledgedAt),
      remindedAt: iso(r.remindedAt),
    })),
    lastRemindedAt: iso(last),
    nextRemindAt: last
      ? new Date(last.getTime() + NOTICE_REMIND_INTERVAL_SECONDS * 1000).toISOString()
      : null,
  };
}

/** Organisations the caller may send to, with their path below the root, for the composer. */
export async function noticeTargets(
  ctx: ServiceContext,
  rights: NoticeRights,
): Promise<NoticeTarget[]> {
  if (rights.sendScope.length === 0) return [];
  const all = await listOrgs(ctx, 'all');
  const byId = new Map(all.map((o) => [o.id, o]));
  const parents = new Set(all.map((o) => o.parentId));
  const pathOf = (id: string): string => {
    const names: string[] = [];
    for (let o = byId.get(id); o; o = o.parentId ? byId.get(o.parentId) : undefined) {
      if (!o.parentId && names.length > 0) break; // the root is the same for everyone
      names.unshift(o.name);
    }
    return names.join(' / ');
  };
  return all
    .filter((o) => rights.sendScope.includes(o.id))
    .map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      path: pathOf(o.id),
      hasChildren: parents.has(o.id),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Members with an account under the organisation, for picking recipients. */
export async function noticeCandidates(db: Queryable, orgId: string): Promise<NoticeCandidate[]> {
  const people = await membersIn(db, await subtreeIds(db, [orgId]));
  const accounts = await accountsOfMembers(
    db,
    people.map((p) => p.id),
  );
  const branchNames = new Map<string, string>();
  for (const branchId of new Set(people.map((p) => p.branchId))) {
    branchNames.set(branchId, (await findOrg(db, branchId))?.name ?? '');
  }
  return people
    .filter((p) => accounts.has(p.id))
    .map((p) => ({ memberId: p.id, name: p.name, branchName: branchNames.get(p.branchId) ?? '' }));
}

/** What the body will look like, rendered by the one server-side renderer. */
export async function previewNotice(body: string): Promise<string> {
  return (await renderMessage(body)).html;
}
