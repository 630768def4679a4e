import type { ActivityDetails, MarkedAttendance, MinutesInput } from '@tongxin/contract';
import type { Actor } from '../platform/audit/audit.ts';
import type { ServiceContext } from '../platform/context.ts';
import {
  createActivity,
  finaliseActivity,
  markAttendance,
  recordMakeup,
  requestLeave,
  saveMinutes,
  type Operator,
} from '../modules/activities/lifecycle.ts';
import { publishActivity } from '../modules/activities/publish.ts';
import { attendeesOf } from '../modules/activities/service.ts';
import { addDays, addMonths } from './dates.ts';
import type { DemoPlan } from './plan.ts';
import { mulberry32, type Rng } from './random.ts';

export interface DemoActivitiesInput {
  today: string;
  plan: DemoPlan;
  orgIds: ReadonlyMap<string, string>;
  memberIds: ReadonlyMap<string, string>;
  accountOf: ReadonlyMap<string, Actor>;
}

const THEMES = [
  ['重温入党誓词', '集体重温入党誓词，交流入党初心'],
  ['走进社区志愿服务', '到结对社区开展环境整治和政策宣讲志愿服务'],
  ['参观红色教育基地', '赴区革命历史纪念馆参观学习，现场讲解'],
  ['学习党的创新理论', '集中学习，分组交流学习体会'],
  ['廉洁文化主题教育', '观看警示教育片，签订廉洁承诺书'],
  ['科技助企服务日', '走访园区企业，了解党建和发展难题'],
  ['清明祭英烈', '到烈士陵园敬献花篮，缅怀革命先烈'],
  ['七一党员政治生日', '为七月入党的同志过政治生日，赠送纪念卡'],
  ['垃圾分类宣传', '在园区开展垃圾分类宣传，党员带头示范'],
  ['学习党史故事会', '每位党员讲一个党史故事'],
  ['安全生产大检查', '党员示范岗开展安全隐患排查'],
  ['年度工作回顾', '回顾支部全年工作，征求意见建议'],
] as const;

const LECTURES = [
  ['深刻领会党的创新理论的核心要义', '《习近平谈治国理政》相关篇目'],
  ['严守党的纪律规矩', '《中国共产党纪律处分条例》'],
  ['发扬党的优良传统作风', '《中国共产党章程》及党史学习读本'],
  ['立足岗位作表率', '优秀共产党员先进事迹材料'],
] as const;

/** How many months back the monthly 支委会, 党小组会 and 主题党日 go (keeps the seed quick). */
const MONTHLY_MONTHS = 6;

/** A time of day in Asia/Shanghai on a calendar date. */
const shanghai = (date: string, time: string): Date => new Date(`${date}T${time}:00+08:00`);

/** The same day of the month, `monthsAgo` months before today's month. */
const dayOf = (today: string, monthsAgo: number, day: number): string =>
  `${addMonths(today, -monthsAgo).slice(0, 8)}${String(day).padStart(2, '0')}`;

interface Planned {
  orgId: string;
  title: string;
  date: string;
  from: string;
  to: string;
  place: string;
  details: ActivityDetails;
  /** Resolutions voted on; every voter present votes for them. */
  resolutions?: MinutesInput['resolutions'];
}

/**
 * A year of party life for 机关第一党支部, through the activities service as a secretary
 * would enter it: monthly 支委会, 党小组会 and 主题党日 (the last half year), quarterly
 * 支部党员大会 and 党课 (the year), one
 * 联学联建 with the 研发中心党支部. Past activities are entered after the fact (no notices),
 * with attendance, some leave and absence with 补学, minutes whose votes meet the quorum, and
 * all but the latest finalised. Coming up: a published 支部党员大会 (notice and topic) with a
 * pending leave request, and a draft 党课.
 */
export async function seedDemoActivities(
  ctx: ServiceContext,
  input: DemoActivitiesInput,
): Promise<void> {
  const { plan, orgIds, memberIds, accountOf, today } = input;
  const rng: Rng = mulberry32(20260705);
  const org = (key: string) => orgIds.get(key);
  const office1 = org('office1');
  const group1 = org('office1.g1');
  const rnd = org('rnd');
  const secretaryKey = plan.posts.find(
    (p) => p.orgKey === 'office1' && p.post === 'secretary',
  )?.memberKey;
  const actor = secretaryKey ? accountOf.get(secretaryKey) : undefined;
  const secretaryId = secretaryKey ? memberIds.get(secretaryKey) : undefined;
  if (!office1 || !group1 || !rnd || !actor?.userId || !secretaryId) {
    throw new Error('demo plan: 机关第一党支部 needs its secretary with an account');
  }
  const names = new Map(plan.accounts.map((a) => [a.username, a.displayName]));
  const op: Operator = {
    actor,
    accountId: actor.userId,
    displayName: names.get(actor.name) ?? actor.name,
    memberId: secretaryId,
  };
  const recorderKey = plan.posts.find(
    (p) => p.orgKey === 'office1' && p.post === 'organisation_officer',
  )?.memberKey;
  const recorderId = recorderKey ? (memberIds.get(recorderKey) ?? null) : null;

  const planned: Planned[] = [];
  for (let ago = 11; ago >= 0; ago -= 1) {
    const quarterEnd = ago % 3 === 0;
    // Monthly meetings for the last half year; the quarterly ones over the whole year.
    if (ago < MONTHLY_MONTHS) {
      planned.push({
        orgId: office1,
        title: `${addMonths(today, -ago).slice(5, 7)}月支委会`,
        date: dayOf(today, ago, 5),
        from: '09:00',
        to: '10:30',
        place: '党群工作部会议室',
        details: {
          type: 'committee_meeting',
          agenda: ['研究本月支部工作安排', '研究主题党日活动方案'],
        },
        resolutions: [
          {
            title: '通过本月主题党日活动方案',
            text: '',
            votesFor: 0,
            votesAgainst: 0,
            votesAbstain: 0,
          },
        ],
      });
      planned.push({
        orgId: group1,
        title: `第一党小组${addMonths(today, -ago).slice(5, 7)}月党小组会`,
        date: dayOf(today, ago, 12),
        from: '16:00',
        to: '17:00',
        place: '党群工作部办公室',
        details: {
          type: 'group_meeting',
          agenda: ['学习支部布置的学习内容', '交流工作和思想情况'],
        },
      });
      const [theme, themePlan] = THEMES[(12 - ago) % THEMES.length] ?? THEMES[0];
      planned.push({
        orgId: office1,
        title: `主题党日：${theme}`,
        date: dayOf(today, ago, 20),
        from: '14:30',
        to: '17:00',
        place: '党员活动室',
        details: { type: 'themed_day', theme, plan: themePlan },
      });
    }
    if (quarterEnd) {
      const [topic, materials] = LECTURES[(ago / 3) % LECTURES.length] ?? LECTURES[0];
      planned.push({
        orgId: office1,
        title: `党课：${topic}`,
        date: dayOf(today, ago, 15),
        from: '14:30',
        to: '16:00',
        place: '三楼报告厅',
        details: {
          type: 'party_lecture',
          lecturerMemberId: secretaryId,
          lecturerName: op.displayName,
          materials,
        },
      });
      planned.push({
        orgId: office1,
        title: `第${4 - ago / 3}季度支部党员大会`,
        date: dayOf(today, ago, 25),
        from: '15:00',
        to: '17:00',
        place: '三楼会议室',
        details: {
          type: 'branch_general_meeting',
          agenda: ['学习传达上级会议精神', '讨论发展党员和预备党员转正事宜', '通报支部工作'],
        },
        resolutions: [
          {
            title: '通过本季度支部工作总结',
            text: '',
            votesFor: 0,
            votesAgainst: 0,
            votesAbstain: 0,
          },
        ],
      });
    }
    if (ago === 4) {
      planned.push({
        orgId: office1,
        title: '联学联建：党建引领科技创新座谈交流',
        date: dayOf(today, ago, 27),
        from: '14:00',
        to: '16:30',
        place: '研发中心报告厅',
        details: {
          type: 'joint_activity',
          agenda: ['两支部交流党建工作经验', '参观研发中心创新成果展'],
          partnerOrgIds: [rnd],
        },
      });
    }
  }

  const todayStart = shanghai(today, '00:00');
  for (const p of planned) {
    const startsAt = shanghai(p.date, p.from);
    const endsAt = shanghai(p.date, p.to);
    if (startsAt >= todayStart) continue; // the calendar's future is planned below
    const id = await createActivity(
      ctx,
      op,
      {
        orgId: p.orgId,
        title: p.title,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        place: p.place,
        hostMemberId: secretaryId,
        // The organisation officer sits in another 党小组: the group keeps its own notes.
        recorderMemberId: p.details.type === 'group_meeting' ? null : recorderId,
        details: p.details,
      },
      { createdAt: new Date(startsAt.getTime() - 7 * 86_400_000) },
    );
    await publishActivity(ctx, op, id, {
      at: new Date(startsAt.getTime() - 5 * 86_400_000),
      quiet: true,
    });
    const people = await attendeesOf(ctx.database.db, id);
    const entries = people.map((a) => {
      const roll = a.memberId === secretaryId ? 0 : rng.next();
      const status: MarkedAttendance = roll < 0.86 ? 'present' : roll < 0.94 ? 'leave' : 'absent';
      const note =
        status === 'leave'
          ? rng.pick(['因公出差', '参加区里培训', '病假', '家中有事'])
          : status === 'absent'
            ? '临时工作冲突'
            : undefined;
      return { memberId: a.memberId, status, ...(note ? { note } : {}) };
    });
    // The rules of the type hold: more than half present for the votes that follow.
    const voters = people.filter((a) =>
      p.details.type === 'committee_meeting' ? a.committee : a.voting,
    );
    const presentVoters = () =>
      voters.filter((v) => entries.find((e) => e.memberId === v.memberId)?.status === 'present');
    for (const v of voters) {
      if (presentVoters().length * 2 > voters.length) break;
      const entry = entries.find((e) => e.memberId === v.memberId);
      if (entry) {
        entry.status = 'present';
        delete entry.note;
      }
    }
    await markAttendance(ctx, op, id, { entries }, startsAt);
    const present = people.filter(
      (a) => entries.find((e) => e.memberId === a.memberId)?.status === 'present',
    );
    const agenda = 'agenda' in p.details ? p.details.agenda : [p.title];
    const speakers = [present[0], ...present.slice(1).filter(() => rng.chance(0.25))]
      .filter((s) => s !== undefined)
      .slice(0, 4);
    const votes = presentVoters().length;
    await saveMinutes(ctx, op, id, {
      agenda: agenda.map((title) => ({ title, notes: '' })),
      speeches: speakers.map((s, i) => ({
        speakerMemberId: s.memberId,
        speakerName: s.name,
        agendaIndex: i === 0 ? 0 : Math.min(agenda.length - 1, 1),
        points:
          i === 0
            ? '传达了上级有关会议和文件精神，对近期工作作了安排部署。'
            : rng.pick([
                '结合本职工作谈了学习体会，表示要发挥党员先锋模范作用。',
                '建议把学习和业务工作结合起来，多开展实地调研。',
                '对支部工作提出改进建议，希望增加交流研讨的机会。',
              ]),
      })),
      resolutions: (p.resolutions ?? []).map((r) => ({
        ...r,
        votesFor: votes,
      })),
      summary: '会议按议程进行，达到预期效果。',
    });
    // 补学 for most of those away, a week later.
    for (const e of entries.filter((x) => x.status !== 'present')) {
      if (!rng.chance(0.7)) continue;
      await recordMakeup(ctx, op, id, {
        memberId: e.memberId,
        date: addDays(p.date, 7),
        method: rng.pick(['self_study', 'recording', 'talk'] as const),
        content: '学习会议记录和有关材料，向支部书记汇报学习体会',
      });
    }
    // The latest month's records are still being completed; everything older is finalised.
    if (endsAt.getTime() < todayStart.getTime() - 30 * 86_400_000) {
      await finaliseActivity(ctx, op, id, new Date(endsAt.getTime() + 2 * 86_400_000));
    }
  }

  // Coming up: a published 支部党员大会 (with its notice and topic) and a draft 党课.
  const next = addDays(today, 6);
  const upcoming = await createActivity(ctx, op, {
    orgId: office1,
    title: '支部党员大会：讨论预备党员转正',
    startsAt: shanghai(next, '15:00').toISOString(),
    endsAt: shanghai(next, '17:00').toISOString(),
    place: '三楼会议室',
    hostMemberId: secretaryId,
    recorderMemberId: recorderId,
    details: {
      type: 'branch_general_meeting',
      agenda: ['学习传达上级会议精神', '讨论预备党员按期转正', '通报年度民主评议安排'],
    },
  });
  // Planned three days ago: its notice and topic sit behind the fresher demo conversations.
  await publishActivity(ctx, op, upcoming, { at: shanghai(addDays(today, -3), '10:00') });
  const asker = [...accountOf.entries()].find(
    ([key, a]) => key !== secretaryKey && a.userId && memberIds.get(key),
  );
  const askerMember = asker ? memberIds.get(asker[0]) : undefined;
  const expected = await attendeesOf(ctx.database.db, upcoming);
  // Only while it is still ahead on the real clock (a demo built around another day may not be).
  const ahead = shanghai(next, '17:00').getTime() > Date.now();
  if (
    ahead &&
    asker?.[1].userId &&
    askerMember &&
    expected.some((a) => a.memberId === askerMember)
  ) {
    await requestLeave(
      ctx,
      {
        actor: asker[1],
        accountId: asker[1].userId,
        displayName: names.get(asker[1].name) ?? asker[1].name,
        memberId: askerMember,
      },
      upcoming,
      '当天需陪同上级检查组，申请请假',
    );
  }
  const lectureDay = addDays(today, 14);
  await createActivity(ctx, op, {
    orgId: office1,
    title: '党课：以实干担当推动高质量发展',
    startsAt: shanghai(lectureDay, '14:30').toISOString(),
    endsAt: shanghai(lectureDay, '16:00').toISOString(),
    place: '三楼报告厅',
    hostMemberId: secretaryId,
    details: {
      type: 'party_lecture',
      lecturerMemberId: secretaryId,
      lecturerName: op.displayName,
      materials: '年度工作报告及有关学习材料',
    },
  });
}
