import { Type, type Static } from 'typebox';
import { CalendarDate, Uuid } from './common.ts';

/** 基层党委 / 党总支 / 党支部 / 联合党支部 / 党小组 */
export const ORG_KINDS = [
  'committee',
  'general_branch',
  'branch',
  'joint_branch',
  'group',
] as const;
export const OrgKind = Type.Enum(ORG_KINDS);
export type OrgKind = (typeof ORG_KINDS)[number];

/** Which kinds may sit directly under which: 基层党委 → 党总支 → 党支部 → 党小组. */
export const CHILD_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  committee: ['general_branch', 'branch', 'joint_branch'],
  general_branch: ['branch', 'joint_branch'],
  branch: ['group'],
  joint_branch: ['group'],
  group: [],
};

/** Committee posts of a branch (支部委员会) and the leader of a party group. */
export const POSTS = [
  'secretary',
  'deputy_secretary',
  'organisation_officer',
  'publicity_officer',
  'discipline_officer',
  'committee_member',
  'group_leader',
] as const;
export const Post = Type.Enum(POSTS);
export type Post = (typeof POSTS)[number];

export const OrgName = Type.String({ minLength: 2, maxLength: 80 });

export const Organisation = Type.Object({
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  kind: OrgKind,
  name: Type.String(),
  termStartedOn: Type.Union([CalendarDate, Type.Null()]),
  nextElectionOn: Type.Union([CalendarDate, Type.Null()]),
  memberCount: Type.Integer({ description: 'Members in this organisation and below' }),
});
export type Organisation = Static<typeof Organisation>;

export const OrgList = Type.Object({ items: Type.Array(Organisation) });
export type OrgList = Static<typeof OrgList>;

export const CreateOrgRequest = Type.Object(
  {
    parentId: Uuid,
    kind: OrgKind,
    name: OrgName,
    termStartedOn: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);
export type CreateOrgRequest = Static<typeof CreateOrgRequest>;

export const OrgPost = Type.Object({
  id: Uuid,
  orgId: Uuid,
  memberId: Uuid,
  memberName: Type.String(),
  post: Post,
  termStartedOn: CalendarDate,
});
export type OrgPost = Static<typeof OrgPost>;

/** Committee terms last 3 years; village and community branches are elected for 5. */
export const TERM_YEARS = [3, 5] as const;
export const TermYears = Type.Union([Type.Literal(3), Type.Literal(5)]);

/** Preparing a 换届 (nominations, approval upward) takes months: warn this many days ahead. */
export const ELECTION_WARNING_DAYS = 90;

export type ElectionStatus = 'overdue' | 'due_soon' | 'ok' | 'unknown';

/** Whether a committee's next election (换届) is overdue or due soon, on calendar dates. */
export function electionStatus(nextElectionOn: string | null, today: string): ElectionStatus {
  if (!nextElectionOn) return 'unknown';
  if (nextElectionOn < today) return 'overdue';
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const warnUntil = new Date(Date.UTC(y, m - 1, d + ELECTION_WARNING_DAYS))
    .toISOString()
    .slice(0, 10);
  return nextElectionOn <= warnUntil ? 'due_soon' : 'ok';
}

const Reason = Type.String({ minLength: 2, maxLength: 500 });

/** Rename and/or record a new committee term (换届): each change lands in the history. */
export const UpdateOrgRequest = Type.Object(
  {
    name: Type.Optional(OrgName),
    termStartedOn: Type.Optional(CalendarDate),
    termYears: Type.Optional(TermYears),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrgRequest = Static<typeof UpdateOrgRequest>;

export const MoveOrgRequest = Type.Object(
  { parentId: Uuid, reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export type MoveOrgRequest = Static<typeof MoveOrgRequest>;

export const DissolveOrgRequest = Type.Object({ reason: Reason }, { additionalProperties: false });
export type DissolveOrgRequest = Static<typeof DissolveOrgRequest>;

export const ORG_HISTORY_ACTIONS = [
  'create',
  'rename',
  'move',
  'term',
  'dissolve',
  'post_assign',
  'post_end',
] as const;
export const OrgHistoryAction = Type.Enum(ORG_HISTORY_ACTIONS);
export type OrgHistoryAction = (typeof ORG_HISTORY_ACTIONS)[number];

export const OrgHistoryEntry = Type.Object({
  id: Uuid,
  action: OrgHistoryAction,
  oldValue: Type.Union([Type.String(), Type.Null()]),
  newValue: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  /** For post_assign and post_end: which post (the value is the holder's name). */
  post: Type.Union([Post, Type.Null()]),
  actorName: Type.String(),
  at: Type.String({ format: 'date-time' }),
});
export type OrgHistoryEntry = Static<typeof OrgHistoryEntry>;

export const AssignPostRequest = Type.Object(
  { memberId: Uuid, post: Post, termStartedOn: CalendarDate },
  { additionalProperties: false },
);
export type AssignPostRequest = Static<typeof AssignPostRequest>;

export const EndPostRequest = Type.Object(
  { endedOn: CalendarDate, reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export type EndPostRequest = Static<typeof EndPostRequest>;

export const PostParams = Type.Object({ id: Uuid, postId: Uuid }, { additionalProperties: false });

/** One organisation as it is now, its history, and what the caller may do to it. */
export const OrgDetail = Type.Object({
  organisation: Organisation,
  path: Type.Array(Type.Object({ id: Uuid, name: Type.String(), kind: OrgKind })),
  posts: Type.Array(OrgPost),
  termYears: TermYears,
  dissolved: Type.Union([
    Type.Object({ at: Type.String({ format: 'date-time' }), reason: Type.String() }),
    Type.Null(),
  ]),
  dissolvedChildren: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      kind: OrgKind,
      dissolvedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  history: Type.Array(OrgHistoryEntry),
  /** Whether the caller may rename, move, dissolve it and appoint its officers. */
  canManage: Type.Boolean(),
});
export type OrgDetail = Static<typeof OrgDetail>;

/** A party role of the signed-in account: a post held, or plain membership (post null). */
export const PartyRole = Type.Object({
  orgId: Uuid,
  orgName: Type.String(),
  orgKind: OrgKind,
  post: Type.Union([Post, Type.Null()]),
  termStartedOn: Type.Union([CalendarDate, Type.Null()]),
});
export type PartyRole = Static<typeof PartyRole>;

export const MyRoles = Type.Object({
  roles: Type.Array(PartyRole),
  /** Organisations whose structure the caller may change (higher levels manage down). */
  manages: Type.Array(Uuid),
  /** Organisations the caller leads: new sub-organisations may be created under them. */
  leads: Type.Array(Uuid),
  /** True for the system administrator: the whole tree is theirs to set up. */
  managesAll: Type.Boolean(),
});
export type MyRoles = Static<typeof MyRoles>;
