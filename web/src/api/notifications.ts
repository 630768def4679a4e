import type {
  MarkNotificationsRead,
  NotificationListQuery,
  NotificationPage,
  UnreadCount,
} from '@tongxin/contract';
import { api } from './client.ts';

export const listNotifications = (query: NotificationListQuery, signal?: AbortSignal) =>
  api.get<NotificationPage>('/notifications', { query: { ...query }, signal });

export const notificationUnreadCount = (signal?: AbortSignal) =>
  api.get<UnreadCount>('/notifications/unread-count', { signal });

export const markNotificationsRead = (body: MarkNotificationsRead) =>
  api.post<UnreadCount>('/notifications/read', body);
