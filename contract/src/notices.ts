import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';
import { OrgKind } from './orgs.ts';

/**
 * 通知公告: an officer sends a notice to an organisation (optionally its whole subtree) or to
 * chosen members under it. Recipients are fixed at send time; each one's read and
 * acknowledged (确认收到) state is kept, and the sender and the organisation's officers track it.
 */
const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const NOTICE_TITLE_MAX = 120;
export const NOTICE_BODY_MAX = 20_000;
/** One reminder per notice within this many seconds: a reminder is a nudge, not a siren. */
export const NOTICE_REMIND_INTERVAL_SECONDS = 600;

export const SendNoticeRequest = Type.Object(
  {
    title: Type.String({ minLength: 2, maxLength: NOTICE_TITLE_MAX }),
    body: Type.String({
      minLength: 1,
      maxLength: NOTICE_BODY_MAX,
      description: 'Message Markdown (see docs/messages-markdown.md)',
    }),
    /** The organisation it is sent in the name of; recipients are at or below it. */
    orgId: Uuid,
    /** With no memberIds: everyone in the organisation, and with this, everyone below it. */
    includeSubtree: Type.Optional(Type.Boolean({ default: false })),
    /** Only these members (within the organisation's subtree), instead of everyone. */
    memberIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 2000, uniqueItems: true })),
    requiresAck: Type.Optional(Type.Boolean({ default: false })),
    deadline: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type SendNoticeRequest = Static<typeof SendNoticeRequest>;

export const WithdrawNoticeRequest = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
export type WithdrawNoticeRequest = Static<typeof WithdrawNoticeRequest>;

export const NoticeCounts = Type.Object({
  recipients: Type.Integer(),
  read: Type.Integer(),
  acknowledged: Type.Integer(),
});
export type NoticeCounts = Static<typeof NoticeCounts>;

/** One notice as a list line or a detail page; `bodyHtml` is sanitised HTML, safe to insert. */
export const Notice = Type.Object({
  id: Uuid,
  title: Type.String(),
  /** Empty for a recipient once withdrawn: the record stays for the archive and its officers. */
  bodyHtml: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  includeSubtree: Type.Boolean(),
  /** True when sent to chosen members rather than everyone in the organisation. */
  chosenMembers: Type.Boolean(),
  requiresAck: Type.Boolean(),
  deadline: Stamp,
  senderName: Type.String(),
  sentAt: Type.String({ format: 'date-time' }),
  withdrawnAt: Stamp,
  withdrawnByName: Type.Union([Type.String(), Type.Null()]),
  withdrawReason: Type.Union([Type.String(), Type.Null()]),
  /** The caller's own receipt, when the caller is a recipient. */
  mine: Type.Union([Type.Object({ readAt: Stamp, acknowledgedAt: Stamp }), Type.Null()]),
  /** Receipt counts, for those who may track it; null for plain recipients. */
  counts: Type.Union([NoticeCounts, Type.Null()]),
  may: Type.Object({ track: Type.Boolean(), withdraw: Type.Boolean() }),
});
export type Notice = Static<typeof Notice>;

export const NOTICE_BOXES = ['inbox', 'sent'] as const;
export const NoticeListQuery = Type.Object(
  {
    /** inbox: notices the caller received; sent: the ones the caller may track. */
    box: Type.Optional(Type.Enum(NOTICE_BOXES, { default: 'inbox' })),
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type NoticeListQuery = Static<typeof NoticeListQuery>;

export const NoticeList = Type.Object({
  items: Type.Array(Notice),
  total: Type.Integer(),
  /** Unread notices in the inbox (whatever the box asked for). */
  unread: Type.Integer(),
});
export type NoticeList = Static<typeof NoticeList>;

export const NoticeReceipt = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  branchName: Type.String(),
  readAt: Stamp,
  acknowledgedAt: Stamp,
  remindedAt: Stamp,
});
export type NoticeReceipt = Static<typeof NoticeReceipt>;

/** The tracking view: every recipient's receipt, and when the next reminder may go. */
export const NoticeTracking = Type.Object({
  counts: NoticeCounts,
  receipts: Type.Array(NoticeReceipt),
  lastRemindedAt: Stamp,
  nextRemindAt: Stamp,
});
export type NoticeTracking = Static<typeof NoticeTracking>;

export const NoticeReminded = Type.Object({ reminded: Type.Integer() });
export type NoticeReminded = Static<typeof NoticeReminded>;

/** Where the caller may send: organisations in their scope, with a path for the picker. */
export const NoticeTarget = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: OrgKind,
  path: Type.String(),
  hasChildren: Type.Boolean(),
});
export type NoticeTarget = Static<typeof NoticeTarget>;
export const NoticeTargets = Type.Array(NoticeTarget);

export const NoticeCandidatesQuery = Type.Object({ orgId: Uuid }, { additionalProperties: false });
export type NoticeCandidatesQuery = Static<typeof NoticeCandidatesQuery>;

/** Members with an account under an organisation: who the composer can pick. */
export const NoticeCandidate = Type.Object({
  memberId: Uuid,
  name: Type.String(),
  branchName: Type.String(),
});
export type NoticeCandidate = Static<typeof NoticeCandidate>;
export const NoticeCandidates = Type.Array(NoticeCandidate);

export const NoticePreviewRequest = Type.Object(
  { body: Type.String({ maxLength: NOTICE_BODY_MAX }) },
  { additionalProperties: false },
);
export const NoticePreview = Type.Object({ html: Type.String() });
export type NoticePreview = Static<typeof NoticePreview>;
