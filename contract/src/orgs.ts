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

export const OrgDetail = Type.Object({
  organisation: Organisation,
  path: Type.Array(Type.Object({ id: Uuid, name: Type.String(), kind: OrgKind })),
  posts: Type.Array(OrgPost),
});
export type OrgDetail = Static<typeof OrgDetail>;
