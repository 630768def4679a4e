import { Type, type Static } from 'typebox';
import { CalendarDate, Uuid } from './common.ts';
import { PHONE_PATTERN } from './id-card.ts';

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
  idCardMasked: Type.Union([Type.String(), Type.Null()], {
    description: 'ID card number with all but the first three and last four hidden',
  }),
  phoneMasked: Type.Union([Type.String(), Type.Null()], { description: 'e.g. 138****5678' }),
});
export type Member = Static<typeof Member>;

/** One member, with what the caller may do to the record. */
export const MemberDetail = Type.Object({
  member: Member,
  may: Type.Object({
    /** See the ID card number and phone in the clear (an audited action). */
    reveal: Type.Boolean(),
    edit: Type.Boolean(),
    /** Start a transfer to another branch (组织关系转接). */
    transfer: Type.Boolean(),
  }),
});
export type MemberDetail = Static<typeof MemberDetail>;

export const IdCardNumber = Type.String({
  pattern: '^[1-9][0-9]{16}[0-9Xx]$',
  description: '公民身份号码, 18 characters (GB 11643)',
});
export const PhoneNumber = Type.String({
  pattern: PHONE_PATTERN,
  description: 'Mobile (11 digits) or landline with area code',
});
const Optional = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t);
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const PROFILE = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  gender: Gender,
  ethnicity: Optional(Type.String({ minLength: 1, maxLength: 20 })),
  birthDate: Optional(nullable(CalendarDate)),
  education: Optional(nullable(Type.String({ maxLength: 40 }))),
  unit: Optional(nullable(Type.String({ maxLength: 100 }))),
  job: Optional(nullable(Type.String({ maxLength: 100 }))),
  joinedOn: Optional(nullable(CalendarDate)),
  fullMemberOn: Optional(nullable(CalendarDate)),
  status: MemberStatus,
  condition: Optional(MemberCondition),
  groupId: Optional(nullable(Uuid)),
  idCard: Optional(nullable(IdCardNumber)),
  phone: Optional(nullable(PhoneNumber)),
};

export const CreateMemberRequest = Type.Object(
  { ...PROFILE, branchId: Uuid },
  { additionalProperties: false },
);
export type CreateMemberRequest = Static<typeof CreateMemberRequest>;

/** Every field optional; null clears. The branch changes only through a transfer. */
export const UpdateMemberRequest = Type.Object(
  {
    ...PROFILE,
    name: Optional(PROFILE.name),
    gender: Optional(Gender),
    status: Optional(MemberStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMemberRequest = Static<typeof UpdateMemberRequest>;

export const SENSITIVE_FIELDS = ['idCard', 'phone'] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];
export const RevealRequest = Type.Object(
  { field: Type.Enum(SENSITIVE_FIELDS) },
  { additionalProperties: false },
);
export type RevealRequest = Static<typeof RevealRequest>;
export const RevealResponse = Type.Object({
  field: Type.Enum(SENSITIVE_FIELDS),
  value: Type.Union([Type.String(), Type.Null()]),
});
export type RevealResponse = Static<typeof RevealResponse>;

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
  /** What the caller may do with this organisation's roster. */
  may: Type.Object({
    /** Add members (a branch whose roster they keep, or the system administrator). */
    add: Type.Boolean(),
    /** Import a roster file for this organisation and below. */
    import: Type.Boolean(),
    /** Export with ID card numbers and phones in the clear. */
    exportClear: Type.Boolean(),
  }),
});
export type MemberList = Static<typeof MemberList>;

/** Roster export: ID card numbers and phones are masked unless reveal is asked and allowed. */
export const MemberExportQuery = Type.Object(
  {
    orgId: Uuid,
    reveal: Type.Optional(
      Type.Boolean({ default: false, description: 'Clear personal data (audited)' }),
    ),
  },
  { additionalProperties: false },
);
export type MemberExportQuery = Static<typeof MemberExportQuery>;

export const MemberImportQuery = Type.Object(
  {
    orgId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'Organisation whose branches the file names (default: the whole tree)',
      }),
    ),
    dryRun: Type.Optional(
      Type.Boolean({ default: true, description: 'Check only; write nothing' }),
    ),
  },
  { additionalProperties: false },
);
export type MemberImportQuery = Static<typeof MemberImportQuery>;

export const IMPORT_PROBLEMS = [
  'missing_column',
  'required',
  'too_long',
  'unknown_gender',
  'unknown_status',
  'unknown_condition',
  'bad_date',
  'date_order',
  'id_card_format',
  'id_card_checksum',
  'id_card_birth_date',
  'id_card_birth_date_mismatch',
  'id_card_gender_mismatch',
  'bad_phone',
  'duplicate_in_file',
  'duplicate_existing',
  'unknown_org',
  'ambiguous_org',
  'not_allowed',
  'unknown_group',
  'too_many_rows',
  'empty',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEMS)[number];

export const ImportProblem = Type.Object({
  row: Type.Integer({ description: 'Row number in the sheet (the header is row 1)' }),
  field: Type.String({ description: 'Column key, e.g. idCard' }),
  column: Type.String({ description: 'Column header as in the template, e.g. 身份证号' }),
  problem: Type.Enum(IMPORT_PROBLEMS),
});
export type ImportProblem = Static<typeof ImportProblem>;

export const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer({ description: 'Data rows read' }),
  valid: Type.Integer({ description: 'Rows without problems' }),
  imported: Type.Integer({ description: 'Members written (0 on a dry run or any problem)' }),
  errors: Type.Array(ImportProblem),
});
export type ImportReport = Static<typeof ImportReport>;
