import type { ServiceContext } from '../platform/context.ts';
import type { Actor } from '../platform/audit/audit.ts';
import { memberRow, membersIn } from '../modules/members/service.ts';
import { markSourceReadForAll } from '../modules/notifications/service.ts';
import { OrgTree, PostBook, isCommitteePost } from '../modules/talks/policy.ts';
import {
  cancelTalk,
  confirmTalk,
  requestTalkCorrection,
  scheduleTalk,
  writeTalkRecord,
  type TalkCaller,
} from '../modules/talks/service.ts';
import { addDays } from './dates.ts';
import type { DemoPlan } from './plan.ts';
import { mulberry32, type Rng } from './random.ts';

/**
 * A year of 谈心谈话 in each demo branch, through the talks service: committee members talk
 * with each other, each with a share of the members, members in pairs; most required pairs
 * are covered by confirmed talks, a few are missing, and a handful are still under way (one
 * scheduled next week, one waiting for confirmation, one sent back for a correction, one
 * cancelled). Only people with accounts take part: the other party has to confirm.
 */

const TOPICS = {
  committee_committee: [
    '支委会分工协作与年度重点工作',
    '落实全面从严治党主体责任的思考',
    '支部班子团结协作和相互监督',
    '组织生活会前征求意见',
  ],
  committee_member: [
    '近期思想和工作情况交流',
    '年度学习计划落实情况',
    '对支部工作的意见建议',
    '工作压力与家庭困难了解',
    '发挥党员先锋模范作用',
  ],
  member_member: [
    '学习体会交流',
    '相互提醒、相互帮助',
    '组织生活会前互相谈心',
    '岗位工作中的困难与建议',
  ],
} as const;

const RECORDS = [
  '双方交流了近期学习贯彻党的创新理论的体会。对方表示工作任务较重、学习时间不够集中，希望支部在安排学习时兼顾业务高峰。双方约定互相督促，按时完成学习任务。',
  '谈话中对方谈到家中老人身体不好，近期请假较多，心里有顾虑。已说明支部会给予关心，并建议合理安排工作，必要时向支部反映实际困难。',
  '双方坦诚交换了对支部工作的看法。对方建议主题党日活动形式更加多样，增加实地参观学习；对自身存在的理论学习不够深入的问题作了反思。',
  '围绕组织生活会前的准备，双方相互指出了工作作风方面需要改进的地方，对方提出要更加注重调查研究，减少文来文往，双方表示虚心接受。',
  '对方汇报了岗位工作进展和思想状况，思想稳定，工作积极。谈到青年同志职业发展的困惑，已建议多参加支部组织的业务交流，发挥党员带头作用。',
];

const CORRECTION = '请把我提到的加强青年党员业务培训的建议补充进记录。';

interface Person {
  key: string;
  memberId: string;
  caller: TalkCaller;
}

export interface DemoTalksInput {
  today: string;
  plan: DemoPlan;
  orgIds: Map<string, string>;
  memberIds: Map<string, string>;
  accountOf: Map<string, Actor>;
}

export async function seedDemoTalks(ctx: ServiceContext, input: DemoTalksInput): Promise<void> {
  const { today, plan, orgIds, memberIds, accountOf } = input;
  const rng = mulberry32(0x7a1c2026);
  const tree = await OrgTree.load(ctx);
  const book = new PostBook(ctx.database.db);
  const keyOfId = new Map([...memberIds].map(([key, id]) => [id, key]));
  const personOf = (key: string): Person | null => {
    const memberId = memberIds.get(key);
    const actor = accountOf.get(key);
    if (!memberId || !actor?.userId) return null;
    return { key, memberId, caller: { actor, memberId, accountId: actor.userId } };
  };

  // The talks of the year happen between 6 January and a few days ago (a year back in early
  // January, when this year has barely begun).
  const year = Number(today.slice(0, 4));
  let from = `${year}-01-06`;
  let span = Math.round((Date.parse(addDays(today, -3)) - Date.parse(from)) / 86_400_000);
  if (span < 20) {
    from = addDays(today, -300);
    span = 297;
  }
  const when = (): { at: Date; day: string } => {
    const day = addDays(from, rng.int(0, span));
    const hour = rng.pick([9, 10, 14, 15, 16]);
    return { at: new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`), day };
  };
  const place = (r: Rng) => r.pick(['支部活动室', '党员活动室', '三楼小会议室', '书记办公室']);
  const after = (at: Date, days: number) => new Date(at.getTime() + days * 86_400_000);

  /** One talk, carried as far as `until`. Completed ones leave no unread notifications. */
  const talk = async (
    a: Person,
    b: Person,
    kind: keyof typeof TOPICS,
    until: 'scheduled' | 'recorded' | 'correction' | 'confirmed' | 'cancelled',
    time = when(),
  ): Promise<void> => {
    const id = await scheduleTalk(
      ctx,
      tree,
      book,
      a.caller,
      {
        otherMemberId: b.memberId,
        topic: rng.pick(TOPICS[kind]),
        scheduledAt: time.at.toISOString(),
        place: place(rng),
      },
      { at: after(time.at, -rng.int(2, 7)) },
    );
    if (until === 'cancelled') {
      await cancelTalk(ctx, b.caller, id, '临时出差，改期另约');
      return;
    }
    if (until === 'scheduled') return;
    const recorder = rng.chance(0.7) ? a : b;
    const confirmer = recorder === a ? b : a;
    await writeTalkRecord(ctx, recorder.caller, id, rng.pick(RECORDS), {
      at: after(time.at, 0.1),
    });
    if (until === 'recorded') return;
    if (until === 'correction') {
      await requestTalkCorrection(ctx, confirmer.caller, id, CORRECTION);
      return;
    }
    await confirmTalk(ctx, confirmer.caller, id, { at: after(time.at, rng.int(1, 3)) });
    done.push(id);
  };
  /** Talks whose notifications were long since read: marked at the end, in one transaction. */
  const done: string[] = [];

  const branchKeys = plan.orgs.filter((o) => o.kind === 'branch').map((o) => o.key);
  for (const [index, branchKey] of branchKeys.entries()) {
    const branchId = orgIds.get(branchKey);
    if (!branchId) continue;
    const committee: Person[] = [];
    for (const p of plan.posts) {
      if (p.orgKey !== branchKey || !isCommitteePost(p.post)) continue;
      const person = personOf(p.memberKey);
      if (person && !committee.some((c) => c.key === person.key)) committee.push(person);
    }
    // Today's party members of the branch (transfers have moved a few), with accounts.
    const ordinary: Person[] = [];
    for (const m of await membersIn(ctx.database.db, [branchId])) {
      const row = await memberRow(ctx.database.db, m.id);
      const key = keyOfId.get(m.id);
      if (!row || !key || (row.status !== 'full' && row.status !== 'probationary')) continue;
      if (row.condition === 'suspended' || committee.some((c) => c.memberId === m.id)) continue;
      const person = personOf(key);
      if (person) ordinary.push(person);
    }

    // Committee pairs: all of them, except one pair in the second branch.
    let pairs = 0;
    for (let i = 0; i < committee.length; i += 1) {
      for (let j = i + 1; j < committee.length; j += 1) {
        const a = committee[i];
        const b = committee[j];
        pairs += 1;
        if (!a || !b || (index === 1 && pairs === 2)) continue;
        await talk(a, b, 'committee_committee', 'confirmed');
      }
    }
    // Each member with a committee member, in turn; the last member of each branch is missing.
    if (committee.length > 0) {
      for (const [i, m] of ordinary.entries()) {
        if (i === ordinary.length - 1) break;
        const c = committee[i % committee.length];
        if (c) await talk(c, m, 'committee_member', 'confirmed');
      }
    }
    // Members in pairs; an odd one out talks with the first.
    for (let i = 0; i + 1 < ordinary.length; i += 2) {
      const a = ordinary[i];
      const b = ordinary[i + 1];
      if (a && b && !(index === 2 && i === 0)) await talk(a, b, 'member_member', 'confirmed');
    }
    const odd = ordinary.length % 2 === 1 ? ordinary[ordinary.length - 1] : undefined;
    const first = ordinary[0];
    if (odd && first && odd !== first) await talk(odd, first, 'member_member', 'confirmed');

    // Under way: the last member's talk is next week; others wait on the other party.
    const secretary = committee[0];
    const last = ordinary[ordinary.length - 1];
    if (secretary && last) {
      const next = addDays(today, 5);
      await talk(secretary, last, 'committee_member', 'scheduled', {
        at: new Date(`${next}T15:00:00+08:00`),
        day: next,
      });
    }
    const [m0, m1, m2] = ordinary;
    if (index === 0 && secretary && m1) await talk(m1, secretary, 'committee_member', 'recorded');
    if (index === 0 && m0 && m2) await talk(m0, m2, 'member_member', 'correction');
    if (index === 1 && secretary && m0) await talk(secretary, m0, 'committee_member', 'cancelled');
  }

  // The 党委 secretary talks with a member of a branch below: counted for that branch.
  const rootSecretary = plan.posts.find((p) => p.orgKey === 'root' && p.post === 'secretary');
  const boss = rootSecretary ? personOf(rootSecretary.memberKey) : null;
  const rnd = plan.posts.find((p) => p.orgKey === 'rnd' && p.post === 'secretary');
  const rndSecretary = rnd ? personOf(rnd.memberKey) : null;
  if (boss && rndSecretary) await talk(boss, rndSecretary, 'committee_member', 'confirmed');

  await ctx.database.write(async (tx) => {
    for (const id of done) await markSourceReadForAll(tx, id);
  });
}
