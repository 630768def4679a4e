import type {
  ActivityList,
  AdvanceOrgLifeRequest,
  CloseRectificationRequest,
  CreateOpinionRequest,
  CreateOrgLifeMeetingRequest,
  CreateRectificationRequest,
  CriticismRequest,
  OrgLifeCriticismRecord,
  OrgLifeListQuery,
  OrgLifeMeeting,
  OrgLifeMember,
  OrgLifeOpinion,
  OrgLifeReport,
  OrgLifeTarget,
  Rectification,
  RectificationListQuery,
  UpdateOrgLifeMeetingRequest,
  UpdateRectificationRequest,
} from '@tongxin/contract';
import { API_BASE, api, apiRequest } from './client.ts';

const one = (id: string) => `/org-life/meetings/${encodeURIComponent(id)}`;
const person = (id: string, memberId: string) =>
  `${one(id)}/members/${encodeURIComponent(memberId)}`;
const item = (id: string) => `/org-life/rectifications/${encodeURIComponent(id)}`;

export const listMeetings = (query: OrgLifeListQuery, signal?: AbortSignal) =>
  api.get<OrgLifeMeeting[]>('/org-life/meetings', { query: { ...query }, signal });
export const orgLifeTargets = () => api.get<OrgLifeTarget[]>('/org-life/targets');
export const createMeeting = (body: CreateOrgLifeMeetingRequest) =>
  api.post<OrgLifeMeeting>('/org-life/meetings', body);
export const getMeeting = (id: string, signal?: AbortSignal) =>
  api.get<OrgLifeMeeting>(one(id), { signal });
export const updateMeeting = (id: string, body: UpdateOrgLifeMeetingRequest) =>
  api.patch<OrgLifeMeeting>(one(id), body);
export const advanceMeeting = (id: string, status: AdvanceOrgLifeRequest['status']) =>
  api.post<OrgLifeMeeting>(`${one(id)}/advance`, { status });
export const submitReport = (id: string) => api.post<OrgLifeMeeting>(`${one(id)}/submit`);

export const cycleMembers = (id: string, signal?: AbortSignal) =>
  api.get<OrgLifeMember[]>(`${one(id)}/members`, { signal });
export const listOpinions = (id: string, signal?: AbortSignal) =>
  api.get<OrgLifeOpinion[]>(`${one(id)}/opinions`, { signal });
export const addOpinion = (id: string, body: CreateOpinionRequest) =>
  api.post<{ id: string }>(`${one(id)}/opinions`, body);

export const criticismRecord = (id: string, memberId: string, signal?: AbortSignal) =>
  api.get<OrgLifeCriticismRecord>(`${person(id, memberId)}/criticisms`, { signal });
export const saveSelfCriticism = (id: string, memberId: string, body: string) =>
  apiRequest<OrgLifeCriticismRecord>('PUT', `${person(id, memberId)}/self-criticism`, {
    body: { body },
  });
export const addCriticism = (id: string, memberId: string, body: CriticismRequest) =>
  api.post<OrgLifeCriticismRecord>(`${person(id, memberId)}/criticisms`, body);

export const listRectifications = (
  id: string,
  query: RectificationListQuery,
  signal?: AbortSignal,
) => api.get<Rectification[]>(`${one(id)}/rectifications`, { query: { ...query }, signal });
export const addRectification = (id: string, body: CreateRectificationRequest) =>
  api.post<Rectification>(`${one(id)}/rectifications`, body);
export const updateRectification = (itemId: string, body: UpdateRectificationRequest) =>
  api.patch<Rectification>(item(itemId), body);
export const closeRectification = (itemId: string, body: CloseRectificationRequest) =>
  api.post<Rectification>(`${item(itemId)}/close`, body);

export const getReport = (id: string, signal?: AbortSignal) =>
  api.get<OrgLifeReport>(`${one(id)}/report`, { signal });
/** A plain link: the browser downloads it with the session cookie. */
export const reportDocxUrl = (id: string) => `${API_BASE}${one(id)}/report.docx`;

/** The branch's 组织生活会 activities (activities module), to link one to the cycle. */
export const orgLifeActivities = (orgId: string, signal?: AbortSignal) =>
  api.get<ActivityList>('/activities', {
    query: { orgId, type: 'org_life_meeting', limit: 100 },
    signal,
  });
