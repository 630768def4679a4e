import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  getPresence,
  RealtimeClient,
  ResumePoints,
  type RealtimeHandler,
  type RealtimeStatus,
} from '../api/realtime.ts';
import { ME_KEY } from '../features/auth/use-me.ts';

/** One connection per tab, whatever mounts and unmounts; resume points outlive sign-outs. */
const points = new ResumePoints();
let tabClient: RealtimeClient | null = null;

const RealtimeContext = createContext<RealtimeClient | null>(null);

/**
 * Connects the tab as the signed-in account for as long as it is mounted (inside the auth
 * guard); null while the account owes a password change or second factor (the server
 * refuses its upgrade). A pruned feed reloads every query; an ended session sends the
 * guard to sign-in.
 */
export function RealtimeProvider({
  accountId,
  children,
}: {
  accountId: string | null;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [client] = useState(() => {
    tabClient ??= new RealtimeClient(
      {
        onResync: () => void queryClient.invalidateQueries(),
        onSessionEnded: () => queryClient.setQueryData(ME_KEY, null),
      },
      points,
    );
    return tabClient;
  });
  useEffect(() => {
    if (!accountId) return;
    client.start(accountId);
    return () => client.stop();
  }, [client, accountId]);
  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeClient {
  const client = useContext(RealtimeContext);
  if (!client) throw new Error('useRealtime is only available inside RealtimeProvider');
  return client;
}

export function useRealtimeStatus(): RealtimeStatus {
  const client = useRealtime();
  return useSyncExternalStore(
    (onChange) => client.onStatus(onChange),
    () => client.getStatus(),
  );
}

/** Calls the latest `handler` for every event whose type matches `typePrefix`. */
export function useRealtimeEvent(typePrefix: string, handler: RealtimeHandler): void {
  const client = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () => client.subscribe(typePrefix, (message) => latest.current(message)),
    [client, typePrefix],
  );
}

/** Marks the queries under `keys` stale whenever an event matching `typePrefix` arrives. */
export function useInvalidateOnEvent(typePrefix: string, keys: readonly QueryKey[]): void {
  const queryClient = useQueryClient();
  useRealtimeEvent(typePrefix, () => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  });
}

/**
 * Which of these accounts are online: asked over HTTP at once and every minute (a crashed
 * node's accounts are not announced), kept current by presence frames in between.
 */
export function usePresence(accountIds: readonly string[]): ReadonlySet<string> {
  const client = useRealtime();
  const key = [...new Set(accountIds)].sort().join(',');
  const [online, setOnline] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    const ids = key ? key.split(',') : [];
    if (ids.length === 0) return;
    const wanted = new Set(ids);
    let live = true;
    const off = client.onPresence((change) => {
      if (!wanted.has(change.accountId)) return;
      setOnline((prev) => {
        const next = new Set(prev);
        if (change.online) next.add(change.accountId);
        else next.delete(change.accountId);
        return next;
      });
    });
    const unwatch = client.watchPresence(ids);
    const refresh = () =>
      getPresence(ids).then(
        (answer) => live && setOnline(new Set(answer.online)),
        () => undefined,
      );
    void refresh();
    const timer = setInterval(() => void refresh(), 60_000);
    return () => {
      live = false;
      off();
      unwatch();
      clearInterval(timer);
    };
  }, [client, key]);
  return online;
}

/** A small tag in the header while the connection is being re-established. */
export function RealtimeIndicator() {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  if (status !== 'reconnecting') return null;
  return (
    <Tag color="warning" data-testid="realtime-reconnecting" role="status">
      {t('realtime.reconnecting')}
    </Tag>
  );
}
