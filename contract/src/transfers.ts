import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/**
 * 组织关系转接: the sending branch requests, the receiving branch accepts or rejects; the
 * sender may cancel while it is pending. The member stays in the old branch until accepted.
 */
export const TRANSFER_STATES = ['requested', 'accepted', 'rejected', 'cancelled'] as const;
export const TransferState = Type.Enum(TRANSFER_STATES);
export type TransferState = (typeof TRANSFER_STATES)[number];

const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const Transfer = Type.Object({
  id: Uuid,
  memberId: Uuid,
  memberName: Type.String(),
  fromBranchId: Uuid,
  fromBranchName: Type.String(),
  toBranchId: Uuid,
  toBranchName: Type.String(),
  reason: Type.String(),
  state: TransferState,
  requestedByName: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
  decidedByName: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Stamp,
  /** Why it was rejected or cancelled. */
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  may: Type.Object({ accept: Type.Boolean(), cancel: Type.Boolean() }),
});
export type Transfer = Static<typeof Transfer>;

export const TransferList = Type.Object({ items: Type.Array(Transfer), total: Type.Integer() });
export type TransferList = Static<typeof TransferList>;

export const TRANSFER_DIRECTIONS = ['incoming', 'outgoing', 'all'] as const;
export const TransferListQuery = Type.Object(
  {
    orgId: Type.Optional(Uuid),
    direction: Type.Optional(Type.Enum(TRANSFER_DIRECTIONS, { default: 'all' })),
    state: Type.Optional(TransferState),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type TransferListQuery = Static<typeof TransferListQuery>;

export const StartTransferRequest = Type.Object(
  {
    toBranchId: Uuid,
    reason: Type.String({ minLength: 2, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type StartTransferRequest = Static<typeof StartTransferRequest>;

export const AcceptTransferRequest = Type.Object(
  { groupId: Type.Optional(Type.Union([Uuid, Type.Null()])) },
  { additionalProperties: false },
);
export type AcceptTransferRequest = Static<typeof AcceptTransferRequest>;

export const DecisionNoteRequest = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
export type DecisionNoteRequest = Static<typeof DecisionNoteRequest>;

/** A branch a member can be transferred to, named with its path for the picker. */
export const TransferDestination = Type.Object({
  id: Uuid,
  name: Type.String(),
  path: Type.String({ description: 'e.g. 机关党总支 / 机关第一党支部' }),
});
export const TransferDestinations = Type.Array(TransferDestination);
export type TransferDestination = Static<typeof TransferDestination>;
