import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/**
 * 谈心谈话: one-to-one talks between members of a branch (and between a higher-level officer
 * and a member below). The initiator schedules, one party writes the record, the other party
 * confirms it or asks for a correction. Topic and record are encrypted at rest; only the two
 * parties and the holders of oversee_talks in a higher organisation may read them.
 */
const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const TALK_STATUSES = ['scheduled', 'recorded', 'confirmed', 'cancelled'] as const;
export const TalkStatus = Type.Enum(TALK_STATUSES);
export type TalkStatus = (typeof TALK_STATUSES)[number];

/** Derived from the parties' posts when scheduled: 支委之间, 支委与党员, 党员之间. */
export const TALK_PAIR_KINDS = [
  'committee_committee',
  'committee_member',
  'member_member',
] as const;
export const TalkPairKind = Type.Enum(TALK_PAIR_KINDS);
export type TalkPairKind = (typeof TALK_PAIR_KINDS)[number];

export const TALK_TOPIC_MAX = 200;
export const TALK_PLACE_MAX = 120;
export const TALK_RECORD_MAX = 20_000;
export const TALK_NOTE_MAX = 1_000;

export const ScheduleTalkRequest = Type.Object(
  {
    otherMemberId: Uuid,
    topic: Type.String({ minLength: 2, maxLength: TALK_TOPIC_MAX }),
    scheduledAt: Type.String({ format: 'date-time' }),
    place: Type.String({ minLength: 1, maxLength: TALK_PLACE_MAX }),
  },
  { additionalProperties: false },
);
export type ScheduleTalkRequest = Static<typeof ScheduleTalkRequest>;

export const WriteTalkRecordRequest = Type.Object(
  { record: Type.String({ minLength: 2, maxLength: TALK_RECORD_MAX }) },
  { additionalProperties: false },
);
export type WriteTalkRecordRequest = Static<typeof WriteTalkRecordRequest>;

export const TalkCorrectionRequest = Type.Object(
  { note: Type.String({ minLength: 2, maxLength: TALK_NOTE_MAX }) },
  { additionalProperties: false },
);
export type TalkCorrectionRequest = Static<typeof TalkCorrectionRequest>;

export const CancelTalkRequest = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
export type CancelTalkRequest = Static<typeof CancelTalkRequest>;

export const TalkParty = Type.Object({ memberId: Uuid, name: Type.String() });
export type TalkParty = Static<typeof TalkParty>;

/** A list line: no record, and the topic only for the two parties. */
export const TalkSummary = Type.Object({
  id: Uuid,
  branchId: Uuid,
  branchName: Type.String(),
  initiator: TalkParty,
  other: TalkParty,
  pairKind: TalkPairKind,
  /** Null for an overseer's list: opening the talk (audited) shows it. */
  topic: Type.Union([Type.String(), Type.Null()]),
  scheduledAt: Type.String({ format: 'date-time' }),
  place: Type.String(),
  status: TalkStatus,
  /** A correction was asked for and the record not yet rewritten. */
  correctionPending: Type.Boolean(),
});
export type TalkSummary = Static<typeof TalkSummary>;

export const Talk = Type.Object({
  ...TalkSummary.properties,
  topic: Type.String(),
  record: Type.Union([Type.String(), Type.Null()]),
  recorder: Type.Union([TalkParty, Type.Null()]),
  recordedAt: Stamp,
  correctionNote: Type.Union([Type.String(), Type.Null()]),
  correctionRequestedAt: Stamp,
  confirmedAt: Stamp,
  cancelledAt: Stamp,
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  /** What the caller may do now. */
  may: Type.Object({
    write: Type.Boolean(),
    confirm: Type.Boolean(),
    requestCorrection: Type.Boolean(),
    cancel: Type.Boolean(),
  }),
  /** The caller is one of the two parties (otherwise an overseer). */
  party: Type.Boolean(),
});
export type Talk = Static<typeof Talk>;

export const TALK_BOXES = ['mine', 'oversee'] as const;
export const TalkListQuery = Type.Object(
  {
    /** mine: talks the caller is a party to; oversee: talks of a branch the caller oversees. */
    box: Type.Optional(Type.Enum(TALK_BOXES, { default: 'mine' })),
    /** Required for oversee. */
    branchId: Type.Optional(Uuid),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    status: Type.Optional(TalkStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type TalkListQuery = Static<typeof TalkListQuery>;

export const TalkList = Type.Object({ items: Type.Array(TalkSummary), total: Type.Integer() });
export type TalkList = Static<typeof TalkList>;

/** Someone the caller may schedule a talk with, and the pair kind it would be. */
export const TalkCandidate = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  branchName: Type.String(),
  pairKind: TalkPairKind,
});
export type TalkCandidate = Static<typeof TalkCandidate>;
export const TalkCandidates = Type.Array(TalkCandidate);

/** A branch whose coverage matrix (or talk list, for overseers) the caller may open. */
export const TalkBranch = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** The caller holds oversee_talks above it, so may read its talks. */
  oversee: Type.Boolean(),
});
export type TalkBranch = Static<typeof TalkBranch>;
export const TalkBranches = Type.Array(TalkBranch);

export const TalkCoverageQuery = Type.Object(
  { branchId: Uuid, year: Type.Integer({ minimum: 2000, maximum: 2100 }) },
  { additionalProperties: false },
);
export type TalkCoverageQuery = Static<typeof TalkCoverageQuery>;

export const TalkPartner = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  talks: Type.Integer(),
});
export type TalkPartner = Static<typeof TalkPartner>;

export const TalkCoverageRow = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  /** With whom the member had confirmed talks of this kind in the year, and how many. */
  partners: Type.Array(TalkPartner),
  covered: Type.Boolean(),
  /** Without an account a member cannot confirm a record: the reason a row may stay open. */
  hasAccount: Type.Boolean(),
});
export type TalkCoverageRow = Static<typeof TalkCoverageRow>;

export const TalkCoveragePair = Type.Object({
  a: TalkParty,
  b: TalkParty,
  talks: Type.Integer(),
});
export type TalkCoveragePair = Static<typeof TalkCoveragePair>;

export const TalkCoverageCount = Type.Object({ required: Type.Integer(), covered: Type.Integer() });

/**
 * The yearly coverage matrix of a branch: counts and who talked with whom, never contents.
 * Counted from confirmed talks held in the year (Asia/Shanghai) between today's committee
 * members and members of the branch.
 */
export const TalkCoverage = Type.Object({
  branchId: Uuid,
  branchName: Type.String(),
  year: Type.Integer(),
  committee: Type.Array(TalkParty),
  members: Type.Array(TalkParty),
  /** Every pair of committee members. */
  committeeCommittee: Type.Array(TalkCoveragePair),
  /** Every ordinary member, with the committee members they talked with. */
  committeeMember: Type.Array(TalkCoverageRow),
  /** Every ordinary member, with the other ordinary members they talked with. */
  memberMember: Type.Array(TalkCoverageRow),
  summary: Type.Object({
    committee_committee: TalkCoverageCount,
    committee_member: TalkCoverageCount,
    member_member: TalkCoverageCount,
  }),
  /** Confirmed talks of the year with someone outside the branch (a higher-level officer). */
  withHigherLevels: Type.Integer(),
});
export type TalkCoverage = Static<typeof TalkCoverage>;
