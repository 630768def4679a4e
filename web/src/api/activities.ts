import type {
  Activity,
  ActivityCalendar,
  ActivityCalendarQuery,
  ActivityCandidate,
  ActivityCandidatesQuery,
  ActivityList,
  ActivityListQuery,
  ActivityTarget,
  ActivityVersion,
  ActivityVersionInfo,
  AmendmentInput,
  AttendanceInput,
  CreateActivityRequest,
  LeaveDecisionInput,
  MakeupInput,
  MinutesInput,
  ActivitySignInCode,
  ActivitySignInResult,
  UpdateActivityRequest,
} from '@tongxin/contract';
import { API_BASE, api, apiRequest } from './client.ts';

const one = (id: string) => `/activities/${encodeURIComponent(id)}`;

export const listActivities = (query: ActivityListQuery, signal?: AbortSignal) =>
  api.get<ActivityList>('/activities', { query: { ...query }, signal });

export const activityCalendar = (query: ActivityCalendarQuery, signal?: AbortSignal) =>
  api.get<ActivityCalendar>('/activities/calendar', { query: { ...query }, signal });

export const activityTargets = () => api.get<ActivityTarget[]>('/activities/targets');

export function activityCandidates(query: ActivityCandidatesQuery) {
  // An array travels as the key repeated (partnerOrgIds=a&partnerOrgIds=b).
  const params = new URLSearchParams({ orgId: query.orgId, type: query.type });
  for (const id of query.partnerOrgIds ?? []) params.append('partnerOrgIds', id);
  return api.get<ActivityCandidate[]>(`/activities/candidates?${params.toString()}`);
}

export const partnerOrgs = (orgId: string) =>
  api.get<ActivityTarget[]>('/activities/partner-orgs', { query: { orgId } });

export const getActivity = (id: string, signal?: AbortSignal) =>
  api.get<Activity>(one(id), { signal });

export const createActivity = (body: CreateActivityRequest) =>
  api.post<Activity>('/activities', body);

export const updateActivity = (id: string, body: UpdateActivityRequest) =>
  api.patch<Activity>(one(id), body);

export const deleteActivity = (id: string) => apiRequest<unknown>('DELETE', one(id));

export const publishActivity = (id: string) => api.post<unknown>(`${one(id)}/publish`);

export const requestLeave = (id: string, reason: string) =>
  api.post<unknown>(`${one(id)}/leave-requests`, { reason });

export const decideLeave = (id: string, requestId: string, body: LeaveDecisionInput) =>
  api.post<unknown>(`${one(id)}/leave-requests/${encodeURIComponent(requestId)}/decision`, body);

export const markAttendance = (id: string, body: AttendanceInput) =>
  apiRequest<unknown>('PUT', `${one(id)}/attendance`, { body });

export const signInCode = (id: string, signal?: AbortSignal) =>
  api.get<ActivitySignInCode>(`${one(id)}/sign-in-code`, { signal });

export const signIn = (id: string, code: string) =>
  api.post<ActivitySignInResult>(`${one(id)}/sign-in`, { code });

export const saveMinutes = (id: string, body: MinutesInput) =>
  apiRequest<unknown>('PUT', `${one(id)}/minutes`, { body });

export const attachFiles = (id: string, fileIds: string[]) =>
  api.post<unknown>(`${one(id)}/attachments`, { fileIds });

export const recordMakeup = (id: string, body: MakeupInput) =>
  api.post<unknown>(`${one(id)}/makeups`, body);

export const finaliseActivity = (id: string) => api.post<unknown>(`${one(id)}/finalise`);

export const amendActivity = (id: string, body: AmendmentInput) =>
  api.post<unknown>(`${one(id)}/amendments`, body);

export const activityVersions = (id: string, signal?: AbortSignal) =>
  api.get<ActivityVersionInfo[]>(`${one(id)}/versions`, { signal });

export const activityVersion = (id: string, version: number, signal?: AbortSignal) =>
  api.get<ActivityVersion>(`${one(id)}/versions/${version}`, { signal });

/** A plain link: the browser saves the file and the session cookie goes along. */
export const minutesDocxUrl = (id: string) => `${API_BASE}${one(id)}/minutes.docx`;
