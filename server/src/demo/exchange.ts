import type { ReactionEmoji } from '@tongxin/contract';
import type { ServiceContext } from '../platform/context.ts';
import type { Actor } from '../platform/audit/audit.ts';
import {
  createSpace,
  createTopic,
  ensureOrgSpace,
  listTags,
  listTopics,
  markAllRead,
  openDm,
  pinMessage,
  postMessage,
  requireViewer,
  toggleReaction,
  updateTopic,
  type Viewer,
} from '../modules/exchange/service.ts';
import { spaceMembers } from '../modules/exchange/policy.ts';
import { addDays } from './dates.ts';
import type { DemoPlan } from './plan.ts';

/*
 * A few months of believable online exchange for the demo organisation, written through the
 * exchange service (same rules, rendering and events as real use) with backdated times and
 * no notifications for the past. Afterwards everyone has read the history, and two fresh
 * messages leave something unread and one @全体 notification for the first sign-in.
 */

interface Line {
  /** Speaker: 0 is the officer who leads the space, 1.. its other members in order. */
  by: number;
  daysAgo: number;
  /** Beijing time of day, HH:MM. */
  at: string;
  text: string;
  /** Index of an earlier line of the same topic this one replies to. */
  replyTo?: number;
  /** Speakers who react, with the emoji. */
  reactions?: readonly [number, ReactionEmoji][];
  pin?: true;
}

interface Thread {
  title: string;
  tag: string;
  lines: readonly Line[];
  resolved?: true;
}

const BRANCH_THREADS: Record<string, readonly Thread[]> = {
  office1: [
    {
      title: '学习贯彻党的二十届三中全会精神',
      tag: '理论学习',
      lines: [
        {
          by: 0,
          daysAgo: 112,
          at: '09:05',
          text: '同志们，支部本月集中学习**党的二十届三中全会精神**。\n请大家先通读《决定》全文，重点看“健全推动经济高质量发展体制机制”部分，周四下午三点在三楼会议室交流。',
          reactions: [
            [1, '👍'],
            [2, '👍'],
            [3, '✅'],
          ],
          pin: true,
        },
        {
          by: 1,
          daysAgo: 112,
          at: '09:32',
          text: '收到。我把学习辅导材料整理了一份要点，放在支部共享文件夹里，大家可以参考。',
          replyTo: 0,
          reactions: [[0, '👏']],
        },
        {
          by: 2,
          daysAgo: 111,
          at: '20:14',
          text: '读了两遍，体会最深的是“以人民为中心”这一条。我们窗口服务平时最容易在细节上让群众多跑路，这次对照着看，问题一下子清楚了。',
        },
        {
          by: 3,
          daysAgo: 110,
          at: '12:40',
          text: '同意。建议交流时每人结合岗位讲一个具体问题，不要泛泛谈体会。',
          replyTo: 2,
          reactions: [
            [0, '👍'],
            [2, '👏'],
          ],
        },
        {
          by: 0,
          daysAgo: 108,
          at: '17:50',
          text: '今天的交流很扎实，感谢大家。整改意见汇总如下：\n1. 窗口办事指南本月底前全部更新\n2. 每季度开展一次“走流程”体验\n3. 学习心得本周五前交支部',
          reactions: [
            [1, '👍'],
            [2, '💪'],
          ],
        },
      ],
    },
    {
      title: '11月主题党日活动安排',
      tag: '工作交流',
      lines: [
        {
          by: 0,
          daysAgo: 40,
          at: '10:00',
          text: '本月主题党日定在**15日上午**，内容：参观区档案馆“红色记忆”展览，之后在馆内会议室重温入党誓词。8:30在管委会门口集合。',
          pin: true,
          reactions: [
            [1, '✅'],
            [2, '✅'],
            [3, '✅'],
          ],
        },
        {
          by: 2,
          daysAgo: 40,
          at: '10:21',
          text: '书记，15号上午我要陪企业去市里办事，能否请假？回来后按规定补学。',
          replyTo: 0,
        },
        {
          by: 0,
          daysAgo: 40,
          at: '10:35',
          text: '可以，请在系统里登记请假，展览的讲解材料会后发你补学。',
          replyTo: 1,
          reactions: [[2, '🙏']],
        },
        {
          by: 1,
          daysAgo: 25,
          at: '16:10',
          text: '活动照片和签到表已经整理好，放进了本月的主题党日记录里。',
          reactions: [[0, '👏']],
        },
      ],
    },
    {
      title: '党费交纳基数怎么核定？',
      tag: '问题求助',
      resolved: true,
      lines: [
        {
          by: 3,
          daysAgo: 75,
          at: '14:22',
          text: '请教一下，今年工资调整后，党费交纳基数是按调整后的月工资重新核定吗？奖金算不算在内？',
        },
        {
          by: 1,
          daysAgo: 75,
          at: '14:40',
          text: '按规定每年核定一次，以上一年度月平均工资收入中计入个人所得税计税基数的项目为准；一次性奖金不计入。具体可以看中组部《关于中国共产党党费收缴、使用和管理的规定》。',
          replyTo: 0,
          reactions: [
            [3, '🙏'],
            [0, '👍'],
          ],
        },
        {
          by: 3,
          daysAgo: 75,
          at: '14:43',
          text: '明白了，谢谢！',
        },
      ],
    },
  ],
  office2: [
    {
      title: '规划审批“一件事”改革经验',
      tag: '经验分享',
      lines: [
        {
          by: 0,
          daysAgo: 95,
          at: '15:00',
          text: '规划建设局这半年把项目审批的六个环节并成了“一件事一次办”，平均时限从42天压到了18天。把做法整理了一下，供大家参考：\n- 材料清单统一，一次告知\n- 部门并联审查\n- 每周例会协调卡点',
          reactions: [
            [1, '👍'],
            [2, '💪'],
          ],
        },
        {
          by: 1,
          daysAgo: 94,
          at: '09:12',
          text: '这个经验很实在。企业反映最多的就是材料反复补，统一清单能解决一大半。',
          replyTo: 0,
        },
        {
          by: 2,
          daysAgo: 93,
          at: '18:30',
          text: '建议在园区党委的联学联建活动里也讲一讲，让研发中心那边也听听。',
          reactions: [[0, '👍']],
        },
      ],
    },
    {
      title: '读《习近平谈治国理政》第五卷笔记',
      tag: '理论学习',
      lines: [
        {
          by: 1,
          daysAgo: 33,
          at: '21:05',
          text: '这周读完了第三专题，摘一句印象深的：“江山就是人民，人民就是江山。”结合基层工作，感觉关键在于把群众的小事当成大事办。',
          reactions: [
            [0, '❤️'],
            [2, '👍'],
          ],
        },
        {
          by: 0,
          daysAgo: 32,
          at: '08:40',
          text: '写得好。下次党小组会请你领学这一部分。',
          replyTo: 0,
        },
      ],
    },
  ],
  rnd: [
    {
      title: '科研攻关中如何发挥党员先锋模范作用',
      tag: '经验分享',
      lines: [
        {
          by: 0,
          daysAgo: 120,
          at: '11:00',
          text: '研发中心今年承担了两个省重点项目。支部想在每个项目组设立**党员先锋岗**，党员带头攻关难点。大家有什么想法？',
          reactions: [
            [1, '👍'],
            [2, '💪'],
          ],
        },
        {
          by: 1,
          daysAgo: 119,
          at: '09:20',
          text: '支持。建议先锋岗不只是挂牌，要和项目节点挂钩，每个季度在支部里讲讲进展和遇到的问题。',
          replyTo: 0,
          reactions: [[0, '👍']],
        },
        {
          by: 2,
          daysAgo: 118,
          at: '22:47',
          text: '我们组的测试平台一直缺人手，我愿意报名先锋岗，负责把自动化测试搭起来。',
          reactions: [
            [0, '👏'],
            [1, '💪'],
          ],
        },
        {
          by: 0,
          daysAgo: 60,
          at: '16:30',
          text: '先锋岗运行两个月了，自动化测试平台已经上线，回归测试时间缩短了一半。给大家点赞！',
          reactions: [
            [1, '🎉'],
            [2, '🎉'],
          ],
        },
      ],
    },
    {
      title: '实验室安全与保密提醒',
      tag: '工作交流',
      lines: [
        {
          by: 0,
          daysAgo: 14,
          at: '08:50',
          text: '提醒：涉密项目的资料一律不得在互联网设备上处理，也不要在任何交流群里传。发现问题及时向支部和保密办报告。',
          pin: true,
          reactions: [
            [1, '✅'],
            [2, '✅'],
          ],
        },
        {
          by: 1,
          daysAgo: 14,
          at: '09:15',
          text: '收到，已经在组里再传达一遍。',
          replyTo: 0,
        },
      ],
    },
  ],
  retired: [
    {
      title: '重阳节座谈会',
      tag: '工作交流',
      lines: [
        {
          by: 0,
          daysAgo: 58,
          at: '09:30',
          text: '老同志们好！重阳节上午九点半在老干部活动中心开座谈会，园区党委领导来看望大家。行动不便的同志请提前说，我们安排车接。',
          reactions: [[1, '🌹']],
        },
        {
          by: 1,
          daysAgo: 58,
          at: '10:02',
          text: '谢谢组织关心，我一定准时到。',
          replyTo: 0,
          reactions: [[0, '🙏']],
        },
      ],
    },
  ],
};

const ANNOUNCEMENTS: readonly Thread[] = [
  {
    title: '关于开展2025年度民主评议党员工作的通知',
    tag: '工作交流',
    lines: [
      {
        by: 0,
        daysAgo: 20,
        at: '10:00',
        text: '各党支部：根据年度工作安排，请于下月底前完成民主评议党员工作。\n1. 学习教育，开展谈心谈话\n2. 个人自评、党员互评、民主测评\n3. 支部综合评定等次并报园区党委\n\n“优秀”等次一般不超过党员总数的三分之一。',
        pin: true,
      },
    ],
  },
  {
    title: '园区党委理论学习中心组本季度学习计划',
    tag: '理论学习',
    lines: [
      {
        by: 0,
        daysAgo: 85,
        at: '15:30',
        text: '本季度中心组学习三个专题：高质量发展、全面从严治党、意识形态工作。各支部可结合实际组织同步学习。',
      },
    ],
  },
];

const STUDY_THREADS: readonly Thread[] = [
  {
    title: '青年理论学习小组第三期：读原著、学原文',
    tag: '理论学习',
    lines: [
      {
        by: 0,
        daysAgo: 50,
        at: '19:30',
        text: '第三期我们读《共产党宣言》。每人选一段，用自己的话讲给大家听，讲完大家提问。时间定在下周三晚上七点半，线上线下同时进行。',
        reactions: [
          [1, '👍'],
          [2, '👍'],
        ],
      },
      {
        by: 1,
        daysAgo: 49,
        at: '12:10',
        text: '我选第一章“资产者和无产者”。有没有推荐的导读？',
        replyTo: 0,
      },
      {
        by: 0,
        daysAgo: 49,
        at: '12:30',
        text: '可以看资料库里那本《〈共产党宣言〉导读》，第二讲正好对应。',
        replyTo: 1,
        reactions: [[1, '🙏']],
      },
      {
        by: 2,
        daysAgo: 43,
        at: '21:40',
        text: '今晚收获很大。以前只记得结论，这次读原文才知道论证是怎么一步步展开的。',
        reactions: [
          [0, '❤️'],
          [1, '👍'],
        ],
      },
    ],
  },
];

const when = (today: string, daysAgo: number, at: string): Date =>
  new Date(`${addDays(today, -daysAgo)}T${at}:00+08:00`);

interface Cast {
  spaceId: string;
  speakers: Viewer[];
}

async function writeThreads(
  ctx: ServiceContext,
  today: string,
  cast: Cast,
  threads: readonly Thread[],
  tagIds: Map<string, string>,
): Promise<void> {
  const speaker = (i: number): Viewer => {
    const v = cast.speakers[i % cast.speakers.length];
    if (!v) throw new Error('demo exchange: a space without speakers');
    return v;
  };
  for (const thread of threads) {
    const [first, ...rest] = thread.lines;
    if (!first) continue;
    const tagId = tagIds.get(thread.tag);
    const opened = await createTopic(
      ctx,
      speaker(first.by),
      cast.spaceId,
      { title: thread.title, body: first.text, ...(tagId ? { tagIds: [tagId] } : {}) },
      { at: when(today, first.daysAgo, first.at), quiet: true },
    );
    const ids = [opened.message.id];
    for (const line of rest) {
      const replyToId = line.replyTo !== undefined ? ids[line.replyTo] : undefined;
      const message = await postMessage(
        ctx,
        speaker(line.by),
        opened.topic.id,
        { body: line.text, ...(replyToId !== undefined ? { replyToId } : {}) },
        { at: when(today, line.daysAgo, line.at), quiet: true },
      );
      ids.push(message.id);
    }
    for (const [i, line] of thread.lines.entries()) {
      const id = ids[i];
      if (id === undefined) continue;
      for (const [by, emoji] of line.reactions ?? []) {
        const who = speaker(by);
        // Nobody reacts to their own message.
        if (who.accountId !== speaker(line.by).accountId) {
          await toggleReaction(ctx, who, id, emoji);
        }
      }
      if (line.pin) await pinMessage(ctx, speaker(0), id, true);
    }
    if (thread.resolved) await updateTopic(ctx, speaker(0), opened.topic.id, { resolved: true });
  }
}

export interface DemoExchangeInput {
  today: string;
  plan: DemoPlan;
  orgIds: ReadonlyMap<string, string>;
  /** Member key → the member's account (for members who have one). */
  accountOf: ReadonlyMap<string, Actor>;
}

export async function seedDemoExchange(ctx: ServiceContext, input: DemoExchangeInput) {
  const { plan, orgIds, accountOf, today } = input;
  const viewerOfKey = async (memberKey: string | undefined): Promise<Viewer | null> => {
    const userId = memberKey ? accountOf.get(memberKey)?.userId : undefined;
    return userId ? requireViewer(ctx, userId) : null;
  };
  const holder = (orgKey: string, post: string) =>
    plan.posts.find((p) => p.orgKey === orgKey && p.post === post)?.memberKey;
  const tags = await listTags(ctx, await requireAnyViewer(ctx, accountOf));
  const tagIds = new Map(tags.items.map((t) => [t.name, t.id]));

  // Each branch's own space: its secretary leads, the other members with accounts speak.
  const castOf = async (orgKey: string): Promise<Cast | null> => {
    const orgId = orgIds.get(orgKey);
    const lead = await viewerOfKey(holder(orgKey, 'secretary'));
    if (!orgId || !lead) return null;
    const space = await ensureOrgSpace(ctx, orgId);
    const others = (await spaceMembers(ctx.database.db, space))
      .filter((m) => m.accountId !== lead.accountId)
      .map((m) => m.accountId);
    const speakers = [lead];
    for (const id of others) speakers.push(await requireViewer(ctx, id));
    return speakers.length >= 2 ? { spaceId: space.id, speakers } : null;
  };
  const casts = new Map<string, Cast>();
  for (const [orgKey, threads] of Object.entries(BRANCH_THREADS)) {
    const cast = await castOf(orgKey);
    if (!cast) continue;
    casts.set(orgKey, cast);
    await writeThreads(ctx, today, cast, threads, tagIds);
  }

  // The 园区党委's announcement space, written by its secretary.
  const rootLead = await viewerOfKey(holder('root', 'secretary'));
  const rootId = orgIds.get('root');
  if (rootLead && rootId) {
    const spaceId = await createSpace(ctx, rootLead, 'all', {
      kind: 'announcement',
      name: '园区党委通知公告',
      description: '园区党委发布的通知、学习安排和工作部署',
      orgId: rootId,
    });
    await writeThreads(ctx, today, { spaceId, speakers: [rootLead] }, ANNOUNCEMENTS, tagIds);
  }

  // A cross-branch study group of younger members, run by the 党总支's publicity officer.
  const generalLead = await viewerOfKey(holder('general', 'publicity_officer'));
  const generalId = orgIds.get('general');
  const young = [
    ...(casts.get('office1')?.speakers ?? []),
    ...(casts.get('office2')?.speakers ?? []),
  ]
    .filter((v) => v.postOrgIds.length === 0)
    .slice(0, 5);
  if (generalLead && generalId && young.length >= 2) {
    const spaceId = await createSpace(ctx, generalLead, 'all', {
      kind: 'cross_branch',
      name: '青年理论学习小组',
      description: '机关两个支部青年党员的读书交流',
      orgId: generalId,
      accountIds: young.map((v) => v.accountId),
    });
    await writeThreads(
      ctx,
      today,
      { spaceId, speakers: [generalLead, ...young] },
      STUDY_THREADS,
      tagIds,
    );
  }

  // A conversation between a branch secretary and a member.
  const office1 = casts.get('office1');
  const [secretary, member] = office1?.speakers ?? [];
  if (secretary && member) {
    const spaceId = await openDm(ctx, secretary, 'all', { accountIds: [member.accountId] });
    await writeThreads(
      ctx,
      today,
      { spaceId, speakers: [secretary, member] },
      [
        {
          title: '谈心谈话时间',
          tag: '工作交流',
          lines: [
            {
              by: 0,
              daysAgo: 9,
              at: '16:05',
              text: '年底前想和你谈一次心，听听你对支部工作的意见，周二下午方便吗？',
            },
            {
              by: 1,
              daysAgo: 9,
              at: '16:20',
              text: '方便的，书记。我三点以后都在办公室。',
              reactions: [[0, '👍']],
            },
          ],
        },
      ],
      tagIds,
    );
  }

  // Everyone has read the history; two fresh messages wait for the first sign-in.
  for (const actor of accountOf.values()) {
    if (actor.userId) await markAllRead(ctx, await requireViewer(ctx, actor.userId), true);
  }
  if (office1 && secretary) {
    const topicId = await latestTopic(ctx, secretary, office1.spaceId, '11月主题党日活动安排');
    if (topicId) {
      await postMessage(ctx, secretary, topicId, {
        body: '@全体 下月主题党日初定参观科技馆“自主创新成果展”，有其他建议的同志本周内在这里留言。',
      });
      const other = office1.speakers[2] ?? office1.speakers[1];
      if (other) {
        await postMessage(ctx, other, topicId, {
          body: '建议再加一项：请研发中心的同志现场讲解。',
        });
      }
    }
  }
}

async function requireAnyViewer(
  ctx: ServiceContext,
  accountOf: ReadonlyMap<string, Actor>,
): Promise<Viewer> {
  for (const actor of accountOf.values()) {
    if (actor.userId) return requireViewer(ctx, actor.userId);
  }
  throw new Error('demo exchange: no member accounts');
}

async function latestTopic(
  ctx: ServiceContext,
  viewer: Viewer,
  spaceId: string,
  title: string,
): Promise<string | null> {
  const list = await listTopics(ctx, viewer, spaceId, { q: title, limit: 1 });
  return list.items[0]?.topic.id ?? null;
}
