import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrgLifeListQuery, RectificationListQuery } from '@tongxin/contract';
import {
  cycleMembers,
  criticismRecord,
  getMeeting,
  getReport,
  listMeetings,
  listOpinions,
  listRectifications,
  orgLifeActivities,
  orgLifeTargets,
} from '../../api/orglife.ts';

export const ORGLIFE_KEY = 'orglife';

export const useMeetings = (query: OrgLifeListQuery) =>
  useQuery({
    queryKey: [ORGLIFE_KEY, 'list', query],
    queryFn: ({ signal }) => listMeetings(query, signal),
  });

/** Branches where the caller may open a cycle: empty for plain members (no "new" button). */
export const useOrgLifeTargets = () =>
  useQuery({ queryKey: [ORGLIFE_KEY, 'targets'], queryFn: orgLifeTargets, staleTime: 5 * 60_000 });

export const useMeeting = (id: string) =>
  useQuery({ queryKey: [ORGLIFE_KEY, 'one', id], queryFn: ({ signal }) => getMeeting(id, signal) });

export const useCycleMembers = (id: string) =>
  useQuery({
    queryKey: [ORGLIFE_KEY, 'members', id],
    queryFn: ({ signal }) => cycleMembers(id, signal),
  });

export const useOpinions = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [ORGLIFE_KEY, 'opinions', id],
    queryFn: ({ signal }) => listOpinions(id, signal),
    enabled,
  });

export const useCriticismRecord = (id: string, memberId: string | null) =>
  useQuery({
    queryKey: [ORGLIFE_KEY, 'criticisms', id, memberId],
    queryFn: ({ signal }) => criticismRecord(id, memberId ?? '', signal),
    enabled: memberId !== null,
  });

export const useRectifications = (id: string, query: RectificationListQuery) =>
  useQuery({
    queryKey: [ORGLIFE_KEY, 'rect', id, query],
    queryFn: ({ signal }) => listRectifications(id, query, signal),
  });

export const useReport = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [ORGLIFE_KEY, 'report', id],
    queryFn: ({ signal }) => getReport(id, signal),
    enabled,
  });

/** Any write: every view of the module refetches (counts, lists and the report move together). */
export function useOrgLifeMutation<A, R>(fn: (args: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: [ORGLIFE_KEY] }),
  });
}

/** Org life meeting activities of a branch, for linking one (empty until a branch is chosen). */
export const useOrgLifeActivities = (orgId: string | undefined) =>
  useQuery({
    queryKey: [ORGLIFE_KEY, 'activities', orgId],
    queryFn: ({ signal }) => orgLifeActivities(orgId ?? '', signal),
    enabled: orgId !== undefined,
  });
