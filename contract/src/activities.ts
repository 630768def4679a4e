import { Type, type Static } from 'typebox';
import { CalendarDate, Uuid } from './common.ts';
import { AttachmentIds, FileRef } from './files.ts';
import { OrgKind } from './orgs.ts';

/**
 * 组织生活: meetings and activities with structured records (三会一课, 主题党日, 组织生活会, 民主评议,
 * 学习小组, 联学联建). Lifecycle: draft → published (notice + discussion topic) → leave requests →
 * sign-in (officer or rotating QR code) → minutes → attachments → make-up study → finalised;
 * after that, corrections are amendments with a reason and every version is kept.
 * See docs/activities.md.
 */
const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const ACTIVITY_TYPES = [
  'branch_general_meeting',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'themed_day',
  'org_life_meeting',
  'democratic_evaluation',
  'study_group',
  'joint_activity',
] as const;
export const ActivityType = Type.Enum(ACTIVITY_TYPES);
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_STATUSES = ['draft', 'published', 'finalised'] as const;
export const ActivityStatus = Type.Enum(ACTIVITY_STATUSES);
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Attendance of one expected attendee; `expected` until someone marks or signs in. */
export const ATTENDANCE_STATUSES = ['expected', 'present', 'absent', 'leave'] as const;
export const AttendanceStatus = Type.Enum(ATTENDANCE_STATUSES);
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
/** What an officer may set (expected is the unmarked state). */
export const MARKED_ATTENDANCE = ['present', 'absent', 'leave'] as const;
export const MarkedAttendance = Type.Enum(MARKED_ATTENDANCE);
export type MarkedAttendance = (typeof MARKED_ATTENDANCE)[number];

export const LEAVE_STATUSES = ['pending', 'approved', 'refused'] as const;
export const LeaveStatus = Type.Enum(LEAVE_STATUSES);
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];

export const SIGN_IN_METHODS = ['officer', 'qr'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** 补学 ways of making up a missed activity. */
export const MAKEUP_METHODS = ['self_study', 'recording', 'talk', 'online', 'other'] as const;
export const MakeupMethod = Type.Enum(MAKEUP_METHODS);
export type MakeupMethod = (typeof MAKEUP_METHODS)[number];

export const ACTIVITY_TITLE_MAX = 120;
export const ACTIVITY_TEXT_MAX = 5000;
export const ACTIVITY_PLACE_MAX = 200;
export const ACTIVITY_AGENDA_MAX = 30;
/** QR sign-in window defaults: opens this long before the start, closes this long after the end. */
export const SIGN_IN_OPENS_BEFORE_MINUTES = 30;
export const SIGN_IN_CLOSES_AFTER_MINUTES = 0;
/** A sign-in code is valid for its time step (and the one before, for a slow scan). */
export const SIGN_IN_STEP_SECONDS = 30;

/**
 * Stable error codes of this module, for screens to translate (besides the generic ones):
 * activity_not_draft, activity_not_published, activity_finalised, activity_not_finalised,
 * quorum_not_met (支部党员大会 / 支委会 presence rule), sign_in_not_open, sign_in_closed,
 * sign_in_code_invalid (wrong or expired code), sign_in_not_expected, leave_not_expected,
 * leave_already_decided, leave_too_late, makeup_not_absent, invalid_time_range,
 * attendee_out_of_scope, partner_org_invalid, invalid_votes (more votes than voters present).
 */
export const ACTIVITY_ERROR_CODES = [
  'activity_not_draft',
  'activity_not_published',
  'activity_finalised',
  'activity_not_finalised',
  'quorum_not_met',
  'sign_in_not_open',
  'sign_in_closed',
  'sign_in_code_invalid',
  'sign_in_not_expected',
  'leave_not_expected',
  'leave_already_decided',
  'leave_too_late',
  'makeup_not_absent',
  'invalid_time_range',
  'attendee_out_of_scope',
  'partner_org_invalid',
  'invalid_votes',
] as const;
export type ActivityErrorCode = (typeof ACTIVITY_ERROR_CODES)[number];

const ShortText = (max: number) => Type.String({ maxLength: max });
const AgendaList = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
  maxItems: ACTIVITY_AGENDA_MAX,
  description: 'Planned agenda items (议程), in order',
});

/**
 * Type-specific fields, discriminated by `type` (which must equal the activity's type).
 * Meetings carry a planned agenda; a lecture its lecturer and materials; a themed day its
 * theme and plan; a study group its study materials; a joint activity its partner branches.
 */
const MeetingDetails = <T extends ActivityType>(type: T) =>
  Type.Object({ type: Type.Literal(type), agenda: AgendaList }, { additionalProperties: false });

export const BranchGeneralMeetingDetails = MeetingDetails('branch_general_meeting');
export const CommitteeMeetingDetails = MeetingDetails('committee_meeting');
export const GroupMeetingDetails = MeetingDetails('group_meeting');
export const OrgLifeMeetingDetails = MeetingDetails('org_life_meeting');
export const DemocraticEvaluationDetails = MeetingDetails('democratic_evaluation');
export const PartyLectureDetails = Type.Object(
  {
    type: Type.Literal('party_lecture'),
    /** 授课人: a member of the roster, or a guest named only. */
    lecturerMemberId: Type.Union([Uuid, Type.Null()]),
    lecturerName: Type.String({ minLength: 1, maxLength: 60 }),
    materials: ShortText(ACTIVITY_TEXT_MAX),
  },
  { additionalProperties: false },
);
export const ThemedDayDetails = Type.Object(
  {
    type: Type.Literal('themed_day'),
    theme: Type.String({ minLength: 1, maxLength: ACTIVITY_TITLE_MAX }),
    plan: ShortText(ACTIVITY_TEXT_MAX),
  },
  { additionalProperties: false },
);
export const StudyGroupDetails = Type.Object(
  {
    type: Type.Literal('study_group'),
    agenda: AgendaList,
    studyMaterials: ShortText(ACTIVITY_TEXT_MAX),
  },
  { additionalProperties: false },
);
export const JointActivityDetails = Type.Object(
  {
    type: Type.Literal('joint_activity'),
    agenda: AgendaList,
    /** The other branches taking part (the activity's own organisation hosts). */
    partnerOrgIds: Type.Array(Uuid, { minItems: 1, maxItems: 10, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const ActivityDetails = Type.Union([
  BranchGeneralMeetingDetails,
  CommitteeMeetingDetails,
  GroupMeetingDetails,
  PartyLectureDetails,
  ThemedDayDetails,
  OrgLifeMeetingDetails,
  DemocraticEvaluationDetails,
  StudyGroupDetails,
  JointActivityDetails,
]);
export type ActivityDetails = Static<typeof ActivityDetails>;

const ActivityFields = {
  title: Type.String({ minLength: 2, maxLength: ACTIVITY_TITLE_MAX, description: '议题 / topic' }),
  startsAt: DateTime,
  endsAt: DateTime,
  place: Type.String({ minLength: 1, maxLength: ACTIVITY_PLACE_MAX }),
  /** 主持人 and 记录人: members under the organisation (or a partner, for joint activities). */
  hostMemberId: Type.Union([Uuid, Type.Null()]),
  recorderMemberId: Type.Union([Uuid, Type.Null()]),
  /**
   * 应到: when absent, the roster default (everyone in the organisation; its committee for 支委会;
   * its group for 党小组会; for joint activities also everyone in the partner branches).
   */
  expectedMemberIds: Type.Array(Uuid, { maxItems: 2000, uniqueItems: true }),
  /** QR sign-in window around the activity (defaults 30 before, 0 after). */
  signInOpensBeforeMinutes: Type.Integer({ minimum: 0, maximum: 720 }),
  signInClosesAfterMinutes: Type.Integer({ minimum: 0, maximum: 720 }),
  details: ActivityDetails,
};

export const CreateActivityRequest = Type.Object(
  {
    orgId: Uuid,
    title: ActivityFields.title,
    startsAt: ActivityFields.startsAt,
    endsAt: ActivityFields.endsAt,
    place: ActivityFields.place,
    hostMemberId: Type.Optional(ActivityFields.hostMemberId),
    recorderMemberId: Type.Optional(ActivityFields.recorderMemberId),
    expectedMemberIds: Type.Optional(ActivityFields.expectedMemberIds),
    signInOpensBeforeMinutes: Type.Optional(ActivityFields.signInOpensBeforeMinutes),
    signInClosesAfterMinutes: Type.Optional(ActivityFields.signInClosesAfterMinutes),
    details: ActivityDetails,
  },
  { additionalProperties: false },
);
export type CreateActivityRequest = Static<typeof CreateActivityRequest>;

/** Any of the fields; the type cannot change (details.type must stay the same). */
export const UpdateActivityRequest = Type.Object(
  {
    title: Type.Optional(ActivityFields.title),
    startsAt: Type.Optional(ActivityFields.startsAt),
    endsAt: Type.Optional(ActivityFields.endsAt),
    place: Type.Optional(ActivityFields.place),
    hostMemberId: Type.Optional(ActivityFields.hostMemberId),
    recorderMemberId: Type.Optional(ActivityFields.recorderMemberId),
    expectedMemberIds: Type.Optional(ActivityFields.expectedMemberIds),
    signInOpensBeforeMinutes: Type.Optional(ActivityFields.signInOpensBeforeMinutes),
    signInClosesAfterMinutes: Type.Optional(ActivityFields.signInClosesAfterMinutes),
    details: Type.Optional(ActivityDetails),
  },
  { additionalProperties: false },
);
export type UpdateActivityRequest = Static<typeof UpdateActivityRequest>;

export const PersonRef = Type.Object({ memberId: Uuid, name: Type.String() });
export type PersonRef = Static<typeof PersonRef>;

export const OrgRef = Type.Object({ id: Uuid, name: Type.String() });
export type OrgRef = Static<typeof OrgRef>;

/** One expected attendee (应到) with their attendance. */
export const Attendee = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  orgName: Type.String({ description: 'Their branch' }),
  /** A full member (正式党员), who may vote; probationary members may not. */
  voting: Type.Boolean(),
  status: AttendanceStatus,
  signedInAt: Stamp,
  signInMethod: Type.Union([Type.Enum(SIGN_IN_METHODS), Type.Null()]),
  /** The reason of an absence or approved leave. */
  note: Type.Union([Type.String(), Type.Null()]),
});
export type Attendee = Static<typeof Attendee>;

export const AttendanceCounts = Type.Object({
  expected: Type.Integer(),
  present: Type.Integer(),
  absent: Type.Integer(),
  leave: Type.Integer(),
  /** Full members expected, and of them present (the 支部党员大会 quorum base). */
  votingExpected: Type.Integer(),
  votingPresent: Type.Integer(),
});
export type AttendanceCounts = Static<typeof AttendanceCounts>;

export const LeaveRequest = Type.Object({
  id: Uuid,
  memberId: Uuid,
  name: Type.String(),
  reason: Type.String(),
  status: LeaveStatus,
  createdAt: DateTime,
  decidedByName: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Stamp,
  decisionNote: Type.Union([Type.String(), Type.Null()]),
});
export type LeaveRequest = Static<typeof LeaveRequest>;

export const MinutesAgendaItem = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 500 }),
    notes: Type.String({ maxLength: ACTIVITY_TEXT_MAX }),
  },
  { additionalProperties: false },
);
export const MinutesSpeech = Type.Object(
  {
    /** A member of the roster, or null for a guest named only. */
    speakerMemberId: Type.Union([Uuid, Type.Null()]),
    speakerName: Type.String({ minLength: 1, maxLength: 60 }),
    /** Index into agenda, or null for general discussion. */
    agendaIndex: Type.Union([
      Type.Integer({ minimum: 0, maximum: ACTIVITY_AGENDA_MAX }),
      Type.Null(),
    ]),
    points: Type.String({ minLength: 1, maxLength: ACTIVITY_TEXT_MAX }),
  },
  { additionalProperties: false },
);
export const MinutesResolution = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    text: Type.String({ maxLength: ACTIVITY_TEXT_MAX }),
    votesFor: Type.Integer({ minimum: 0, maximum: 5000 }),
    votesAgainst: Type.Integer({ minimum: 0, maximum: 5000 }),
    votesAbstain: Type.Integer({ minimum: 0, maximum: 5000 }),
  },
  { additionalProperties: false },
);

/** The record (会议记录), replaced whole on each save. */
export const MinutesInput = Type.Object(
  {
    agenda: Type.Array(MinutesAgendaItem, { maxItems: ACTIVITY_AGENDA_MAX }),
    speeches: Type.Array(MinutesSpeech, { maxItems: 200 }),
    resolutions: Type.Array(MinutesResolution, { maxItems: 50 }),
    summary: Type.String({ maxLength: ACTIVITY_TEXT_MAX }),
  },
  { additionalProperties: false },
);
export type MinutesInput = Static<typeof MinutesInput>;

export const Resolution = Type.Object({
  title: Type.String(),
  text: Type.String(),
  votesFor: Type.Integer(),
  votesAgainst: Type.Integer(),
  votesAbstain: Type.Integer(),
  /** Those entitled to vote: full members expected (支部党员大会) or committee members. */
  entitled: Type.Integer(),
  /** More than half of those entitled voted for. */
  passed: Type.Boolean(),
});
export type Resolution = Static<typeof Resolution>;

export const Minutes = Type.Object({
  agenda: Type.Array(Type.Object({ title: Type.String(), notes: Type.String() })),
  speeches: Type.Array(
    Type.Object({
      speakerMemberId: Type.Union([Uuid, Type.Null()]),
      speakerName: Type.String(),
      agendaIndex: Type.Union([Type.Integer(), Type.Null()]),
      points: Type.String(),
    }),
  ),
  resolutions: Type.Array(Resolution),
  summary: Type.String(),
  updatedAt: Stamp,
  updatedByName: Type.Union([Type.String(), Type.Null()]),
});
export type Minutes = Static<typeof Minutes>;

/** 补学: one absentee's make-up study, confirmed by the officer who records it. */
export const MakeupInput = Type.Object(
  {
    memberId: Uuid,
    date: CalendarDate,
    method: MakeupMethod,
    content: Type.String({ minLength: 1, maxLength: ACTIVITY_TEXT_MAX }),
  },
  { additionalProperties: false },
);
export type MakeupInput = Static<typeof MakeupInput>;

export const Makeup = Type.Object({
  id: Uuid,
  memberId: Uuid,
  name: Type.String(),
  date: CalendarDate,
  method: MakeupMethod,
  content: Type.String(),
  confirmedByName: Type.String(),
  recordedAt: DateTime,
});
export type Makeup = Static<typeof Makeup>;

/** The activity's discussion topic in an organisation's exchange space. */
export const ActivityTopic = Type.Object({
  orgId: Uuid,
  orgName: Type.String(),
  spaceId: Uuid,
  topicId: Uuid,
});
export type ActivityTopic = Static<typeof ActivityTopic>;

/** What the caller may do now (the screens show buttons from this). */
export const ActivityMay = Type.Object({
  edit: Type.Boolean(),
  publish: Type.Boolean(),
  delete: Type.Boolean(),
  /** Mark attendance, decide leave, show the QR code, write minutes, attach, record 补学. */
  manage: Type.Boolean(),
  finalise: Type.Boolean(),
  amend: Type.Boolean(),
  /** The caller is expected and may ask for leave (before the start, not yet decided). */
  requestLeave: Type.Boolean(),
  /** The caller is expected and may sign in with a code now. */
  signIn: Type.Boolean(),
});
export type ActivityMay = Static<typeof ActivityMay>;

/** A list / calendar line. */
export const ActivitySummary = Type.Object({
  id: Uuid,
  type: ActivityType,
  status: ActivityStatus,
  title: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  orgKind: OrgKind,
  /** Partner branches of a joint activity (empty otherwise). */
  partnerOrgs: Type.Array(OrgRef),
  startsAt: DateTime,
  endsAt: DateTime,
  place: Type.String(),
  counts: AttendanceCounts,
  /** The caller's own attendance, when expected. */
  mine: Type.Union([
    Type.Object({ status: AttendanceStatus, leave: Type.Union([LeaveStatus, Type.Null()]) }),
    Type.Null(),
  ]),
  /** The current version number: 0 before finalising, 1 at finalising, +1 per amendment. */
  version: Type.Integer(),
});
export type ActivitySummary = Static<typeof ActivitySummary>;

/** The full record, as a detail page shows it and as each version's snapshot keeps it. */
export const ActivityRecord = Type.Object({
  id: Uuid,
  type: ActivityType,
  status: ActivityStatus,
  title: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  orgKind: OrgKind,
  partnerOrgs: Type.Array(OrgRef),
  startsAt: DateTime,
  endsAt: DateTime,
  place: Type.String(),
  host: Type.Union([PersonRef, Type.Null()]),
  recorder: Type.Union([PersonRef, Type.Null()]),
  details: ActivityDetails,
  signInOpensBeforeMinutes: Type.Integer(),
  signInClosesAfterMinutes: Type.Integer(),
  attendees: Type.Array(Attendee),
  counts: AttendanceCounts,
  minutes: Minutes,
  attachments: Type.Array(FileRef),
  makeups: Type.Array(Makeup),
  createdByName: Type.String(),
  createdAt: DateTime,
  publishedAt: Stamp,
  /** The notice sent to the expected attendees on publishing. */
  noticeId: Type.Union([Uuid, Type.Null()]),
  topics: Type.Array(ActivityTopic),
  finalisedAt: Stamp,
  finalisedByName: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});
export type ActivityRecord = Static<typeof ActivityRecord>;

/** The detail page: the record, leave requests (all for officers, own for members), rights. */
export const Activity = Type.Object({
  record: ActivityRecord,
  leaveRequests: Type.Array(LeaveRequest),
  /** The QR sign-in window. */
  signInOpensAt: DateTime,
  signInClosesAt: DateTime,
  may: ActivityMay,
});
export type Activity = Static<typeof Activity>;

export const ActivityListQuery = Type.Object(
  {
    /** Default: every organisation the caller sees. */
    orgId: Type.Optional(Uuid),
    includeSubtree: Type.Optional(Type.Boolean({ default: false })),
    type: Type.Optional(ActivityType),
    status: Type.Optional(ActivityStatus),
    /** Activities starting on or after / before (exclusive) these instants. */
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type ActivityListQuery = Static<typeof ActivityListQuery>;

export const ActivityList = Type.Object({
  items: Type.Array(ActivitySummary),
  total: Type.Integer(),
});
export type ActivityList = Static<typeof ActivityList>;

/** A month of the calendar (Asia/Shanghai months): every activity starting in it. */
export const ActivityCalendarQuery = Type.Object(
  {
    month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
    orgId: Type.Optional(Uuid),
    includeSubtree: Type.Optional(Type.Boolean({ default: false })),
    type: Type.Optional(ActivityType),
  },
  { additionalProperties: false },
);
export type ActivityCalendarQuery = Static<typeof ActivityCalendarQuery>;
export const ActivityCalendar = Type.Object({ items: Type.Array(ActivitySummary) });
export type ActivityCalendar = Static<typeof ActivityCalendar>;

/** Organisations where the caller may plan activities (manage_activities scope). */
export const ActivityTarget = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: OrgKind,
  path: Type.String(),
});
export type ActivityTarget = Static<typeof ActivityTarget>;
export const ActivityTargets = Type.Array(ActivityTarget);

/** Members the planner can pick (host, recorder, attendees, lecturer) and the roster default. */
export const ActivityCandidatesQuery = Type.Object(
  {
    orgId: Uuid,
    type: ActivityType,
    /** For joint activities: the partner branches, whose members are candidates too. */
    partnerOrgIds: Type.Optional(Type.Array(Uuid, { maxItems: 10, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ActivityCandidatesQuery = Static<typeof ActivityCandidatesQuery>;
export const ActivityCandidate = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  orgName: Type.String(),
  voting: Type.Boolean(),
  committee: Type.Boolean(),
  /** In the roster default for this type. */
  defaultExpected: Type.Boolean(),
});
export type ActivityCandidate = Static<typeof ActivityCandidate>;
export const ActivityCandidates = Type.Array(ActivityCandidate);

/** Branches a joint activity may invite: any branch of the same 基层党委 tree but the host. */
export const PartnerOrgsQuery = Type.Object({ orgId: Uuid }, { additionalProperties: false });
export const PartnerOrgs = Type.Array(ActivityTarget);

export const LeaveRequestInput = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
export type LeaveRequestInput = Static<typeof LeaveRequestInput>;

export const LeaveDecisionInput = Type.Object(
  { approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type LeaveDecisionInput = Static<typeof LeaveDecisionInput>;
export const LeaveParams = Type.Object(
  { id: Uuid, requestId: Uuid },
  { additionalProperties: false },
);

export const AttendanceInput = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          memberId: Uuid,
          status: MarkedAttendance,
          note: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);
export type AttendanceInput = Static<typeof AttendanceInput>;

/** The rotating code for the QR the officer shows; the QR encodes `url`. */
export const ActivitySignInCode = Type.Object({
  code: Type.String(),
  /** `<origin>/activities/<id>/sign-in?code=<code>`: the page the member's phone opens. */
  url: Type.String(),
  stepSeconds: Type.Integer(),
  expiresAt: DateTime,
  windowOpensAt: DateTime,
  windowClosesAt: DateTime,
});
export type ActivitySignInCode = Static<typeof ActivitySignInCode>;

export const ActivitySignInInput = Type.Object(
  { code: Type.String({ minLength: 4, maxLength: 64 }) },
  { additionalProperties: false },
);
export type ActivitySignInInput = Static<typeof ActivitySignInInput>;
export const ActivitySignInResult = Type.Object({
  signedInAt: DateTime,
  /** True when the caller had already signed in (signing twice changes nothing). */
  already: Type.Boolean(),
});
export type ActivitySignInResult = Static<typeof ActivitySignInResult>;

export const AttachmentsInput = Type.Object(
  { fileIds: AttachmentIds },
  { additionalProperties: false },
);
export type AttachmentsInput = Static<typeof AttachmentsInput>;

/** After finalising: a correction with its reason; each part given replaces the current one. */
export const AmendmentInput = Type.Object(
  {
    reason: Type.String({ minLength: 2, maxLength: 500 }),
    activity: Type.Optional(UpdateActivityRequest),
    minutes: Type.Optional(MinutesInput),
    attendance: Type.Optional(AttendanceInput),
  },
  { additionalProperties: false },
);
export type AmendmentInput = Static<typeof AmendmentInput>;

export const ActivityVersionInfo = Type.Object({
  version: Type.Integer(),
  /** null for version 1 (the finalised record); the amendment's reason after. */
  reason: Type.Union([Type.String(), Type.Null()]),
  createdByName: Type.String(),
  createdAt: DateTime,
});
export type ActivityVersionInfo = Static<typeof ActivityVersionInfo>;
export const ActivityVersions = Type.Array(ActivityVersionInfo);
export const ActivityVersion = Type.Object({
  info: ActivityVersionInfo,
  record: ActivityRecord,
});
export type ActivityVersion = Static<typeof ActivityVersion>;
/**
 * The version is a string of digits in the path; anything else is an unknown version (404),
 * so a guessed id in any slot is answered like any other unknown record.
 */
export const VersionParams = Type.Object(
  { id: Uuid, version: Type.String({ maxLength: 40, description: 'Version number, from 1' }) },
  { additionalProperties: false },
);

/** Feed event appended for each account that may see an activity when it changes. */
export const ACTIVITY_CHANGED_EVENT = 'activity.changed';
