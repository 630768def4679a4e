import type {
  CreateMemberRequest,
  MemberDetail,
  MemberList,
  MemberListQuery,
  RevealResponse,
  SensitiveField,
  UpdateMemberRequest,
} from '@tongxin/contract';
import { api } from './client.ts';

export const listMembers = (orgId: string, query: MemberListQuery, signal?: AbortSignal) =>
  api.get<MemberList>(`/orgs/${encodeURIComponent(orgId)}/members`, {
    query: { ...query },
    signal,
  });

export const getMember = (id: string) =>
  api.get<MemberDetail>(`/members/${encodeURIComponent(id)}`);

export const createMember = (body: CreateMemberRequest) => api.post<MemberDetail>('/members', body);

export const updateMember = (id: string, body: UpdateMemberRequest) =>
  api.patch<MemberDetail>(`/members/${encodeURIComponent(id)}`, body);

/** Audited on the server: call it only on an explicit click. */
export const revealMemberField = (id: string, field: SensitiveField) =>
  api.post<RevealResponse>(`/members/${encodeURIComponent(id)}/reveal`, { field });
