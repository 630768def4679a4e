import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { AuditExportQuery } from '@tongxin/contract';
import { downloadAuditExport, listAudit, verifyAudit } from '../../api/audit.ts';

const PAGE_SIZE = 50;

/** Newest first; each further page continues from the last entry shown (keyset cursor). */
export const useAuditLog = (filters: AuditExportQuery) =>
  useInfiniteQuery({
    queryKey: ['audit', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      listAudit(
        { ...filters, limit: PAGE_SIZE, ...(pageParam ? { before: pageParam } : {}) },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useVerifyAudit = () => useMutation({ mutationFn: verifyAudit });

export const useExportAudit = () =>
  useMutation({ mutationFn: (filters: AuditExportQuery) => downloadAuditExport(filters) });
