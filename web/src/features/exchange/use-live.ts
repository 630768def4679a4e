import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { TYPING_EVENT } from '@tongxin/contract';
import { useRealtime, useRealtimeEvent } from '../../app/realtime.tsx';
import { refreshForEvent } from '../notifications/live.ts';
import { applyExchangeEvent } from './live.ts';
import { exchangeKeys } from './use-exchange.ts';
import { parseTypingPayload, typingStore } from './typing.ts';

/**
 * Keeps the exchange's caches live for the signed-in account: `exchange.` events (stored
 * ones and the transient typing notices), and `notification.` / `notice.` events, which
 * refresh the bell and the notices screens (features/notifications/live.ts decides what).
 */
export function useExchangeLive(me: string): void {
  const client = useQueryClient();
  useRealtimeEvent('exchange.', (event) => {
    if (event.type === TYPING_EVENT) {
      const typing = parseTypingPayload(event.payload);
      if (typing && typing.typist.accountId !== me) {
        typingStore.note(typing.spaceId, typing.topicId, typing.typist);
      }
      return;
    }
    applyExchangeEvent(client, event.type, event.payload, me);
  });
  // A transfer moved the member: the spaces that follow the roster (and rights in them) changed.
  useRealtimeEvent(
    'membership.',
    () => void client.invalidateQueries({ queryKey: exchangeKeys.all }),
  );
  useRealtimeEvent('notification.', (event) => refreshForEvent(client, event.type));
  useRealtimeEvent('notice.', (event) => refreshForEvent(client, event.type));
}

/** Sends "typing in this topic" to the space's other members (the composer throttles it). */
export function useSendTyping(): (spaceId: string, topicId: string) => void {
  const realtime = useRealtime();
  return useCallback(
    (spaceId: string, topicId: string) => {
      realtime.sendClientMessage('typing', { spaceId, topicId });
    },
    [realtime],
  );
}
