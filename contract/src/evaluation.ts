import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/**
 * 民主评议党员: once a year a branch evaluates its members. A round snapshots the branch's
 * full and probationary members when it opens; each writes a self assessment (自评) with a
 * proposed grade, rates the others (互评) and casts one anonymous ballot (民主测评) grading
 * everyone. After closing, the committee sees the tally and sets the final grades, 优秀 for at
 * most one third of those evaluated.
 */
export const EVALUATION_GRADES = [
  'excellent',
  'qualified',
  'basically_qualified',
  'unqualified',
] as const;
export const EvaluationGrade = Type.Enum(EVALUATION_GRADES);
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];

export const EVALUATION_STATUSES = ['draft', 'open', 'closed', 'finalised'] as const;
export const EvaluationStatus = Type.Enum(EVALUATION_STATUSES);
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const EVALUATION_TITLE_MAX = 120;
export const EVALUATION_TEXT_MAX = 5000;
export const EVALUATION_COMMENT_MAX = 500;
/** A branch rarely exceeds 50 members; the limit leaves room for a large joint branch. */
export const EVALUATION_MAX_MEMBERS = 200;

/** At most this many 优秀 among `evaluated` members: one third, rounded down. */
export const maxExcellent = (evaluated: number): number => Math.floor(evaluated / 3);

const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

export const CreateEvaluationRequest = Type.Object(
  {
    orgId: Uuid,
    year: Year,
    title: Type.String({ minLength: 2, maxLength: EVALUATION_TITLE_MAX }),
    /** The 民主评议 meeting this round belongs to, when there is one. */
    activityId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateEvaluationRequest = Static<typeof CreateEvaluationRequest>;

export const EvaluationProgress = Type.Object({
  evaluated: Type.Integer(),
  voters: Type.Integer(),
  /** How many have cast their ballot: never who, never what. */
  voted: Type.Integer(),
  selfAssessed: Type.Integer(),
  /** Members who have rated at least one other member. */
  peerRaters: Type.Integer(),
});
export type EvaluationProgress = Static<typeof EvaluationProgress>;

export const EvaluationRound = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  year: Type.Integer(),
  title: Type.String(),
  status: EvaluationStatus,
  activityId: Type.Union([Uuid, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  openedAt: Stamp,
  closedAt: Stamp,
  finalisedAt: Stamp,
  finalisedByName: Type.Union([Type.String(), Type.Null()]),
  progress: EvaluationProgress,
  /** What the caller may do with it now. */
  may: Type.Object({
    manage: Type.Boolean(),
    open: Type.Boolean(),
    close: Type.Boolean(),
    finalise: Type.Boolean(),
    selfAssess: Type.Boolean(),
    peerRate: Type.Boolean(),
    vote: Type.Boolean(),
  }),
  /** The caller's own part, when the caller is in the round. */
  mine: Type.Union([
    Type.Object({
      evaluated: Type.Boolean(),
      voter: Type.Boolean(),
      voted: Type.Boolean(),
      selfGrade: Type.Union([EvaluationGrade, Type.Null()]),
      ratedCount: Type.Integer(),
      /** Set once the round is finalised. */
      finalGrade: Type.Union([EvaluationGrade, Type.Null()]),
      finalReason: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});
export type EvaluationRound = Static<typeof EvaluationRound>;

export const EvaluationRoundList = Type.Array(EvaluationRound);

export const EvaluationListQuery = Type.Object(
  { orgId: Type.Optional(Uuid), year: Type.Optional(Year) },
  { additionalProperties: false },
);
export type EvaluationListQuery = Static<typeof EvaluationListQuery>;

/** Branches where the caller may hold an evaluation. */
export const EvaluationTarget = Type.Object({ id: Uuid, name: Type.String() });
export type EvaluationTarget = Static<typeof EvaluationTarget>;
export const EvaluationTargets = Type.Array(EvaluationTarget);

/** Someone evaluated in a round, as the forms and the ballot list them. */
export const EvaluationSubject = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  probationary: Type.Boolean(),
});
export type EvaluationSubject = Static<typeof EvaluationSubject>;
export const EvaluationSubjects = Type.Array(EvaluationSubject);

export const SelfAssessmentRequest = Type.Object(
  {
    text: Type.String({ minLength: 10, maxLength: EVALUATION_TEXT_MAX }),
    grade: EvaluationGrade,
  },
  { additionalProperties: false },
);
export type SelfAssessmentRequest = Static<typeof SelfAssessmentRequest>;

export const SelfAssessment = Type.Object({
  text: Type.String(),
  grade: EvaluationGrade,
  submittedAt: Type.String({ format: 'date-time' }),
});
export type SelfAssessment = Static<typeof SelfAssessment>;
export const MySelfAssessment = Type.Union([SelfAssessment, Type.Null()]);

export const PeerRatingItem = Type.Object(
  {
    memberId: Uuid,
    grade: EvaluationGrade,
    comment: Type.Optional(Type.String({ maxLength: EVALUATION_COMMENT_MAX })),
  },
  { additionalProperties: false },
);
export type PeerRatingItem = Static<typeof PeerRatingItem>;

export const PeerRatingsRequest = Type.Object(
  {
    ratings: Type.Array(PeerRatingItem, {
      minItems: 1,
      maxItems: EVALUATION_MAX_MEMBERS,
    }),
  },
  { additionalProperties: false },
);
export type PeerRatingsRequest = Static<typeof PeerRatingsRequest>;

/** The ratings the caller has given in a round. */
export const MyPeerRatings = Type.Array(
  Type.Object({ memberId: Uuid, grade: EvaluationGrade, comment: Type.String() }),
);
export type MyPeerRatings = Static<typeof MyPeerRatings>;

/** 民主测评: one grade for every member evaluated, the voter included, so no ballot stands out. */
export const BallotRequest = Type.Object(
  {
    grades: Type.Array(
      Type.Object({ memberId: Uuid, grade: EvaluationGrade }, { additionalProperties: false }),
      { minItems: 1, maxItems: EVALUATION_MAX_MEMBERS },
    ),
  },
  { additionalProperties: false },
);
export type BallotRequest = Static<typeof BallotRequest>;

const GradeCounts = Type.Object({
  excellent: Type.Integer(),
  qualified: Type.Integer(),
  basically_qualified: Type.Integer(),
  unqualified: Type.Integer(),
});
export type GradeCounts = Static<typeof GradeCounts>;

export const EvaluationTallyLine = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  probationary: Type.Boolean(),
  ballots: GradeCounts,
  peers: GradeCounts,
  /** What the raters wrote, without their names. */
  peerComments: Type.Array(Type.String()),
  selfGrade: Type.Union([EvaluationGrade, Type.Null()]),
  selfText: Type.Union([Type.String(), Type.Null()]),
  /** The grade most ballots gave (ties go to the more moderate grade); null with no ballots. */
  suggested: Type.Union([EvaluationGrade, Type.Null()]),
  finalGrade: Type.Union([EvaluationGrade, Type.Null()]),
  finalReason: Type.Union([Type.String(), Type.Null()]),
});
export type EvaluationTallyLine = Static<typeof EvaluationTallyLine>;

export const EvaluationTally = Type.Object({
  ballots: Type.Integer(),
  voters: Type.Integer(),
  evaluated: Type.Integer(),
  maxExcellent: Type.Integer(),
  lines: Type.Array(EvaluationTallyLine),
});
export type EvaluationTally = Static<typeof EvaluationTally>;

export const FinaliseEvaluationRequest = Type.Object(
  {
    grades: Type.Array(
      Type.Object(
        {
          memberId: Uuid,
          grade: EvaluationGrade,
          /** Required for 不合格: why. */
          reason: Type.Optional(Type.String({ maxLength: EVALUATION_COMMENT_MAX })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: EVALUATION_MAX_MEMBERS },
    ),
  },
  { additionalProperties: false },
);
export type FinaliseEvaluationRequest = Static<typeof FinaliseEvaluationRequest>;

/** The caller's own final grades, round by round. */
export const MyEvaluationResult = Type.Object({
  roundId: Uuid,
  orgName: Type.String(),
  year: Type.Integer(),
  title: Type.String(),
  grade: EvaluationGrade,
  reason: Type.Union([Type.String(), Type.Null()]),
  finalisedAt: Type.String({ format: 'date-time' }),
});
export type MyEvaluationResult = Static<typeof MyEvaluationResult>;
export const MyEvaluationResults = Type.Array(MyEvaluationResult);
