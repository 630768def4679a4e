import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScheduleTalkRequest, TalkListQuery } from '@tongxin/contract';
import { useRealtimeEvent } from '../../app/realtime.tsx';
import { NOTIFICATIONS_KEY } from '../notifications/use-notifications.ts';
import {
  cancelTalk,
  confirmTalk,
  getTalk,
  listTalks,
  requestTalkCorrection,
  scheduleTalk,
  talkBranches,
  talkCandidates,
  talkCoverage,
  writeTalkRecord,
} from './api.ts';

const KEY = 'talks';

export const useTalkList = (query: TalkListQuery, enabled = true) =>
  useQuery({
    queryKey: [KEY, 'list', query],
    queryFn: ({ signal }) => listTalks(query, signal),
    enabled,
    refetchOnWindowFocus: true,
  });

/** Opening a talk is audited on the server: fetch it once per visit, not on every focus. */
export const useTalk = (id: string) =>
  useQuery({
    queryKey: [KEY, 'one', id],
    queryFn: ({ signal }) => getTalk(id, signal),
    refetchOnWindowFocus: false,
    staleTime: 60_000,
    retry: false,
  });

export const useTalkCandidates = () =>
  useQuery({ queryKey: [KEY, 'candidates'], queryFn: talkCandidates, staleTime: 60_000 });

/** Branches whose matrix the caller may open; empty for ordinary members. */
export const useTalkBranches = () =>
  useQuery({ queryKey: [KEY, 'branches'], queryFn: talkBranches, staleTime: 5 * 60_000 });

export const useTalkCoverage = (branchId: string | undefined, year: number) =>
  useQuery({
    queryKey: [KEY, 'coverage', branchId, year],
    queryFn: ({ signal }) => talkCoverage(branchId ?? '', year, signal),
    enabled: branchId !== undefined,
  });

function useInvalidate() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: [KEY, 'list'] }),
      client.invalidateQueries({ queryKey: [KEY, 'coverage'] }),
      client.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
    ]);
}

export function useScheduleTalk() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ScheduleTalkRequest) => scheduleTalk(body),
    onSuccess: invalidate,
  });
}

export type TalkAction =
  | { kind: 'record'; record: string }
  | { kind: 'confirm' }
  | { kind: 'correction'; note: string }
  | { kind: 'cancel'; reason: string };

/** Every action answers with the talk as it now is: the detail view takes it without refetching. */
export function useTalkAction(id: string) {
  const client = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (action: TalkAction) => {
      switch (action.kind) {
        case 'record':
          return writeTalkRecord(id, action.record);
        case 'confirm':
          return confirmTalk(id);
        case 'correction':
          return requestTalkCorrection(id, action.note);
        case 'cancel':
          return cancelTalk(id, action.reason);
      }
    },
    onSuccess: async (talk) => {
      client.setQueryData([KEY, 'one', id], talk);
      await invalidate();
    },
  });
}

/**
 * Keeps the talk screens current: a `talk` notification (scheduled, recorded, confirmed,
 * correction asked, cancelled) means the other party changed one, so its lists and that talk
 * are fetched again.
 */
export function useTalksLive(): void {
  const client = useQueryClient();
  useRealtimeEvent('notification.created', (event) => {
    if (event.payload.kind !== 'talk') return;
    void client.invalidateQueries({ queryKey: [KEY, 'list'] });
    void client.invalidateQueries({ queryKey: [KEY, 'coverage'] });
    const sourceId = event.payload.sourceId;
    if (typeof sourceId === 'string') {
      void client.invalidateQueries({ queryKey: [KEY, 'one', sourceId] });
    }
  });
}
