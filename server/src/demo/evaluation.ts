import {
  EVALUATION_GRADES,
  maxExcellent,
  type EvaluationGrade,
  type EvaluationSubject,
} from '@tongxin/contract';
import type { ServiceContext } from '../platform/context.ts';
import { operatorActor, type Actor } from '../platform/audit/audit.ts';
import {
  castBallot,
  closeRound,
  createRound,
  finaliseRound,
  openRound,
  roundSubjects,
  roundTally,
  findRound,
  submitPeerRatings,
  submitSelfAssessment,
} from '../modules/evaluation/service.ts';
import type { DemoPlan } from './plan.ts';
import { mulberry32 } from './random.ts';

const BRANCH = 'office1';

const SELF_TEXTS: Record<EvaluationGrade, string> = {
  excellent:
    '本年度认真学习党的创新理论，按时参加“三会一课”和主题党日，牵头完成了处室重点工作，主动联系困难群众，在急难险重任务中冲在前面。不足是理论联系实际还不够深入，明年将加强调查研究。',
  qualified:
    '能够按时参加组织生活，认真完成学习任务和本职工作，按期足额交纳党费，遵守党的纪律。不足是学习的系统性不够，发挥先锋模范作用还不够突出，今后要对标先进、补齐短板。',
  basically_qualified:
    '能够参加组织生活，但因工作原因有几次请假未及时补学，学习笔记不够完整，与同志们谈心交流较少。今后要端正态度，按时参加组织生活，主动接受监督。',
  unqualified: '',
};

const PEER_COMMENTS = [
  '工作认真负责',
  '学习积极，带头作用明显',
  '服务群众热情',
  '希望加强理论学习',
  '团结同志，乐于助人',
];

/**
 * 民主评议 of last year in the first branch, through the evaluation service as a real one
 * runs: opened in December, most members write a self assessment, each rates a few others,
 * everyone casts a ballot, then the secretary closes and finalises with the grades most
 * ballots gave, 优秀 trimmed to one third.
 */
export async function seedDemoEvaluation(
  ctx: ServiceContext,
  plan: DemoPlan,
  ids: {
    today: string;
    orgIds: ReadonlyMap<string, string>;
    memberIds: ReadonlyMap<string, string>;
    accountOf: ReadonlyMap<string, Actor>;
  },
): Promise<void> {
  const rng = mulberry32(20_251_215);
  const year = Number(ids.today.slice(0, 4)) - 1;
  const orgId = ids.orgIds.get(BRANCH);
  const post = plan.posts.find((p) => p.orgKey === BRANCH && p.post === 'secretary');
  const secretary = post ? ids.accountOf.get(post.memberKey) : undefined;
  if (!orgId || !secretary?.userId) throw new Error(`demo plan: no secretary for ${BRANCH}`);
  const actorOfMember = new Map<string, Actor>();
  for (const [key, memberId] of ids.memberIds) {
    actorOfMember.set(memberId, ids.accountOf.get(key) ?? operatorActor('demo-seed'));
  }
  const day = (d: number) => new Date(`${year}-12-${String(d).padStart(2, '0')}T09:00:00+08:00`);

  const id = await createRound(
    ctx,
    { ...secretary, userId: secretary.userId },
    { orgId, year, title: `${year}年度民主评议党员` },
    { at: day(1) },
  );
  await openRound(ctx, secretary, id, { at: day(5) });
  const subjects: EvaluationSubject[] = await roundSubjects(ctx.database.db, id);

  // What the branch thinks of each: a few stand out, one or two lag behind.
  const standing = new Map<string, EvaluationGrade>();
  subjects.forEach((s, i) => {
    standing.set(
      s.memberId,
      i % 5 === 0 ? 'excellent' : i % 7 === 3 ? 'basically_qualified' : 'qualified',
    );
  });
  const opinion = (memberId: string): EvaluationGrade => {
    const usual = standing.get(memberId) ?? 'qualified';
    if (!rng.chance(0.2)) return usual;
    const i = EVALUATION_GRADES.indexOf(usual);
    // A voter who differs moves one grade, never to 不合格.
    return EVALUATION_GRADES[Math.min(2, Math.max(0, i + (rng.chance(0.5) ? 1 : -1)))] ?? usual;
  };

  for (const s of subjects) {
    const actor = actorOfMember.get(s.memberId) ?? operatorActor('demo-seed');
    if (rng.chance(0.85)) {
      const grade =
        standing.get(s.memberId) === 'basically_qualified' ? 'basically_qualified' : 'qualified';
      await submitSelfAssessment(
        ctx,
        actor,
        id,
        s.memberId,
        { text: SELF_TEXTS[grade], grade },
        {
          at: day(6 + rng.int(0, 4)),
        },
      );
    }
    const others = subjects.filter((o) => o.memberId !== s.memberId);
    const rated = new Set<string>();
    while (rated.size < Math.min(3, others.length)) rated.add(rng.pick(others).memberId);
    await submitPeerRatings(ctx, actor, id, s.memberId, {
      ratings: [...rated].map((m) => ({
        memberId: m,
        grade: opinion(m),
        ...(rng.chance(0.5) ? { comment: rng.pick(PEER_COMMENTS) } : {}),
      })),
    });
    await castBallot(ctx, actor, id, s.memberId, {
      grades: subjects.map((o) => ({ memberId: o.memberId, grade: opinion(o.memberId) })),
    });
  }
  await closeRound(ctx, secretary, id, { at: day(15) });

  const round = await findRound(ctx.database.db, id);
  if (!round) throw new Error('demo evaluation vanished');
  const tally = await roundTally(ctx.database.db, round);
  const allowed = maxExcellent(tally.evaluated);
  // Most ballots first; beyond one third, the ones with fewer 优秀 votes are graded 合格.
  const byExcellent = [...tally.lines].sort((a, b) => b.ballots.excellent - a.ballots.excellent);
  const excellent = new Set(
    byExcellent
      .filter((l) => l.suggested === 'excellent')
      .slice(0, allowed)
      .map((l) => l.memberId),
  );
  await finaliseRound(
    ctx,
    secretary,
    id,
    {
      grades: tally.lines.map((l) => ({
        memberId: l.memberId,
        grade: excellent.has(l.memberId)
          ? 'excellent'
          : l.suggested === 'excellent' || !l.suggested
            ? 'qualified'
            : l.suggested,
      })),
    },
    { at: day(18) },
  );
}
