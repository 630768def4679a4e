import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NoticeListQuery, SendNoticeRequest } from '@tongxin/contract';
import {
  acknowledgeNotice,
  getNotice,
  listNotices,
  noticeCandidates,
  noticeTargets,
  noticeTracking,
  readNotice,
  remindNotice,
  sendNotice,
  withdrawNotice,
} from '../../api/notices.ts';
import { NOTIFICATIONS_KEY } from '../notifications/use-notifications.ts';

const KEY = 'notices';

/** Lists and receipts change while a screen is open: refetch on focus and now and then. */
const LIVE = { refetchOnWindowFocus: true, refetchInterval: 60_000, staleTime: 5_000 } as const;

export const useNoticeList = (query: NoticeListQuery) =>
  useQuery({
    queryKey: [KEY, 'list', query],
    queryFn: ({ signal }) => listNotices(query, signal),
    ...LIVE,
  });

export const useNotice = (id: string) =>
  useQuery({ queryKey: [KEY, 'one', id], queryFn: ({ signal }) => getNotice(id, signal), ...LIVE });

export const useNoticeTracking = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [KEY, 'tracking', id],
    queryFn: ({ signal }) => noticeTracking(id, signal),
    enabled,
    ...LIVE,
    refetchInterval: 20_000,
  });

/** Where the caller may send; empty for everyone but officers: no composer. */
export const useNoticeTargets = () =>
  useQuery({
    queryKey: [KEY, 'targets'],
    queryFn: noticeTargets,
    staleTime: 5 * 60_000,
  });

export const useNoticeCandidates = (orgId: string | undefined) =>
  useQuery({
    queryKey: [KEY, 'candidates', orgId],
    queryFn: () => noticeCandidates(orgId ?? ''),
    enabled: orgId !== undefined,
  });

function useInvalidate() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: [KEY] }),
      client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
    ]);
}

export function useSendNotice() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: SendNoticeRequest) => sendNotice(body),
    onSuccess: invalidate,
  });
}

export type NoticeAction =
  | { kind: 'read' | 'acknowledge' | 'remind'; id: string }
  | { kind: 'withdraw'; id: string; reason: string };

export function useNoticeAction() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (action: NoticeAction): Promise<number | null> => {
      switch (action.kind) {
        case 'read':
          await readNotice(action.id);
          return null;
        case 'acknowledge':
          await acknowledgeNotice(action.id);
          return null;
        case 'remind':
          return (await remindNotice(action.id)).reminded;
        case 'withdraw':
          await withdrawNotice(action.id, action.reason);
          return null;
      }
    },
    onSuccess: invalidate,
  });
}
