import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ArchiveExportRequest, ArchiveListQuery } from '@tongxin/contract';
import {
  archiveOverview,
  archiveTopic,
  getArchiveEntry,
  getArchiveExport,
  listArchive,
  listArchiveExports,
  makeCheckpoint,
  startArchiveExport,
  verifyWholeArchive,
} from '../../api/archive.ts';

const KEY = 'archive';

/** What the caller may browse; a 403 (not a reader) is an answer, not an error to retry. */
export const useArchiveOverview = (enabled = true) =>
  useQuery({
    queryKey: [KEY, 'overview'],
    queryFn: ({ signal }) => archiveOverview(signal),
    enabled,
    retry: false,
    staleTime: 60_000,
  });

export const useArchiveList = (query: ArchiveListQuery, enabled: boolean) =>
  useQuery({
    queryKey: [KEY, 'list', query],
    queryFn: ({ signal }) => listArchive(query, signal),
    enabled,
  });

export const useArchiveEntry = (id: string | null) =>
  useQuery({
    queryKey: [KEY, 'entry', id],
    queryFn: ({ signal }) => getArchiveEntry(id ?? '', signal),
    enabled: id !== null,
  });

export function useMakeCheckpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: makeCheckpoint,
    onSuccess: () => client.invalidateQueries({ queryKey: [KEY] }),
  });
}

export const useVerifyWholeArchive = () => useMutation({ mutationFn: verifyWholeArchive });

export function useArchiveTopic() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ topicId, note }: { topicId: string; note?: string }) =>
      archiveTopic(topicId, note),
    onSuccess: () => client.invalidateQueries({ queryKey: [KEY] }),
  });
}

export const useArchiveExports = (enabled: boolean) =>
  useQuery({
    queryKey: [KEY, 'exports'],
    queryFn: ({ signal }) => listArchiveExports(signal),
    enabled,
  });

/** One export's progress, polled every second while it runs. */
export const useArchiveExport = (id: string | null) =>
  useQuery({
    queryKey: [KEY, 'export', id],
    queryFn: ({ signal }) => getArchiveExport(id ?? '', signal),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });

export function useStartExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ArchiveExportRequest) => startArchiveExport(body),
    onSuccess: () => client.invalidateQueries({ queryKey: [KEY, 'exports'] }),
  });
}
