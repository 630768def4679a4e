import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateMemberRequest,
  MemberListQuery,
  SensitiveField,
  UpdateMemberRequest,
} from '@tongxin/contract';
import {
  createMember,
  getMember,
  listMembers,
  revealMemberField,
  updateMember,
} from '../../api/members.ts';

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

/** Lists, details and organisation counts all change when a record does. */
function useInvalidateMembers() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['members'] }),
      client.invalidateQueries({ queryKey: ['orgs'] }),
    ]);
}

export function useCreateMember() {
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: (body: CreateMemberRequest) => createMember(body),
    onSuccess: invalidate,
  });
}

export function useUpdateMember(id: string) {
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: (body: UpdateMemberRequest) => updateMember(id, body),
    onSuccess: invalidate,
  });
}

/** Clear values are never cached: each reveal is a deliberate, audited request. */
export const useRevealMember = (id: string) =>
  useMutation({ mutationFn: (field: SensitiveField) => revealMemberField(id, field) });
