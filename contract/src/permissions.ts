import { Type, type Static } from 'typebox';
import { POSTS, Post } from './orgs.ts';

/**
 * What a party post may do, within the organisation it serves and everything below it. The
 * 安全管理员 decides which posts carry each capability; the scope (higher levels see down,
 * never sideways) is fixed in code and not configurable.
 */
export const CAPABILITIES = [
  'reveal_personal',
  'export_clear',
  'import_roster',
  'edit_members',
  'transfer_members',
  'manage_orgs',
  'send_notices',
  'manage_evaluation',
  'oversee_talks',
  'manage_org_life',
  'manage_activities',
  'read_archive',
] as const;
export const Capability = Type.Enum(CAPABILITIES);
export type Capability = (typeof CAPABILITIES)[number];

const ROSTER_KEEPERS: readonly Post[] = ['secretary', 'deputy_secretary', 'organisation_officer'];
/** Every post of a branch committee (支部委员会); party group leaders are not among them. */
const BRANCH_COMMITTEE: readonly Post[] = [
  'secretary',
  'deputy_secretary',
  'organisation_officer',
  'publicity_officer',
  'discipline_officer',
  'committee_member',
];

/** Today's rules, as they were hard-coded before the matrix: the branch leaders keep the roster. */
export const DEFAULT_PERMISSIONS: Readonly<Record<Capability, readonly Post[]>> = {
  reveal_personal: ROSTER_KEEPERS,
  export_clear: ROSTER_KEEPERS,
  import_roster: ROSTER_KEEPERS,
  edit_members: ROSTER_KEEPERS,
  transfer_members: ROSTER_KEEPERS,
  manage_orgs: ROSTER_KEEPERS,
  // 通知公告: the whole branch committee sends notices; party group leaders do not.
  send_notices: BRANCH_COMMITTEE,
  // 民主评议党员: the branch committee holds the evaluation, as it sends notices.
  manage_evaluation: BRANCH_COMMITTEE,
  // 谈心谈话 are private: read by the leaders and the discipline officer of HIGHER levels only
  // (the talks module applies this capability strictly above the talk's branch).
  oversee_talks: ['secretary', 'deputy_secretary', 'discipline_officer'],
  // 组织生活会: the branch committee runs the cycle and reads the criticism records.
  manage_org_life: BRANCH_COMMITTEE,
  // 组织生活: the branch committee plans activities, keeps attendance and the minutes.
  manage_activities: BRANCH_COMMITTEE,
  // 党建档案: the branch committee reads its organisation's archive and exports packages.
  read_archive: BRANCH_COMMITTEE,
};

const Posts = Type.Array(Post, { maxItems: POSTS.length, uniqueItems: true });

/** The whole matrix: for each capability, the posts that carry it. */
export const PermissionMatrix = Type.Object(
  {
    reveal_personal: Posts,
    export_clear: Posts,
    import_roster: Posts,
    edit_members: Posts,
    transfer_members: Posts,
    manage_orgs: Posts,
    send_notices: Posts,
    manage_evaluation: Posts,
    oversee_talks: Posts,
    manage_org_life: Posts,
    manage_activities: Posts,
    read_archive: Posts,
  },
  { additionalProperties: false },
);
export type PermissionMatrix = Static<typeof PermissionMatrix>;

export const PermissionsView = Type.Object({
  matrix: PermissionMatrix,
  defaults: PermissionMatrix,
});
export type PermissionsView = Static<typeof PermissionsView>;
