import { Type, type Static } from 'typebox';
import { CalendarDate, Uuid } from './common.ts';

/** The development path: 入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员 */
export const MEMBER_STATUSES = [
  'applicant',
  'activist',
  'candidate',
  'probationary',
  'full',
] as const;
export const MemberStatus = Type.Enum(MEMBER_STATUSES);
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** 正常 / 流动党员(外出) / 流动党员(流入) / 失联 / 停止党籍 / 已出党 / 已故 */
export const MEMBER_CONDITIONS = [
  'normal',
  'mobile_out',
  'mobile_in',
  'lost_contact',
  'suspended',
  'left',
  'deceased',
] as const;
export const MemberCondition = Type.Enum(MEMBER_CONDITIONS);
export type MemberCondition = (typeof MEMBER_CONDITIONS)[number];

export const GENDERS = ['male', 'female'] as const;
export const Gender = Type.Enum(GENDERS);
export type Gender = (typeof GENDERS)[number];

export const Member = Type.Object({
  id: Uuid,
  name: Type.String(),
  gender: Gender,
  ethnicity: Type.String(),
  birthDate: Type.Union([CalendarDate, Type.Null()]),
  education: Type.Union([Type.String(), Type.Null()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  job: Type.Union([Type.String(), Type.Null()]),
  joinedOn: Type.Union([CalendarDate, Type.Null()]),
  fullMemberOn: Type.Union([CalendarDate, Type.Null()]),
  status: MemberStatus,
  condition: MemberCondition,
  branchId: Uuid,
  branchName: Type.String(),
  groupId: Type.Union([Uuid, Type.Null()]),
  groupName: Type.Union([Type.String(), Type.Null()]),
});
export type Member = Static<typeof Member>;

export const MemberListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64, description: 'Part of the name' })),
    status: Type.Optional(MemberStatus),
    condition: Type.Optional(MemberCondition),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type MemberListQuery = Static<typeof MemberListQuery>;

export const MemberList = Type.Object({
  items: Type.Array(Member),
  total: Type.Integer(),
});
export type MemberList = Static<typeof MemberList>;
