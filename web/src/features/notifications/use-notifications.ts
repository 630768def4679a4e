import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MarkNotificationsRead } from '@tongxin/contract';
import {
  listNotifications,
  markNotificationsRead,
  notificationUnreadCount,
} from '../../api/notifications.ts';

export const NOTIFICATIONS_KEY = ['notifications'] as const;

/**
 * The bell's count: refreshed when the window regains focus and every 30 seconds, until live
 * events (notification.created / notification.read) invalidate NOTIFICATIONS_KEY directly.
 */
export const useUnreadCount = () =>
  useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'unread-count'],
    queryFn: ({ signal }) => notificationUnreadCount(signal),
    refetchOnWindowFocus: true,
    refetchInterval: 30_000,
    staleTime: 10_000,
  });

export const useNotificationList = (onlyUnread: boolean, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list', { onlyUnread }],
    queryFn: ({ pageParam, signal }) =>
      listNotifications(
        {
          limit: 20,
          ...(onlyUnread ? { unread: true } : {}),
          ...(pageParam ? { before: pageParam } : {}),
        },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    refetchOnWindowFocus: true,
    staleTime: 5_000,
  });

export function useMarkNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkNotificationsRead) => markNotificationsRead(body),
    onSuccess: (answer) => {
      client.setQueryData([...NOTIFICATIONS_KEY, 'unread-count'], answer);
      return client.invalidateQueries({ queryKey: [...NOTIFICATIONS_KEY, 'list'] });
    },
  });
}
