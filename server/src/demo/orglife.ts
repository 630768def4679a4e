import type { ServiceContext } from '../platform/context.ts';
import type { Actor } from '../platform/audit/audit.ts';
import { orgLifeRights } from '../modules/orglife/policy.ts';
import {
  addCriticism,
  addOpinion,
  addRectification,
  advanceMeeting,
  closeRectification,
  createMeeting,
  findMeeting,
  setSelfCriticism,
  updateMeeting,
  updateRectification,
} from '../modules/orglife/service.ts';
import { addDays } from './dates.ts';
import type { DemoPlan } from './plan.ts';

const BRANCH = 'office1';

/** What was said, in the words such records use; who said it is chosen from the branch. */
const SELF_CRITICISMS = [
  '对照党章党规和“四个合格”要求，本人理论学习还不够系统深入，满足于读原文、记笔记，联系实际思考不够；深入基层调查研究偏少，对年轻同志思想动态掌握不及时。今后将制定个人学习计划，每季度至少开展一次专题调研。',
  '作为支部副书记，本人在落实“三会一课”制度上督促检查不够到位，有时以业务工作繁忙为由压缩学习时间；批评与自我批评辣味不足，存在“老好人”思想。今后将带头开展谈心谈话，敢于指出问题。',
  '本人在组织工作中存在重台账、轻实效的倾向，党员发展和教育管理的精细化程度不够，对流动党员联系不够紧密。今后将建立党员联系台账，按月跟踪。',
  '宣传工作创新不足，支部公众号和宣传栏更新不及时，先进典型挖掘宣传不够。今后将每月策划一个宣传主题，及时报道支部活动。',
  '本人对廉政风险点排查不够细致，日常提醒多、监督检查少，纪律教育形式较为单一。今后将结合典型案例开展警示教育，每半年排查一次风险点。',
  '参加支部活动有时不够积极，发挥先锋模范作用不够明显，在本职工作中创新意识不强。今后将主动承担急难险重任务，向身边的先进同志学习。',
  '政治理论学习存在“碎片化”现象，运用党的创新理论指导工作的能力有待提高；与群众沟通时有时缺乏耐心。今后将坚持每周集中学习，改进工作作风。',
];

const CRITICISMS = [
  '希望书记多到一线走走，多听听年轻党员的想法，谈心谈话可以更经常一些。',
  '工作中有时急于求成，布置任务时说明不够，希望多一些沟通。',
  '学习笔记内容较多摘抄，心得体会偏少，建议结合岗位多写思考。',
  '支部活动通知有时比较仓促，建议提前安排，便于大家协调工作时间。',
  '主动向组织汇报思想的次数偏少，希望多和支部交流。',
];

/**
 * 组织生活会 of 机关第一党支部 for the last fourth quarter: opinions collected beforehand, the
 * meeting held with self-criticisms and criticisms recorded, and rectification items of which
 * two are closed with evidence, one is in progress past its deadline (overdue) and one is open.
 * Everything goes through the org life service, in the committee's names.
 */
export async function seedDemoOrgLife(
  ctx: ServiceContext,
  input: {
    today: string;
    plan: DemoPlan;
    orgIds: ReadonlyMap<string, string>;
    memberIds: ReadonlyMap<string, string>;
    accountOf: ReadonlyMap<string, Actor>;
  },
): Promise<void> {
  const { today, plan } = input;
  const orgId = input.orgIds.get(BRANCH);
  if (!orgId) throw new Error(`demo plan: no ${BRANCH}`);
  // The last December meeting with at least two months of follow-up behind it.
  let year = Number(today.slice(0, 4)) - 1;
  if (addDays(`${year}-12-18`, 60) > today) year -= 1;
  const meetingDate = `${year}-12-18`;

  const committeeKeys = plan.posts
    .filter((p) => p.orgKey === BRANCH && p.post !== 'group_leader')
    .map((p) => p.memberKey);
  const moved = new Set(plan.transfers.map((t) => t.memberKey));
  const ordinaryKeys = plan.members
    .filter((m) => m.branchKey === BRANCH && !committeeKeys.includes(m.key) && !moved.has(m.key))
    .filter((m) => m.status === 'full')
    .map((m) => m.key)
    .slice(0, 4);
  const idOf = (key: string): string => {
    const id = input.memberIds.get(key);
    if (!id) throw new Error(`demo plan: unknown member ${key}`);
    return id;
  };
  const secretaryKey = plan.posts.find(
    (p) => p.orgKey === BRANCH && p.post === 'secretary',
  )?.memberKey;
  const secretary = secretaryKey ? input.accountOf.get(secretaryKey) : undefined;
  if (!secretaryKey || !secretary?.userId) throw new Error('demo plan: no secretary account');
  const secretaryName =
    plan.accounts.find((a) => a.memberKey === secretaryKey)?.displayName ?? secretary.name;
  const rightsOf = (key: string, actor: Actor) =>
    orgLifeRights(ctx, { userId: actor.userId ?? '', adminRole: null, memberId: idOf(key) });
  const secretaryRights = await rightsOf(secretaryKey, secretary);
  const load = async (id: string) => {
    const row = await findMeeting(ctx.database.db, id);
    if (!row) throw new Error('demo: the org life meeting vanished');
    return row;
  };

  const id = await createMeeting(
    ctx,
    secretary,
    { orgId, year, title: `${year}年度组织生活会`, meetingDate },
    { createdAt: new Date(`${year}-11-20T02:00:00Z`) },
  );

  // 征求意见: named ones from members with accounts, the masses' and the suggestion box's
  // recorded by the secretary.
  const named = [...ordinaryKeys, ...committeeKeys].filter((k) => input.accountOf.has(k));
  const opinionTexts = [
    {
      target: 'committee' as const,
      body: '建议支部学习形式更多样一些，可以结合业务开展专题研讨。',
    },
    { target: 'committee' as const, body: '希望支部委员会在党员教育中更关注青年党员的成长。' },
    { target: 'member' as const, body: '书记工作很忙，但与普通党员的谈心谈话还可以再多一些。' },
  ];
  for (const [i, o] of opinionTexts.entries()) {
    const key = named[i % Math.max(1, named.length)];
    const actor = key ? input.accountOf.get(key) : undefined;
    if (!key || !actor) continue;
    await addOpinion(ctx, actor, await rightsOf(key, actor), await load(id), {
      target: o.target,
      ...(o.target === 'member' ? { targetMemberId: idOf(secretaryKey) } : {}),
      body: o.body,
    });
  }
  await addOpinion(ctx, secretary, secretaryRights, await load(id), {
    target: 'committee',
    source: 'masses',
    fromName: '服务企业代表',
    body: '党员服务窗口午休时间办事不便，希望安排党员轮流值守。',
  });
  await addOpinion(ctx, secretary, secretaryRights, await load(id), {
    target: 'committee',
    anonymous: true,
    body: '（意见箱）支部会议有时通知较晚，希望提前安排。',
  });

  await updateMeeting(ctx, secretary, id, {
    opinionSummary:
      '会前通过座谈、意见箱和走访服务企业共征求意见5条，主要集中在学习形式单一、谈心谈话不够经常、会议通知不够及时和服务窗口值守四个方面。',
    summary:
      '会议由支部书记主持。支部委员会通报了上年度整改落实情况和本次会前征求意见情况，书记代表支委会作对照检查，班子成员和党员逐一进行自我批评，相互开展批评，共提出批评意见5条。会议研究确定了4项整改事项，明确了责任人和完成时限。',
  });
  await advanceMeeting(ctx, secretary, id, 'held');

  const speakers = [...committeeKeys, ...ordinaryKeys];
  for (const [i, key] of speakers.entries()) {
    const text = SELF_CRITICISMS[i % SELF_CRITICISMS.length] ?? '';
    await setSelfCriticism(ctx, secretary, secretaryRights, await load(id), idOf(key), text);
  }
  for (const [i, body] of CRITICISMS.entries()) {
    const subject = speakers[i % speakers.length];
    const from = speakers[(i + 1) % speakers.length];
    if (!subject || !from || subject === from) continue;
    await addCriticism(ctx, secretary, secretaryRights, await load(id), idOf(subject), {
      fromMemberId: idOf(from),
      body,
    });
  }
  await advanceMeeting(ctx, secretary, id, 'rectifying');

  const owner = (i: number): string =>
    idOf(committeeKeys[i % committeeKeys.length] ?? secretaryKey);
  const items = [
    {
      problem: '理论学习形式较为单一，联系实际不够',
      measure: '每季度开展一次专题研讨，结合业务工作撰写学习体会',
      ownerMemberId: owner(2),
      deadline: addDays(meetingDate, 75),
      closed: {
        evidence: '已制定季度专题研讨计划，第一季度围绕“优化营商环境”开展研讨，形成学习体会12篇。',
        on: addDays(meetingDate, 70),
      },
    },
    {
      problem: '支部会议通知不够及时',
      measure: '建立会议计划表，支部会议至少提前三个工作日发布通知',
      ownerMemberId: owner(0),
      deadline: addDays(meetingDate, 45),
      closed: {
        evidence: '已修订支部会议制度，按月公布会议计划，此后各次会议均提前三个工作日通知。',
        on: addDays(meetingDate, 40),
      },
    },
    {
      problem: '与青年党员谈心谈话不够经常',
      measure: '支委成员每人联系3名青年党员，每半年至少谈心一次并记录',
      ownerMemberId: owner(0),
      deadline: addDays(today, -10),
      closed: null,
      started: true,
    },
    {
      problem: '党员服务窗口午休时段无人值守',
      measure: '安排党员轮流在午休时段值守，公示值守表',
      ownerMemberId: owner(3),
      deadline: addDays(today, 45),
      closed: null,
      started: false,
    },
  ];
  for (const item of items) {
    const itemId = await addRectification(ctx, secretary, await load(id), {
      problem: item.problem,
      measure: item.measure,
      ownerMemberId: item.ownerMemberId,
      deadline: item.deadline,
    });
    if (item.closed) {
      await closeRectification(
        ctx,
        secretary,
        { accountId: secretary.userId, name: secretaryName },
        await load(id),
        itemId,
        { evidence: item.closed.evidence },
        { at: new Date(`${item.closed.on}T08:00:00Z`) },
      );
    } else if (item.started) {
      await updateRectification(ctx, secretary, await load(id), itemId, { status: 'in_progress' });
    }
  }
}
