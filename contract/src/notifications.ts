import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/**
 * The notification list (通知): one row per recipient account for a mention, a reply, a notice
 * (通知公告) or a reminder about one. Other modules create them through the notifications
 * service; the list only shows, counts and marks them read.
 */
export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'notice',
  'notice_reminder',
  'talk',
] as const;
export const NotificationKindSchema = Type.Enum(NOTIFICATION_KINDS);
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * An app path: one leading `/`, not `//` or `/\` (those leave the site), no control
 * characters or spaces. The web app navigates to it when the notification is opened.
 */
export const APP_LINK_PATTERN = '^/(?![/\\\\])[^\\s\\u0000-\\u001f\\u007f]*$';
export const isAppLink = (link: string): boolean =>
  link.length <= 500 && new RegExp(APP_LINK_PATTERN).test(link);

export const Notification = Type.Object({
  id: Uuid,
  kind: NotificationKindSchema,
  title: Type.String(),
  excerpt: Type.String(),
  link: Type.String({ description: 'A web app path, starting with /' }),
  /** The record it is about (a notice, a message): lets a screen mark it read when opened. */
  sourceId: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Notification = Static<typeof Notification>;

export const NotificationListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'Only the unread ones' })),
    before: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,18}$', description: 'Cursor: older than this position' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `before` for the next (older) page; null at the end',
  }),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) });
export type UnreadCount = Static<typeof UnreadCount>;

/** Either the listed notifications or all of the caller's: exactly one of the two. */
export const MarkNotificationsRead = Type.Union([
  Type.Object(
    { ids: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true }) },
    { additionalProperties: false },
  ),
  Type.Object({ all: Type.Literal(true) }, { additionalProperties: false }),
]);
export type MarkNotificationsRead = Static<typeof MarkNotificationsRead>;

/** Payload of the `notification.created` event: enough to refresh the bell and show a toast. */
export const NotificationCreatedPayload = Type.Object({
  kind: NotificationKindSchema,
  title: Type.String(),
  excerpt: Type.String(),
  link: Type.String(),
  sourceId: Type.String(),
});
export type NotificationCreatedPayload = Static<typeof NotificationCreatedPayload>;
