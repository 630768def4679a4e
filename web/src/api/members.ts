import type {
  CreateMemberRequest,
  ImportReport,
  MemberDetail,
  MemberList,
  MemberListQuery,
  RevealResponse,
  SensitiveField,
  UpdateMemberRequest,
} from '@tongxin/contract';
import { API_BASE, api, apiUpload } from './client.ts';

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

export const importRoster = (file: Blob, options: { orgId: string; dryRun: boolean }) =>
  apiUpload<ImportReport>('/members/import', file, options);

/** Downloads go through plain links: the browser saves the file, the cookie goes along. */
export const rosterTemplateUrl = `${API_BASE}/members/import-template.xlsx`;
export const rosterExportUrl = (orgId: string, reveal: boolean) =>
  `${API_BASE}/members/export.xlsx?orgId=${encodeURIComponent(orgId)}${reveal ? '&reveal=true' : ''}`;
