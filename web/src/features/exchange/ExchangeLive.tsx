import { useSignedInUser } from '../auth/signed-in-user.ts';
import { useExchangeLive } from './use-live.ts';

/**
 * Mounted once in the app shell, so exchange caches and unread badges stay current while the
 * member is on other screens too (the message stream is never refetched by itself).
 */
export function ExchangeLive() {
  const me = useSignedInUser();
  useExchangeLive(me.id);
  return null;
}
