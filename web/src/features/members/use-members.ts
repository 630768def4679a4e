import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MemberListQuery } from '@tongxin/contract';
import { getMember, listMembers } from '../../api/members.ts';

export const useMemberListQuery = (orgId: string | undefined, query: MemberListQuery) =>
  useQuery({
    queryKey: ['members', 'list', orgId, query],
    queryFn: ({ signal }) => listMembers(orgId ?? '', query, signal),
    enabled: orgId !== undefined,
    // The table keeps showing the previous page while the next one loads, instead of flashing.
    placeholderData: keepPreviousData,
  });

export const useMemberQuery = (id: string | undefined) =>
  useQuery({
    queryKey: ['members', 'detail', id],
    queryFn: () => getMember(id ?? ''),
    enabled: id !== undefined,
  });
