import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

export const AUDIT_RESULTS = ['success', 'failure'] as const;
export const AuditResult = Type.Enum(AUDIT_RESULTS);
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** Why verification stopped at an entry. */
export const AUDIT_BREAKS = ['seq_gap', 'prev_hash_mismatch', 'hash_mismatch'] as const;
export type AuditBreak = (typeof AUDIT_BREAKS)[number];

/** Rows one Excel export may hold; narrow the filters for more. */
export const AUDIT_EXPORT_LIMIT = 10_000;

const Text = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, description });

/** Filters shared by the viewer and the export; all optional, combined with AND. */
const filterProperties = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'At or after (ISO 8601)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Before (ISO 8601)' })),
  actor: Type.Optional(Text(100, 'Account id, or part of the actor name')),
  action: Type.Optional(Text(100, 'Action prefix, e.g. auth. or auth.sign_in')),
  objectType: Type.Optional(Text(100, 'Object type, exactly')),
  objectId: Type.Optional(Text(200, 'Object id, exactly')),
  result: Type.Optional(AuditResult),
  ip: Type.Optional(Text(64, 'Source IP, exactly')),
};

export const AuditExportQuery = Type.Object(filterProperties, { additionalProperties: false });
export type AuditExportQuery = Static<typeof AuditExportQuery>;

export const AuditListQuery = Type.Object(
  {
    ...filterProperties,
    before: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,18}$', description: 'Cursor: entries older than this seq' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type AuditListQuery = Static<typeof AuditListQuery>;

export const AuditRecord = Type.Object({
  seq: Type.String({ description: 'Position in the chain (a decimal integer)' }),
  at: Type.String({ description: 'UTC time with microseconds, as hashed' }),
  actorId: Type.Union([Uuid, Type.Null()]),
  actorName: Type.String(),
  actorRole: Type.String(),
  action: Type.String(),
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  result: AuditResult,
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  hash: Type.String({ description: 'SM3 of this entry and the previous hash (hex)' }),
});
export type AuditRecord = Static<typeof AuditRecord>;

export const AuditPage = Type.Object({
  items: Type.Array(AuditRecord),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `before` for the next (older) page; null at the end',
  }),
});
export type AuditPage = Static<typeof AuditPage>;

export const AuditVerifyResult = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Entries whose hash was recomputed' }),
  firstSeq: Type.Union([Type.String(), Type.Null()]),
  lastSeq: Type.Union([Type.String(), Type.Null()]),
  firstBroken: Type.Optional(Type.Object({ seq: Type.String(), reason: Type.Enum(AUDIT_BREAKS) })),
});
export type AuditVerifyResult = Static<typeof AuditVerifyResult>;
