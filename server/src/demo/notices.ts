import type { ServiceContext } from '../platform/context.ts';
import type { Actor } from '../platform/audit/audit.ts';
import {
  acknowledgeNotice,
  findNotice,
  markNoticeRead,
  noticeTracking,
  sendNotice,
} from '../modules/notices/service.ts';
import type { DemoPlan } from './plan.ts';

const DAY = 86_400_000;

/** A few notices of the kind a party committee sends, with believable partial read state. */
const NOTICES = [
  {
    orgKey: 'root',
    includeSubtree: true,
    daysAgo: 12,
    title: '关于开展2026年度民主评议党员工作的通知',
    body: '各党支部：\n\n根据党委年度工作安排，现就开展2026年度**民主评议党员**工作通知如下：\n\n1. 各支部于12月15日前完成个人自评和党员互评；\n2. 评议结果经支部党员大会审议后报党委组织委员；\n3. 评定为“优秀”的比例不超过参评党员的三分之一。\n\n请各位党员阅读后点击“确认收到”。',
    requiresAck: true,
    deadlineDays: 20,
    readShare: 0.7,
    ackShare: 0.5,
  },
  {
    orgKey: 'office1',
    includeSubtree: false,
    daysAgo: 3,
    title: '关于召开十二月支部党员大会的通知',
    body: '全体党员同志：\n\n支部定于下周三下午3点在三楼会议室召开党员大会，议题：\n\n- 学习传达上级会议精神\n- 讨论第四季度发展对象\n\n不能参加的同志请提前向支部书记请假。',
    requiresAck: false,
    deadlineDays: null,
    readShare: 0.5,
    ackShare: 0,
  },
  {
    orgKey: 'rnd',
    includeSubtree: false,
    daysAgo: 1,
    title: '请提交第四季度学习心得',
    body: '请各位党员围绕本季度专题学习内容撰写心得体会（不少于800字），于下周五前提交至支部组织委员。\n\n> 学而不思则罔，思而不学则殆。',
    requiresAck: true,
    deadlineDays: 7,
    readShare: 0.4,
    ackShare: 0.25,
  },
] as const;

/**
 * Notices go through the notices service as real ones do, in the secretaries' names; then
 * the first share of each list of recipients (in the tracking view's order) has read, and a
 * smaller share acknowledged, so the tracking view and the 一键提醒 have something to show.
 */
export async function seedDemoNotices(
  ctx: ServiceContext,
  plan: DemoPlan,
  ids: {
    orgIds: ReadonlyMap<string, string>;
    memberIds: ReadonlyMap<string, string>;
    accountOf: ReadonlyMap<string, Actor>;
  },
): Promise<void> {
  const accountByMember = new Map<string, string>();
  for (const [key, memberId] of ids.memberIds) {
    const userId = ids.accountOf.get(key)?.userId;
    if (userId) accountByMember.set(memberId, userId);
  }
  const displayName = new Map(plan.accounts.map((a) => [a.username, a.displayName]));
  const now = Date.now();
  for (const n of NOTICES) {
    const orgId = ids.orgIds.get(n.orgKey);
    const post = plan.posts.find((p) => p.orgKey === n.orgKey && p.post === 'secretary');
    const actor = post ? ids.accountOf.get(post.memberKey) : undefined;
    if (!orgId || !actor?.userId) throw new Error(`demo plan: no secretary for ${n.orgKey}`);
    const id = await sendNotice(
      ctx,
      { actor, accountId: actor.userId, displayName: displayName.get(actor.name) ?? actor.name },
      {
        title: n.title,
        body: n.body,
        orgId,
        includeSubtree: n.includeSubtree,
        requiresAck: n.requiresAck,
        deadline: n.deadlineDays ? new Date(now + n.deadlineDays * DAY).toISOString() : null,
      },
      { sentAt: new Date(now - n.daysAgo * DAY) },
    );
    const row = await findNotice(ctx.database.db, id);
    if (!row) throw new Error('demo notice vanished');
    const { receipts } = await noticeTracking(ctx.database.db, row);
    // Spread over the list rather than its head, so every branch has some of each.
    const pick = (share: number) => receipts.filter((_, i) => (i * share) % 1 < share - 1e-9);
    for (const r of pick(n.readShare)) {
      const account = accountByMember.get(r.memberId);
      if (account) await markNoticeRead(ctx, account, row);
    }
    if (n.requiresAck) {
      for (const r of pick(n.ackShare)) {
        const account = accountByMember.get(r.memberId);
        if (account) await acknowledgeNotice(ctx, account, row);
      }
    }
  }
}
