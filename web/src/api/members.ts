import type { Member, MemberList, MemberListQuery } from '@tongxin/contract';
import { api } from './client.ts';

export const listMembers = (orgId: string, query: MemberListQuery, signal?: AbortSignal) =>
  api.get<MemberList>(`/orgs/${encodeURIComponent(orgId)}/members`, {
    query: { ...query },
    signal,
  });

export const getMember = (id: string) => api.get<Member>(`/members/${encodeURIComponent(id)}`);
