import { Type, type Static } from 'typebox';
import { CalendarDate, Uuid } from './common.ts';
import { FileRef } from './files.ts';

/**
 * 组织生活会: a branch's yearly org life meeting cycle. Opinions are collected beforehand
 * (征求意见); at the meeting each member gives a self-criticism (自我批评) and receives
 * criticisms (相互批评), which only that member, the branch committee and higher levels read;
 * rectification items (整改事项) follow, and a report upward is generated from the records.
 */
const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);

export const ORG_LIFE_TITLE_MAX = 120;
export const ORG_LIFE_TEXT_MAX = 10_000;
export const ORG_LIFE_SHORT_MAX = 2_000;
/** How many characters of a self-criticism the report shows. */
export const ORG_LIFE_REPORT_EXCERPT = 200;

/** preparing → meeting held → rectifying → reported (only forward). */
export const ORG_LIFE_STATUSES = ['preparing', 'held', 'rectifying', 'reported'] as const;
export const OrgLifeStatus = Type.Enum(ORG_LIFE_STATUSES);
export type OrgLifeStatus = (typeof ORG_LIFE_STATUSES)[number];

export const RECTIFICATION_STATUSES = ['open', 'in_progress', 'done'] as const;
export const RectificationStatus = Type.Enum(RECTIFICATION_STATUSES);
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** Who an opinion is about: the committee as a whole, or one of its members. */
export const OPINION_TARGETS = ['committee', 'member'] as const;
/** Whether a party member gave it, or a non-member (群众) whose words the committee recorded. */
export const OPINION_SOURCES = ['member', 'masses'] as const;

export const CreateOrgLifeMeetingRequest = Type.Object(
  {
    orgId: Uuid,
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    title: Type.String({ minLength: 2, maxLength: ORG_LIFE_TITLE_MAX }),
    meetingDate: Type.Union([CalendarDate, Type.Null()]),
    /** The activity (type org_life_meeting) the meeting was held as, when recorded there. */
    activityId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateOrgLifeMeetingRequest = Static<typeof CreateOrgLifeMeetingRequest>;

export const UpdateOrgLifeMeetingRequest = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 2, maxLength: ORG_LIFE_TITLE_MAX })),
    meetingDate: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
    activityId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    /** What the meeting did and concluded: the first paragraph of the report. */
    summary: Type.Optional(Type.String({ maxLength: ORG_LIFE_TEXT_MAX })),
    /** The committee's digest of the opinions collected. */
    opinionSummary: Type.Optional(Type.String({ maxLength: ORG_LIFE_TEXT_MAX })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrgLifeMeetingRequest = Static<typeof UpdateOrgLifeMeetingRequest>;

export const AdvanceOrgLifeRequest = Type.Object(
  { status: Type.Enum(['held', 'rectifying'] as const) },
  { additionalProperties: false },
);
export type AdvanceOrgLifeRequest = Static<typeof AdvanceOrgLifeRequest>;

export const OrgLifeCounts = Type.Object({
  opinions: Type.Integer(),
  rectifications: Type.Integer(),
  done: Type.Integer(),
  overdue: Type.Integer(),
});
export type OrgLifeCounts = Static<typeof OrgLifeCounts>;

export const OrgLifeMeeting = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  year: Type.Integer(),
  title: Type.String(),
  meetingDate: Type.Union([CalendarDate, Type.Null()]),
  status: OrgLifeStatus,
  activityId: Type.Union([Uuid, Type.Null()]),
  summary: Type.String(),
  opinionSummary: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  submittedAt: Stamp,
  submittedByName: NullableText,
  /** The parent organisation the report went to. */
  reportedToOrgId: Type.Union([Uuid, Type.Null()]),
  reportedToOrgName: NullableText,
  counts: OrgLifeCounts,
  may: Type.Object({
    /** Committee of the branch or higher level, while the cycle is open: edits and records. */
    manage: Type.Boolean(),
    /** Committee of the branch or higher level: reads the opinions, every record, the report. */
    readAll: Type.Boolean(),
    /** A member of the branch (or its committee) may give an opinion while preparing. */
    giveOpinion: Type.Boolean(),
  }),
});
export type OrgLifeMeeting = Static<typeof OrgLifeMeeting>;

export const ORG_LIFE_BOXES = ['all', 'reported'] as const;
export const OrgLifeListQuery = Type.Object(
  {
    /** all: every cycle the caller sees; reported: reports submitted to the caller's organisations. */
    box: Type.Optional(Type.Enum(ORG_LIFE_BOXES, { default: 'all' })),
    orgId: Type.Optional(Uuid),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    status: Type.Optional(OrgLifeStatus),
  },
  { additionalProperties: false },
);
export type OrgLifeListQuery = Static<typeof OrgLifeListQuery>;
export const OrgLifeMeetings = Type.Array(OrgLifeMeeting);

/** A branch where the caller may open a cycle. */
export const OrgLifeTarget = Type.Object({ id: Uuid, name: Type.String() });
export type OrgLifeTarget = Static<typeof OrgLifeTarget>;
export const OrgLifeTargets = Type.Array(OrgLifeTarget);

export const OrgLifeMember = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  /** Holds a post in the branch: opinions may be about them. */
  committee: Type.Boolean(),
  /** Whether the caller may open this member's criticism record. */
  mayRead: Type.Boolean(),
  /** Whether a self-criticism is on record, and how many criticisms were received; null unless mayRead. */
  hasSelfCriticism: Type.Union([Type.Boolean(), Type.Null()]),
  criticismsReceived: Type.Union([Type.Integer(), Type.Null()]),
});
export type OrgLifeMember = Static<typeof OrgLifeMember>;
export const OrgLifeMembers = Type.Array(OrgLifeMember);

export const CreateOpinionRequest = Type.Object(
  {
    target: Type.Enum(OPINION_TARGETS),
    /** The committee member the opinion is about, when target is member. */
    targetMemberId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    source: Type.Optional(Type.Enum(OPINION_SOURCES, { default: 'member' })),
    /** masses only: who said it as the committee recorded it (e.g. 服务对象代表). */
    fromName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    /** A member's opinion without their name: the giver is not stored at all. */
    anonymous: Type.Optional(Type.Boolean({ default: false })),
    body: Type.String({ minLength: 2, maxLength: ORG_LIFE_SHORT_MAX }),
  },
  { additionalProperties: false },
);
export type CreateOpinionRequest = Static<typeof CreateOpinionRequest>;

export const OrgLifeOpinion = Type.Object({
  id: Uuid,
  target: Type.Enum(OPINION_TARGETS),
  targetMemberId: Type.Union([Uuid, Type.Null()]),
  targetName: NullableText,
  source: Type.Enum(OPINION_SOURCES),
  /** The giver as shown to the committee; null when anonymous. */
  fromName: NullableText,
  anonymous: Type.Boolean(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type OrgLifeOpinion = Static<typeof OrgLifeOpinion>;
export const OrgLifeOpinions = Type.Array(OrgLifeOpinion);

export const MemberParams = Type.Object(
  { id: Uuid, memberId: Uuid },
  { additionalProperties: false },
);

export const SelfCriticismRequest = Type.Object(
  { body: Type.String({ minLength: 2, maxLength: ORG_LIFE_TEXT_MAX }) },
  { additionalProperties: false },
);
export type SelfCriticismRequest = Static<typeof SelfCriticismRequest>;

export const CriticismRequest = Type.Object(
  {
    /** The member who voiced the criticism at the meeting. */
    fromMemberId: Uuid,
    body: Type.String({ minLength: 2, maxLength: ORG_LIFE_SHORT_MAX }),
  },
  { additionalProperties: false },
);
export type CriticismRequest = Static<typeof CriticismRequest>;

export const OrgLifeCriticism = Type.Object({
  id: Uuid,
  fromMemberId: Uuid,
  fromName: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type OrgLifeCriticism = Static<typeof OrgLifeCriticism>;

/** One member's record: their self-criticism and the criticisms they received (who said what). */
export const OrgLifeCriticismRecord = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  selfCriticism: NullableText,
  selfCriticismAt: Stamp,
  received: Type.Array(OrgLifeCriticism),
});
export type OrgLifeCriticismRecord = Static<typeof OrgLifeCriticismRecord>;

export const CreateRectificationRequest = Type.Object(
  {
    problem: Type.String({ minLength: 2, maxLength: ORG_LIFE_SHORT_MAX }),
    measure: Type.String({ minLength: 2, maxLength: ORG_LIFE_SHORT_MAX }),
    ownerMemberId: Uuid,
    deadline: CalendarDate,
  },
  { additionalProperties: false },
);
export type CreateRectificationRequest = Static<typeof CreateRectificationRequest>;

export const UpdateRectificationRequest = Type.Object(
  {
    problem: Type.Optional(Type.String({ minLength: 2, maxLength: ORG_LIFE_SHORT_MAX })),
    measure: Type.Optional(Type.String({ minLength: 2, maxLength: ORG_LIFE_SHORT_MAX })),
    ownerMemberId: Type.Optional(Uuid),
    deadline: Type.Optional(CalendarDate),
    /** open ↔ in_progress; done only through closing with evidence. */
    status: Type.Optional(Type.Enum(['open', 'in_progress'] as const)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateRectificationRequest = Static<typeof UpdateRectificationRequest>;

export const CloseRectificationRequest = Type.Object(
  {
    evidence: Type.String({ minLength: 2, maxLength: ORG_LIFE_SHORT_MAX }),
    /** Uploads (POST /files) the closer made: photos, scans, documents. */
    fileIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type CloseRectificationRequest = Static<typeof CloseRectificationRequest>;

export const Rectification = Type.Object({
  id: Uuid,
  meetingId: Uuid,
  problem: Type.String(),
  measure: Type.String(),
  ownerMemberId: Uuid,
  ownerName: Type.String(),
  deadline: CalendarDate,
  status: RectificationStatus,
  /** The deadline has passed (Asia/Shanghai calendar day) and the item is not done. */
  overdue: Type.Boolean(),
  evidence: NullableText,
  attachments: Type.Array(FileRef),
  closedByName: NullableText,
  closedAt: Stamp,
  createdAt: Type.String({ format: 'date-time' }),
});
export type Rectification = Static<typeof Rectification>;
export const Rectifications = Type.Array(Rectification);

export const RectificationListQuery = Type.Object(
  {
    status: Type.Optional(RectificationStatus),
    overdue: Type.Optional(Type.Boolean()),
    ownerMemberId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type RectificationListQuery = Static<typeof RectificationListQuery>;

/** The report upward, assembled from the records each time it is asked for. */
export const OrgLifeReport = Type.Object({
  meeting: OrgLifeMeeting,
  /** Attendance from the linked activity's sign-in record; null while none is linked. */
  attendance: Type.Union([
    Type.Object({
      expected: Type.Integer(),
      present: Type.Integer(),
      leave: Type.Integer(),
      absent: Type.Integer(),
    }),
    Type.Null(),
  ]),
  opinions: Type.Object({
    total: Type.Integer(),
    aboutCommittee: Type.Integer(),
    aboutMembers: Type.Integer(),
    fromMasses: Type.Integer(),
    anonymous: Type.Integer(),
    summary: Type.String(),
  }),
  members: Type.Array(
    Type.Object({
      memberId: Uuid,
      name: Type.String(),
      selfCriticismExcerpt: NullableText,
      criticismsReceived: Type.Integer(),
    }),
  ),
  rectifications: Rectifications,
  generatedAt: Type.String({ format: 'date-time' }),
});
export type OrgLifeReport = Static<typeof OrgLifeReport>;
