import type { QueryClient } from '@tanstack/react-query';
import { NOTIFICATIONS_KEY } from './use-notifications.ts';

/**
 * What a live event (WebSocket or `GET /events?since`) means for these screens: which cached
 * queries to refetch. The real-time client calls this for every event it applies; until then
 * the screens refetch on focus and on a timer.
 */
export function refreshForEvent(client: QueryClient, type: string): void {
  // A withdrawn notice's notifications are marked read on the server.
  if (type.startsWith('notification.') || type === 'notice.withdrawn') {
    void client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  }
  // A new notice arrives as a notification; receipts and withdrawals as notice.* events.
  if (type === 'notification.created' || type.startsWith('notice.')) {
    void client.invalidateQueries({ queryKey: ['notices'] });
  }
}
