import { ACTIVITY_TITLE_MAX, NOTICE_TITLE_MAX } from '@tongxin/contract';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { ancestorsOf } from '../exchange/policy.ts';
import { createTopic, ensureOrgSpace, readableSpace, viewerOf } from '../exchange/service.ts';
import { accountsOfMembers } from '../identity/service.ts';
import { sendNotice } from '../notices/service.ts';
import { findOrg } from '../orgs/service.ts';
import { markPublished, type Operator } from './lifecycle.ts';
import { TYPE_NAMES, timeRange } from './labels.ts';
import { attendeesOf, buildRecord, countedFor, findActivity, type ActivityRow } from './service.ts';

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** What the notice and the topic say: when, where, who leads, and where to find it. */
async function announcement(ctx: ServiceContext, row: ActivityRow): Promise<string> {
  const record = await buildRecord(ctx.database.db, row);
  const lines = [
    `**${TYPE_NAMES[row.type]}**：${row.title}`,
    '',
    `- 时间：${timeRange(row.startsAt, row.endsAt)}`,
    `- 地点：${row.place}`,
  ];
  if (record.host) lines.push(`- 主持人：${record.host.name}`);
  if (row.details.type === 'party_lecture') lines.push(`- 授课人：${row.details.lecturerName}`);
  if (row.details.type === 'themed_day') lines.push(`- 主题：${row.details.theme}`);
  if (record.partnerOrgs.length > 0) {
    lines.push(
      `- 参加支部：${[record.orgName, ...record.partnerOrgs.map((o) => o.name)].join('、')}`,
    );
  }
  if ('agenda' in row.details && row.details.agenda.length > 0) {
    lines.push('', '议程：', ...row.details.agenda.map((a, i) => `${i + 1}. ${a}`));
  }
  lines.push('', `请按时参加；不能参加的请在活动页面请假：/activities/${row.id}`);
  return lines.join('\n');
}

/** The nearest organisation at or above all of them (the notice of a joint activity is sent in its name). */
async function commonAncestor(ctx: ServiceContext, orgIds: readonly string[]): Promise<string> {
  const [first, ...rest] = orgIds;
  if (!first) throw new Error('no organisation');
  const lines: string[][] = [];
  for (const o of rest) lines.push(await ancestorsOf(ctx.database.db, o));
  const mine = await ancestorsOf(ctx.database.db, first);
  return mine.find((a) => lines.every((l) => l.includes(a))) ?? first;
}

/**
 * The discussion topic, in the host organisation's space (for a 党小组 activity, the group's
 * space or else its branch's), posted as the publisher. A joint activity gets one topic, in
 * the host's space: the partner branches' members find the activity itself in their lists.
 * Where the publisher may not post (an officer above planning for a branch below), the
 * activity is published without a topic.
 */
async function openTopic(
  ctx: ServiceContext,
  op: Operator,
  row: ActivityRow,
  body: string,
  at: Date | undefined,
): Promise<{ orgId: string; spaceId: string; topicId: string }[]> {
  const { db } = ctx.database;
  const viewer = await viewerOf(db, op.accountId);
  if (!viewer || viewer.excluded) return [];
  const host = await findOrg(db, row.orgId);
  const candidates = [
    row.orgId,
    ...(host?.kind === 'group' && host.parentId ? [host.parentId] : []),
  ];
  for (const orgId of candidates) {
    const space = await ensureOrgSpace(ctx, orgId);
    const readable = await readableSpace(db, viewer, space.id).catch(() => null);
    if (!readable?.access.post) continue;
    const { topic } = await createTopic(
      ctx,
      viewer,
      space.id,
      { title: clip(`${TYPE_NAMES[row.type]}：${row.title}`, 80), body },
      at ? { at } : {},
    );
    return [{ orgId, spaceId: space.id, topicId: topic.id }];
  }
  return [];
}

/**
 * Publishes a draft: the discussion topic, then a notice with read tracking to the expected
 * attendees who have an account (if there is anyone but the publisher), then the state change
 * with both links, audited, with `activity.changed` to everyone who may now see it.
 */
export async function publishActivity(
  ctx: ServiceContext,
  op: Operator,
  id: string,
  options: { at?: Date } = {},
): Promise<void> {
  const { db } = ctx.database;
  const row = await findActivity(db, id);
  if (!row) throw new AppError(404, 'not_found', 'Activity not found');
  if (row.status !== 'draft') {
    throw new AppError(409, 'activity_not_draft', 'The activity is already published');
  }
  const body = await announcement(ctx, row);
  const topics = await openTopic(ctx, op, row, body, options.at);
  const expected = (await attendeesOf(db, id)).map((a) => a.memberId);
  const accounts = await accountsOfMembers(db, expected);
  const reached = [...accounts.entries()].filter(([, a]) => a.accountId !== op.accountId);
  let noticeId: string | null = null;
  if (reached.length > 0) {
    noticeId = await sendNotice(
      ctx,
      { actor: op.actor, accountId: op.accountId, displayName: op.displayName },
      {
        title: clip(
          `【${TYPE_NAMES[row.type]}】${row.title}`,
          Math.min(NOTICE_TITLE_MAX, ACTIVITY_TITLE_MAX),
        ),
        body,
        orgId: await commonAncestor(ctx, await countedFor(db, id)),
        memberIds: reached.map(([memberId]) => memberId),
        requiresAck: false,
      },
      options.at ? { sentAt: options.at } : {},
    );
  }
  await markPublished(ctx, op, id, { noticeId, topics }, options.at);
}
