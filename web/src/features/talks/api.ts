import type {
  ScheduleTalkRequest,
  Talk,
  TalkBranch,
  TalkCandidate,
  TalkCoverage,
  TalkList,
  TalkListQuery,
} from '@tongxin/contract';
import { api, apiRequest } from '../../api/client.ts';

const one = (id: string) => `/talks/${encodeURIComponent(id)}`;

export const listTalks = (query: TalkListQuery, signal?: AbortSignal) =>
  api.get<TalkList>('/talks', { query: { ...query }, signal });

export const getTalk = (id: string, signal?: AbortSignal) => api.get<Talk>(one(id), { signal });

export const talkCandidates = () => api.get<TalkCandidate[]>('/talks/candidates');

export const talkBranches = () => api.get<TalkBranch[]>('/talks/branches');

export const talkCoverage = (branchId: string, year: number, signal?: AbortSignal) =>
  api.get<TalkCoverage>('/talks/coverage', { query: { branchId, year }, signal });

export const scheduleTalk = (body: ScheduleTalkRequest) => api.post<Talk>('/talks', body);

export const writeTalkRecord = (id: string, record: string) =>
  apiRequest<Talk>('PUT', `${one(id)}/record`, { body: { record } });

export const confirmTalk = (id: string) => api.post<Talk>(`${one(id)}/confirm`);

export const requestTalkCorrection = (id: string, note: string) =>
  api.post<Talk>(`${one(id)}/correction`, { note });

export const cancelTalk = (id: string, reason: string) =>
  api.post<Talk>(`${one(id)}/cancel`, { reason });
