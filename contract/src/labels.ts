import { Type, type Static } from 'typebox';
import { AdminRole } from './identity.ts';
import { Uuid } from './common.ts';

/**
 * 密级标识: a label says how sensitive a piece of content is; an account's clearance says up to
 * which level it may read. The 安全管理员 keeps the catalogue and sets clearances.
 */
export const LabelLevel = Type.Integer({ minimum: 0, maximum: 9 });
export const LabelColour = Type.String({ pattern: '^#[0-9a-fA-F]{6}$' });
export const LabelName = Type.String({ minLength: 1, maxLength: 20 });

export const SecurityLabel = Type.Object({
  id: Uuid,
  name: Type.String(),
  level: Type.Integer(),
  colour: Type.String(),
});
export type SecurityLabel = Static<typeof SecurityLabel>;
export const SecurityLabelList = Type.Array(SecurityLabel);
export type SecurityLabelList = Static<typeof SecurityLabelList>;

export const CreateLabelRequest = Type.Object(
  { name: LabelName, level: LabelLevel, colour: LabelColour },
  { additionalProperties: false },
);
export type CreateLabelRequest = Static<typeof CreateLabelRequest>;

/** A label's level is fixed once created: content will carry it, so only name and colour change. */
export const UpdateLabelRequest = Type.Object(
  { name: Type.Optional(LabelName), colour: Type.Optional(LabelColour) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLabelRequest = Static<typeof UpdateLabelRequest>;

/** Seeded on a new installation: 公开 0, 内部 1, 敏感 2. */
export const DEFAULT_LABELS: readonly Omit<SecurityLabel, 'id'>[] = [
  { name: '公开', level: 0, colour: '#52c41a' },
  { name: '内部', level: 1, colour: '#1677ff' },
  { name: '敏感', level: 2, colour: '#fa8c16' },
];
/** An account nobody has set a clearance for reads up to 内部. */
export const DEFAULT_CLEARANCE = 1;

export const AccountClearance = Type.Object({
  userId: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  adminRole: Type.Union([AdminRole, Type.Null()]),
  level: Type.Integer(),
});
export type AccountClearance = Static<typeof AccountClearance>;
export const AccountClearanceList = Type.Array(AccountClearance);
export type AccountClearanceList = Static<typeof AccountClearanceList>;

export const ClearanceUpdate = Type.Object({ level: LabelLevel }, { additionalProperties: false });
export type ClearanceUpdate = Static<typeof ClearanceUpdate>;
