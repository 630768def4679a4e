import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import {
  EVALUATION_GRADES,
  maxExcellent,
  type BallotRequest,
  type CreateEvaluationRequest,
  type EvaluationGrade,
  type EvaluationListQuery,
  type EvaluationProgress,
  type EvaluationRound,
  type EvaluationSubject,
  type EvaluationTally,
  type EvaluationTarget,
  type FinaliseEvaluationRequest,
  type GradeCounts,
  type MyEvaluationResult,
  type MyPeerRatings,
  type PeerRatingsRequest,
  type SelfAssessment,
  type SelfAssessmentRequest,
} from '@tongxin/contract';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { isUniqueViolation } from '../../platform/db/rows.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { archiveRecord } from '../archive/service.ts';
import { memberHome, memberRow, membersIn } from '../members/service.ts';
import { findOrg, listOrgs, orgNames } from '../orgs/service.ts';
import { canManage, type EvaluationRights } from './policy.ts';
import {
  evaluationBallots,
  evaluationPeerRatings,
  evaluationRounds,
  evaluationSubjects,
  evaluationVoters,
} from './schema.ts';

export type RoundRow = typeof evaluationRounds.$inferSelect;
type Status = RoundRow['status'];

/** Backdating, for the demo's evaluation of last year; everyone else acts now. */
export interface At {
  at?: Date;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const BRANCH_KINDS = new Set(['branch', 'joint_branch']);

export async function findRound(db: Queryable, id: string): Promise<RoundRow | null> {
  const [row] = await db.select().from(evaluationRounds).where(eq(evaluationRounds.id, id));
  return row ?? null;
}

async function inRoll(db: Queryable, roundId: string, memberId: string | null) {
  if (!memberId) return { voter: null, subject: null };
  const [voter] = await db
    .select()
    .from(evaluationVoters)
    .where(and(eq(evaluationVoters.roundId, roundId), eq(evaluationVoters.memberId, memberId)));
  const [subject] = await db
    .select()
    .from(evaluationSubjects)
    .where(and(eq(evaluationSubjects.roundId, roundId), eq(evaluationSubjects.memberId, memberId)));
  return { voter: voter ?? null, subject: subject ?? null };
}

/** The round if the caller manages it or takes part in it; else 404, like one that is not. */
export async function visibleRound(
  db: Queryable,
  rights: EvaluationRights,
  id: string,
): Promise<RoundRow> {
  const row = await findRound(db, id);
  if (row) {
    if (canManage(rights, row)) return row;
    const { voter, subject } = await inRoll(db, id, rights.memberId);
    if (voter || subject) return row;
  }
  throw notFound('Evaluation round');
}

const refuse = (status: number, code: string, message: string, details?: unknown) =>
  new AppError(status, code, message, details);

/** The round locked for this transaction, in the status the step needs. */
async function lockIn(tx: Tx, id: string, wanted: Status, doing: string): Promise<RoundRow> {
  const [row] = await tx
    .select()
    .from(evaluationRounds)
    .where(eq(evaluationRounds.id, id))
    .for('update');
  if (!row) throw notFound('Evaluation round');
  if (row.status !== wanted) {
    throw refuse(
      409,
      'evaluation_wrong_status',
      `The round is ${row.status}; ${doing} needs it ${wanted}`,
      { status: row.status, needed: wanted },
    );
  }
  return row;
}

/** A draft round for a branch and year; one per branch and year. */
export async function createRound(
  ctx: ServiceContext,
  actor: Actor & { userId: string },
  input: CreateEvaluationRequest,
  options: At = {},
): Promise<string> {
  const org = await findOrg(ctx.database.db, input.orgId);
  if (!org) throw notFound('Organisation');
  if (!BRANCH_KINDS.has(org.kind)) {
    throw refuse(422, 'evaluation_not_branch', 'Members are evaluated by their branch', {
      field: 'orgId',
    });
  }
  try {
    return await ctx.database.write(async (tx) => {
      const [row] = await tx
        .insert(evaluationRounds)
        .values({
          orgId: org.id,
          year: input.year,
          title: input.title.trim(),
          activityId: input.activityId ?? null,
          createdByAccountId: actor.userId,
          ...(options.at ? { createdAt: options.at } : {}),
        })
        .returning({ id: evaluationRounds.id });
      if (!row) throw new Error('insert returned no row');
      await recordAudit(tx, actor, {
        action: 'evaluation.create',
        objectType: 'evaluation_round',
        objectId: row.id,
        details: { orgId: org.id, year: input.year, activityId: input.activityId ?? null },
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'evaluation_rounds_org_year_unique')) {
      throw refuse(409, 'evaluation_year_taken', 'This branch already has a round for that year', {
        field: 'year',
      });
    }
    throw err;
  }
}

/**
 * Opens a round: the branch's full and probationary members now (not left, not deceased) are
 * those evaluated and the electoral roll, fixed from here on.
 */
export async function openRound(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  options: At = {},
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const round = await lockIn(tx, id, 'draft', 'opening');
    const people: { id: string; name: string; probationary: boolean }[] = [];
    for (const m of await membersIn(tx, [round.orgId])) {
      const row = await memberRow(tx, m.id);
      if (row?.branchId !== round.orgId) continue;
      if (row.status === 'full' || row.status === 'probationary') {
        people.push({ id: m.id, name: m.name, probationary: row.status === 'probationary' });
      }
    }
    if (people.length === 0) {
      throw refuse(422, 'evaluation_no_members', 'The branch has no members to evaluate');
    }
    await tx.insert(evaluationSubjects).values(
      people.map((p) => ({
        roundId: id,
        memberId: p.id,
        name: p.name,
        probationary: p.probationary,
      })),
    );
    await tx
      .insert(evaluationVoters)
      .values(
        [...people]
          .sort((a, b) => (a.id < b.id ? -1 : 1))
          .map((p) => ({ roundId: id, memberId: p.id })),
      );
    await tx
      .update(evaluationRounds)
      .set({ status: 'open', openedAt: options.at ?? new Date() })
      .where(eq(evaluationRounds.id, id));
    await recordAudit(tx, actor, {
      action: 'evaluation.open',
      objectType: 'evaluation_round',
      objectId: id,
      details: { evaluated: people.length },
    });
  });
}

/** Closes a round: no more self assessments, ratings or ballots; the tally can be read. */
export async function closeRound(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  options: At = {},
): Promise<void> {
  await ctx.database.write(async (tx) => {
    await lockIn(tx, id, 'open', 'closing');
    const [ballots] = await tx
      .select({ n: count() })
      .from(evaluationBallots)
      .where(eq(evaluationBallots.roundId, id));
    await tx
      .update(evaluationRounds)
      .set({ status: 'closed', closedAt: options.at ?? new Date() })
      .where(eq(evaluationRounds.id, id));
    await recordAudit(tx, actor, {
      action: 'evaluation.close',
      objectType: 'evaluation_round',
      objectId: id,
      details: { ballots: ballots?.n ?? 0 },
    });
  });
  // Each vote left the previous versions of the ballots and the roll behind as dead rows,
  // readable only from raw pages; reclaim them now that the box is shut (see
  // docs/evaluation.md). VACUUM cannot run inside a transaction, hence after the commit.
  await ctx.database.db.execute(sql`vacuum evaluation_ballots, evaluation_voters`);
}

async function subjectIds(db: Queryable, roundId: string): Promise<string[]> {
  const rows = await db
    .select({ memberId: evaluationSubjects.memberId })
    .from(evaluationSubjects)
    .where(eq(evaluationSubjects.roundId, roundId));
  return rows.map((r) => r.memberId);
}

/** The caller takes part: a current member of the round's branch, on its roll. */
async function requireParticipant(db: Queryable, round: RoundRow, memberId: string | null) {
  const { voter, subject } = await inRoll(db, round.id, memberId);
  const home = memberId ? await memberHome(db, memberId) : null;
  if (!memberId || !voter || home?.branchId !== round.orgId) {
    throw refuse(
      403,
      'evaluation_not_participant',
      'Only the branch’s members in the round take part',
    );
  }
  return { memberId, voter, subject };
}

/** 自评: an evaluated member writes (or rewrites) their self assessment while the round is open. */
export async function submitSelfAssessment(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  memberId: string | null,
  input: SelfAssessmentRequest,
  options: At = {},
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const round = await lockIn(tx, id, 'open', 'a self assessment');
    const { subject } = await requireParticipant(tx, round, memberId);
    if (!subject) {
      throw refuse(403, 'evaluation_not_evaluated', 'You are not among those evaluated');
    }
    await tx
      .update(evaluationSubjects)
      .set({
        selfText: input.text.trim(),
        selfGrade: input.grade,
        selfSubmittedAt: options.at ?? new Date(),
      })
      .where(
        and(eq(evaluationSubjects.roundId, id), eq(evaluationSubjects.memberId, subject.memberId)),
      );
    await recordAudit(tx, actor, {
      action: 'evaluation.self_assess',
      objectType: 'evaluation_round',
      objectId: id,
      details: { grade: input.grade },
    });
  });
}

/** 互评: a member rates others (never themselves); a later rating of the same member replaces it. */
export async function submitPeerRatings(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  memberId: string | null,
  input: PeerRatingsRequest,
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const round = await lockIn(tx, id, 'open', 'rating');
    const rater = await requireParticipant(tx, round, memberId);
    const subjects = new Set(await subjectIds(tx, id));
    const seen = new Set<string>();
    for (const r of input.ratings) {
      if (r.memberId === rater.memberId) {
        throw refuse(
          422,
          'evaluation_self_rating',
          'Rate others here; your own grade goes in the self assessment',
          {
            field: 'ratings',
          },
        );
      }
      if (!subjects.has(r.memberId) || seen.has(r.memberId)) {
        throw refuse(
          422,
          'evaluation_unknown_member',
          'Each rating names a different member evaluated in this round',
          {
            field: 'ratings',
            memberId: r.memberId,
          },
        );
      }
      seen.add(r.memberId);
    }
    await tx
      .insert(evaluationPeerRatings)
      .values(
        input.ratings.map((r) => ({
          roundId: id,
          raterMemberId: rater.memberId,
          subjectMemberId: r.memberId,
          grade: r.grade,
          comment: r.comment?.trim() ?? '',
        })),
      )
      .onConflictDoUpdate({
        target: [
          evaluationPeerRatings.roundId,
          evaluationPeerRatings.raterMemberId,
          evaluationPeerRatings.subjectMemberId,
        ],
        set: { grade: sql`excluded.grade`, comment: sql`excluded.comment` },
      });
    await recordAudit(tx, actor, {
      action: 'evaluation.peer_rate',
      objectType: 'evaluation_round',
      objectId: id,
      details: { ratings: input.ratings.length },
    });
  });
}

/**
 * 民主测评: one ballot per voter and round, grading every member evaluated. The ballot row has
 * a random id and the grades only. In the same transaction the voter is marked on the roll,
 * and both the round's ballots (ordered by their random ids) and its roll (ordered by member
 * id) are rewritten: afterwards every row of both carries this transaction's id and sits where
 * its random id or member id puts it, so neither xmin, nor position, nor any column links a
 * ballot to its voter. The round lock serialises votes. The audit log says who voted, not how.
 */
export async function castBallot(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  memberId: string | null,
  input: BallotRequest,
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const round = await lockIn(tx, id, 'open', 'voting');
    const { voter } = await requireParticipant(tx, round, memberId);
    if (voter.voted) {
      throw refuse(
        409,
        'evaluation_already_voted',
        'You have already cast your ballot in this round',
      );
    }
    const subjects = await subjectIds(tx, id);
    const grades: Record<string, EvaluationGrade> = {};
    for (const g of input.grades) {
      if (!subjects.includes(g.memberId) || g.memberId in grades) {
        throw refuse(
          422,
          'evaluation_unknown_member',
          'Each grade names a different member evaluated in this round',
          {
            field: 'grades',
            memberId: g.memberId,
          },
        );
      }
      grades[g.memberId] = g.grade;
    }
    const missing = subjects.filter((s) => !(s in grades));
    if (missing.length > 0) {
      throw refuse(422, 'evaluation_ballot_incomplete', 'A ballot grades every member evaluated', {
        field: 'grades',
        missing: missing.length,
      });
    }
    const ballots = await tx
      .select({ id: evaluationBallots.id, grades: evaluationBallots.grades })
      .from(evaluationBallots)
      .where(eq(evaluationBallots.roundId, id));
    ballots.push({ id: randomUUID(), grades });
    ballots.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await tx.delete(evaluationBallots).where(eq(evaluationBallots.roundId, id));
    await tx.insert(evaluationBallots).values(ballots.map((b) => ({ ...b, roundId: id })));

    const roll = await tx.select().from(evaluationVoters).where(eq(evaluationVoters.roundId, id));
    roll.sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
    await tx.delete(evaluationVoters).where(eq(evaluationVoters.roundId, id));
    await tx.insert(evaluationVoters).values(
      roll.map((r) => ({
        roundId: id,
        memberId: r.memberId,
        voted: r.voted || r.memberId === voter.memberId,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'evaluation.vote',
      objectType: 'evaluation_round',
      objectId: id,
    });
  });
}

const emptyCounts = (): GradeCounts => ({
  excellent: 0,
  qualified: 0,
  basically_qualified: 0,
  unqualified: 0,
});

/** Ties go to the more moderate grade: 合格, then 基本合格, 优秀, 不合格. */
const TIE_ORDER: readonly EvaluationGrade[] = [
  'qualified',
  'basically_qualified',
  'excellent',
  'unqualified',
];

export function suggestedGrade(counts: GradeCounts): EvaluationGrade | null {
  let best: EvaluationGrade | null = null;
  for (const g of TIE_ORDER) {
    if (counts[g] > 0 && (best === null || counts[g] > counts[best])) best = g;
  }
  return best;
}

/** The tally: per member, the ballots' counts, the peer ratings and the self grade. */
export async function roundTally(db: Queryable, round: RoundRow): Promise<EvaluationTally> {
  const subjects = await db
    .select()
    .from(evaluationSubjects)
    .where(eq(evaluationSubjects.roundId, round.id))
    .orderBy(evaluationSubjects.name, evaluationSubjects.memberId);
  const ballots = await db
    .select({ grades: evaluationBallots.grades })
    .from(evaluationBallots)
    .where(eq(evaluationBallots.roundId, round.id));
  const peers = await db
    .select({
      subject: evaluationPeerRatings.subjectMemberId,
      grade: evaluationPeerRatings.grade,
      comment: evaluationPeerRatings.comment,
    })
    .from(evaluationPeerRatings)
    .where(eq(evaluationPeerRatings.roundId, round.id))
    .orderBy(evaluationPeerRatings.subjectMemberId, evaluationPeerRatings.comment);
  const [voters] = await db
    .select({ n: count() })
    .from(evaluationVoters)
    .where(eq(evaluationVoters.roundId, round.id));
  return {
    ballots: ballots.length,
    voters: voters?.n ?? 0,
    evaluated: subjects.length,
    maxExcellent: maxExcellent(subjects.length),
    lines: subjects.map((s) => {
      const fromBallots = emptyCounts();
      for (const b of ballots) {
        const g = b.grades[s.memberId];
        if (g && (EVALUATION_GRADES as readonly string[]).includes(g)) fromBallots[g] += 1;
      }
      const fromPeers = emptyCounts();
      const comments: string[] = [];
      for (const p of peers) {
        if (p.subject !== s.memberId) continue;
        fromPeers[p.grade] += 1;
        if (p.comment) comments.push(p.comment);
      }
      return {
        memberId: s.memberId,
        name: s.name,
        probationary: s.probationary,
        ballots: fromBallots,
        peers: fromPeers,
        peerComments: comments,
        selfGrade: s.selfGrade,
        selfText: s.selfText,
        suggested: suggestedGrade(fromBallots),
        finalGrade: s.finalGrade,
        finalReason: s.finalReason,
      };
    }),
  };
}

/**
 * The archived results of a finalised round: each member evaluated with the grade the committee
 * set (and its reason). Deliberately nothing from the ballots, the electoral roll or the peer
 * ratings: the archive is read by officers long after, and the vote stays secret.
 */
async function resultsRecord(
  tx: Tx,
  round: RoundRow,
  finalisedAt: Date,
  finalisedByName: string,
): Promise<Record<string, unknown>> {
  const rows = await tx
    .select({
      memberId: evaluationSubjects.memberId,
      name: evaluationSubjects.name,
      probationary: evaluationSubjects.probationary,
      grade: evaluationSubjects.finalGrade,
      reason: evaluationSubjects.finalReason,
    })
    .from(evaluationSubjects)
    .where(eq(evaluationSubjects.roundId, round.id))
    .orderBy(evaluationSubjects.name, evaluationSubjects.memberId);
  return {
    roundId: round.id,
    year: round.year,
    title: round.title,
    activityId: round.activityId,
    finalisedAt: finalisedAt.toISOString(),
    finalisedByName,
    evaluated: rows.length,
    results: rows,
  };
}

/**
 * Sets the final grades and locks the round. Every member evaluated gets exactly one grade;
 * 优秀 for at most one third of them (rounded down); 不合格 only with a reason.
 */
export async function finaliseRound(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: FinaliseEvaluationRequest,
  options: At = {},
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const round = await lockIn(tx, id, 'closed', 'finalising');
    const subjects = await subjectIds(tx, id);
    const given = new Map<string, { grade: EvaluationGrade; reason: string | null }>();
    for (const g of input.grades) {
      if (!subjects.includes(g.memberId) || given.has(g.memberId)) {
        throw refuse(
          422,
          'evaluation_unknown_member',
          'Each grade names a different member evaluated in this round',
          {
            field: 'grades',
            memberId: g.memberId,
          },
        );
      }
      const reason = g.reason?.trim() ? g.reason.trim() : null;
      if (g.grade === 'unqualified' && !reason) {
        throw refuse(422, 'evaluation_reason_required', 'A grade of 不合格 needs a reason', {
          field: 'grades',
          memberId: g.memberId,
        });
      }
      given.set(g.memberId, { grade: g.grade, reason });
    }
    const missing = subjects.filter((s) => !given.has(s));
    if (missing.length > 0) {
      throw refuse(
        422,
        'evaluation_grades_incomplete',
        'Every member evaluated needs a final grade',
        {
          field: 'grades',
          missing: missing.length,
        },
      );
    }
    const excellent = [...given.values()].filter((g) => g.grade === 'excellent').length;
    const allowed = maxExcellent(subjects.length);
    if (excellent > allowed) {
      throw refuse(
        422,
        'evaluation_too_many_excellent',
        `优秀 may go to at most one third of those evaluated: ${allowed} of ${subjects.length}, not ${excellent}`,
        { field: 'grades', excellent, allowed, evaluated: subjects.length },
      );
    }
    for (const [memberId, g] of given) {
      await tx
        .update(evaluationSubjects)
        .set({ finalGrade: g.grade, finalReason: g.reason })
        .where(and(eq(evaluationSubjects.roundId, id), eq(evaluationSubjects.memberId, memberId)));
    }
    const finalisedAt = options.at ?? new Date();
    await tx
      .update(evaluationRounds)
      .set({ status: 'finalised', finalisedAt, finalisedByName: actor.name })
      .where(eq(evaluationRounds.id, id));
    const counts = emptyCounts();
    for (const g of given.values()) counts[g.grade] += 1;
    // The results go to the archive (党建档案) before the audit entry (archive lock first).
    const archived = await archiveRecord(ctx, tx, actor, {
      orgId: round.orgId,
      kind: 'evaluation',
      refId: id,
      title: round.title,
      occurredAt: finalisedAt,
      content: await resultsRecord(tx, round, finalisedAt, actor.name),
    });
    await recordAudit(tx, actor, {
      action: 'evaluation.finalise',
      objectType: 'evaluation_round',
      objectId: id,
      details: { evaluated: subjects.length, ...counts, archiveSeq: archived.seq },
    });
  });
}

async function progressOf(db: Queryable, roundIds: readonly string[]) {
  const out = new Map<string, EvaluationProgress>();
  if (roundIds.length === 0) return out;
  const voters = await db
    .select({
      roundId: evaluationVoters.roundId,
      n: count(),
      voted: sql<number>`cast(count(*) filter (where ${evaluationVoters.voted}) as int)`,
    })
    .from(evaluationVoters)
    .where(sql`${evaluationVoters.roundId} in ${roundIds}`)
    .groupBy(evaluationVoters.roundId);
  const subjects = await db
    .select({
      roundId: evaluationSubjects.roundId,
      n: count(),
      self: count(evaluationSubjects.selfSubmittedAt),
    })
    .from(evaluationSubjects)
    .where(sql`${evaluationSubjects.roundId} in ${roundIds}`)
    .groupBy(evaluationSubjects.roundId);
  const raters = await db
    .select({
      roundId: evaluationPeerRatings.roundId,
      n: sql<number>`cast(count(distinct ${evaluationPeerRatings.raterMemberId}) as int)`,
    })
    .from(evaluationPeerRatings)
    .where(sql`${evaluationPeerRatings.roundId} in ${roundIds}`)
    .groupBy(evaluationPeerRatings.roundId);
  for (const id of roundIds) {
    const v = voters.find((r) => r.roundId === id);
    const s = subjects.find((r) => r.roundId === id);
    out.set(id, {
      evaluated: s?.n ?? 0,
      voters: v?.n ?? 0,
      voted: Number(v?.voted ?? 0),
      selfAssessed: s?.self ?? 0,
      peerRaters: Number(raters.find((r) => r.roundId === id)?.n ?? 0),
    });
  }
  return out;
}

async function shape(
  db: Queryable,
  rights: EvaluationRights,
  rows: readonly RoundRow[],
): Promise<EvaluationRound[]> {
  const progress = await progressOf(
    db,
    rows.map((r) => r.id),
  );
  const names = await orgNames(db, [...new Set(rows.map((r) => r.orgId))]);
  const out: EvaluationRound[] = [];
  for (const r of rows) {
    const manage = canManage(rights, r);
    const { voter, subject } = await inRoll(db, r.id, rights.memberId);
    let rated = 0;
    if (voter && rights.memberId) {
      const [row] = await db
        .select({ n: count() })
        .from(evaluationPeerRatings)
        .where(
          and(
            eq(evaluationPeerRatings.roundId, r.id),
            eq(evaluationPeerRatings.raterMemberId, rights.memberId),
          ),
        );
      rated = row?.n ?? 0;
    }
    const open = r.status === 'open';
    const finalised = r.status === 'finalised';
    out.push({
      id: r.id,
      orgId: r.orgId,
      orgName: names.get(r.orgId) ?? '',
      year: r.year,
      title: r.title,
      status: r.status,
      activityId: r.activityId,
      createdAt: r.createdAt.toISOString(),
      openedAt: iso(r.openedAt),
      closedAt: iso(r.closedAt),
      finalisedAt: iso(r.finalisedAt),
      finalisedByName: r.finalisedByName,
      progress: progress.get(r.id) ?? {
        evaluated: 0,
        voters: 0,
        voted: 0,
        selfAssessed: 0,
        peerRaters: 0,
      },
      may: {
        manage,
        open: manage && r.status === 'draft',
        close: manage && open,
        finalise: manage && r.status === 'closed',
        selfAssess: open && subject !== null && voter !== null,
        peerRate: open && voter !== null,
        vote: open && voter !== null && !voter.voted,
      },
      mine:
        voter || subject
          ? {
              evaluated: subject !== null,
              voter: voter !== null,
              voted: voter?.voted ?? false,
              selfGrade: subject?.selfGrade ?? null,
              ratedCount: rated,
              finalGrade: finalised ? (subject?.finalGrade ?? null) : null,
              finalReason: finalised ? (subject?.finalReason ?? null) : null,
            }
          : null,
    });
  }
  return out;
}

export async function roundView(
  db: Queryable,
  rights: EvaluationRights,
  round: RoundRow,
): Promise<EvaluationRound> {
  const [one] = await shape(db, rights, [round]);
  if (!one) throw notFound('Evaluation round');
  return one;
}

/** Rounds the caller manages or takes part in, newest year first. */
export async function listRounds(
  db: Queryable,
  rights: EvaluationRights,
  query: EvaluationListQuery,
): Promise<EvaluationRound[]> {
  const mine = rights.memberId
    ? sql`${evaluationRounds.id} in (select ${evaluationVoters.roundId} from ${evaluationVoters} where ${evaluationVoters.memberId} = ${rights.memberId}
        union select ${evaluationSubjects.roundId} from ${evaluationSubjects} where ${evaluationSubjects.memberId} = ${rights.memberId})`
    : sql`false`;
  const managed =
    rights.manageScope.length > 0
      ? sql`${evaluationRounds.orgId} in ${rights.manageScope}`
      : sql`false`;
  const where: SQL[] = [sql`(${mine} or ${managed})`];
  if (query.orgId) where.push(eq(evaluationRounds.orgId, query.orgId));
  if (query.year) where.push(eq(evaluationRounds.year, query.year));
  const rows = await db
    .select()
    .from(evaluationRounds)
    .where(and(...where))
    .orderBy(desc(evaluationRounds.year), evaluationRounds.orgId)
    .limit(200);
  return shape(db, rights, rows);
}

/** Those evaluated in a round, by name: what the forms and the ballot list. */
export async function roundSubjects(db: Queryable, roundId: string): Promise<EvaluationSubject[]> {
  return db
    .select({
      memberId: evaluationSubjects.memberId,
      name: evaluationSubjects.name,
      probationary: evaluationSubjects.probationary,
    })
    .from(evaluationSubjects)
    .where(eq(evaluationSubjects.roundId, roundId))
    .orderBy(evaluationSubjects.name, evaluationSubjects.memberId);
}

export async function mySelfAssessment(
  db: Queryable,
  roundId: string,
  memberId: string | null,
): Promise<SelfAssessment | null> {
  if (!memberId) return null;
  const [row] = await db
    .select()
    .from(evaluationSubjects)
    .where(and(eq(evaluationSubjects.roundId, roundId), eq(evaluationSubjects.memberId, memberId)));
  if (!row?.selfText || !row.selfGrade || !row.selfSubmittedAt) return null;
  return {
    text: row.selfText,
    grade: row.selfGrade,
    submittedAt: row.selfSubmittedAt.toISOString(),
  };
}

export async function myPeerRatings(
  db: Queryable,
  roundId: string,
  memberId: string | null,
): Promise<MyPeerRatings> {
  if (!memberId) return [];
  return db
    .select({
      memberId: evaluationPeerRatings.subjectMemberId,
      grade: evaluationPeerRatings.grade,
      comment: evaluationPeerRatings.comment,
    })
    .from(evaluationPeerRatings)
    .where(
      and(
        eq(evaluationPeerRatings.roundId, roundId),
        eq(evaluationPeerRatings.raterMemberId, memberId),
      ),
    );
}

/** The caller's own final grades: each finalised round they were evaluated in. */
export async function myResults(
  db: Queryable,
  memberId: string | null,
): Promise<MyEvaluationResult[]> {
  if (!memberId) return [];
  const rows = await db
    .select({ round: evaluationRounds, subject: evaluationSubjects })
    .from(evaluationSubjects)
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, evaluationSubjects.roundId))
    .where(
      and(
        eq(evaluationSubjects.memberId, memberId),
        eq(evaluationRounds.status, 'finalised'),
        isNotNull(evaluationSubjects.finalGrade),
      ),
    )
    .orderBy(desc(evaluationRounds.year));
  const names = await orgNames(db, [...new Set(rows.map((r) => r.round.orgId))]);
  return rows.flatMap(({ round, subject }) =>
    subject.finalGrade && round.finalisedAt
      ? [
          {
            roundId: round.id,
            orgName: names.get(round.orgId) ?? '',
            year: round.year,
            title: round.title,
            grade: subject.finalGrade,
            reason: subject.finalReason,
            finalisedAt: round.finalisedAt.toISOString(),
          },
        ]
      : [],
  );
}

/** Branches the caller may hold an evaluation for. */
export async function evaluationTargets(
  ctx: ServiceContext,
  rights: EvaluationRights,
): Promise<EvaluationTarget[]> {
  if (rights.manageScope.length === 0) return [];
  return (await listOrgs(ctx, rights.manageScope))
    .filter((o) => BRANCH_KINDS.has(o.kind))
    .map((o) => ({ id: o.id, name: o.name }));
}
