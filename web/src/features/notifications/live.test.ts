import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { refreshForEvent } from './live.ts';

/** Which of the cached queries an event marks stale. */
function staleAfter(type: string): string[] {
  const client = new QueryClient();
  for (const key of [
    ['notifications', 'unread-count'],
    ['notifications', 'list'],
    ['notices', 'list'],
    ['members', 'list'],
  ]) {
    client.setQueryData(key, {});
  }
  refreshForEvent(client, type);
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.isStale() && q.state.isInvalidated)
    .map((q) => q.queryKey.join('/'))
    .sort();
}

describe('live events', () => {
  it('refresh the bell and the notices for what concerns them, nothing else', () => {
    expect(staleAfter('notification.created')).toEqual([
      'notices/list',
      'notifications/list',
      'notifications/unread-count',
    ]);
    expect(staleAfter('notification.read')).toEqual([
      'notifications/list',
      'notifications/unread-count',
    ]);
    expect(staleAfter('notice.receipt')).toEqual(['notices/list']);
    expect(staleAfter('notice.withdrawn')).toEqual([
      'notices/list',
      'notifications/list',
      'notifications/unread-count',
    ]);
    expect(staleAfter('exchange.message')).toEqual([]);
  });
});
