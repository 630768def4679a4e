import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActivityCalendarQuery,
  ActivityCandidatesQuery,
  ActivityListQuery,
} from '@tongxin/contract';
import {
  activityCalendar,
  activityCandidates,
  activityTargets,
  activityVersion,
  activityVersions,
  getActivity,
  listActivities,
  partnerOrgs,
  signInCode,
} from '../../api/activities.ts';

export const ACTIVITIES_KEY = ['activities'] as const;

/** Attendance and leave change while a screen is open: refetch on focus and now and then. */
const LIVE = { refetchOnWindowFocus: true, refetchInterval: 60_000, staleTime: 5_000 } as const;

export const useActivityList = (query: ActivityListQuery) =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'list', query],
    queryFn: ({ signal }) => listActivities(query, signal),
    ...LIVE,
  });

export const useActivityCalendar = (query: ActivityCalendarQuery) =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'calendar', query],
    queryFn: ({ signal }) => activityCalendar(query, signal),
    ...LIVE,
  });

export const useActivity = (
  id: string,
  { live = false, enabled = true }: { live?: boolean; enabled?: boolean } = {},
) =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'one', id],
    queryFn: ({ signal }) => getActivity(id, signal),
    enabled,
    ...LIVE,
    // While the officer shows the QR code, the sheet fills as members scan it.
    ...(live ? { refetchInterval: 5_000 } : {}),
  });

/** Where the caller may plan activities; empty for everyone but officers. */
export const useActivityTargets = () =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'targets'],
    queryFn: activityTargets,
    staleTime: 5 * 60_000,
  });

export const useActivityCandidates = (query: ActivityCandidatesQuery | null) =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'candidates', query],
    queryFn: () => (query ? activityCandidates(query) : Promise.resolve([])),
    enabled: query !== null,
    staleTime: 60_000,
  });

export const usePartnerOrgs = (orgId: string | undefined) =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'partners', orgId],
    queryFn: () => partnerOrgs(orgId ?? ''),
    enabled: orgId !== undefined,
    staleTime: 5 * 60_000,
  });

/**
 * The rotating code behind the QR: fetched again when the current one expires, so the picture
 * changes as the server's code does.
 */
export const useSignInCode = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'sign-in-code', id],
    queryFn: ({ signal }) => signInCode(id, signal),
    enabled,
    staleTime: 0,
    gcTime: 0,
    refetchInterval: (query) => {
      const expiresAt = query.state.data?.expiresAt;
      if (!expiresAt) return 10_000;
      // A little after the expiry, never faster than once a second.
      return Math.max(1_000, new Date(expiresAt).getTime() - Date.now() + 300);
    },
    refetchIntervalInBackground: false,
  });

export const useActivityVersions = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'versions', id],
    queryFn: ({ signal }) => activityVersions(id, signal),
    enabled,
  });

export const useActivityVersion = (id: string, version: number | null) =>
  useQuery({
    queryKey: [...ACTIVITIES_KEY, 'version', id, version],
    queryFn: ({ signal }) => activityVersion(id, version ?? 1, signal),
    enabled: version !== null,
    staleTime: Infinity,
  });

/** A write on one activity; afterwards every activity view refetches. */
export function useActivityMutation<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ACTIVITIES_KEY }),
  });
}
