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
  Makeup,
  MakeupInput,
  MinutesInput,
  SignInCode,
  SignInResult,
  UpdateActivityRequest,
} from '@tongxin/contract';
import { API_BASE, api, apiRequest } from './client.ts';

const one = (id: string) => `/activities/${encodeURIComponent(id)}`;

export const listActivities = (query: ActivityListQuery, signal?: AbortSignal) =>
  api.get<ActivityList>('/activities', { query: { ...query }, signal });

export const activityCalendar = (query: ActivityCalendarQuery, signal?: AbortSignal) =>
  api.get<ActivityCalendar>('/activities/calendar', { query: { ...query }, signal });

export const activityTargets = () => api.get<ActivityTarget[]>('/activities/targets');

export const activityCandidates = (query: ActivityCandidatesQuery) =>
  api.get<ActivityCandidate[]>('/activities/candidates', {
    query: {
      orgId: query.orgId,
      type: query.type,
      // The server reads a comma-separated list (query strings carry no arrays here).
      partnerOrgIds: query.partnerOrgIds?.length ? query.partnerOrgIds.join(',') : undefined,
    },
  });

export const partnerOrgs = (orgId: string) =>
  api.get<ActivityTarget[]>('/activities/partner-orgs', { query: { orgId } });

export const getActivity = (id: string, signal?: AbortSignal) =>
  api.get<Activity>(one(id), { signal });

export const createActivity = (body: CreateActivityRequest) =>
  api.post<Activity>('/activities', body);

export const updateActivity = (id: string, body: UpdateActivityRequest) =>
  api.patch<Activity>(one(id), body);

export const deleteActivity = (id: string) => apiRequest<{ ok: true }>('DELETE', one(id));

export const publishActivity = (id: string) => api.post<Activity>(`${one(id)}/publish`);

export const requestLeave = (id: string, reason: string) =>
  api.post<Activity>(`${one(id)}/leave-requests`, { reason });

export const decideLeave = (id: string, requestId: string, body: LeaveDecisionInput) =>
  api.post<Activity>(
    `${one(id)}/leave-requests/${encodeURIComponent(requestId)}/decision`,
    body,
  );

export const markAttendance = (id: string, body: AttendanceInput) =>
  api.post<Activity>(`${one(id)}/attendance`, body);

export const signInCode = (id: string, signal?: AbortSignal) =>
  api.get<SignInCode>(`${one(id)}/sign-in-code`, { signal });

export const signIn = (id: string, code: string) =>
  api.post<SignInResult>(`${one(id)}/sign-in`, { code });

export const saveMinutes = (id: string, body: MinutesInput) =>
  apiRequest<Activity>('PUT', `${one(id)}/minutes`, { body });

export const attachFiles = (id: string, fileIds: string[]) =>
  api.post<Activity>(`${one(id)}/attachments`, { fileIds });

export const recordMakeup = (id: string, body: MakeupInput) =>
  api.post<Makeup>(`${one(id)}/makeups`, body);

export const finaliseActivity = (id: string) => api.post<Activity>(`${one(id)}/finalise`);

export const amendActivity = (id: string, body: AmendmentInput) =>
  api.post<Activity>(`${one(id)}/amendments`, body);

export const activityVersions = (id: string, signal?: AbortSignal) =>
  api.get<ActivityVersionInfo[]>(`${one(id)}/versions`, { signal });

export const activityVersion = (id: string, version: number, signal?: AbortSignal) =>
  api.get<ActivityVersion>(`${one(id)}/versions/${version}`, { signal });

/** A plain link: the browser saves the file and the session cookie goes along. */
export const minutesDocxUrl = (id: string) => `${API_BASE}${one(id)}/minutes.docx`;
