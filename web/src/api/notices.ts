import type {
  Notice,
  NoticeCandidate,
  NoticeList,
  NoticeListQuery,
  NoticePreview,
  NoticeReminded,
  NoticeTarget,
  NoticeTracking,
  SendNoticeRequest,
} from '@tongxin/contract';
import { api } from './client.ts';

const one = (id: string) => `/notices/${encodeURIComponent(id)}`;

export const listNotices = (query: NoticeListQuery, signal?: AbortSignal) =>
  api.get<NoticeList>('/notices', { query: { ...query }, signal });

export const getNotice = (id: string, signal?: AbortSignal) => api.get<Notice>(one(id), { signal });

export const noticeTargets = () => api.get<NoticeTarget[]>('/notices/targets');

export const noticeCandidates = (orgId: string) =>
  api.get<NoticeCandidate[]>('/notices/candidates', { query: { orgId } });

export const previewNotice = (body: string) =>
  api.post<NoticePreview>('/notices/preview', { body });

export const sendNotice = (body: SendNoticeRequest) => api.post<Notice>('/notices', body);

export const readNotice = (id: string) => api.post<Notice>(`${one(id)}/read`);

export const acknowledgeNotice = (id: string) => api.post<Notice>(`${one(id)}/acknowledge`);

export const noticeTracking = (id: string, signal?: AbortSignal) =>
  api.get<NoticeTracking>(`${one(id)}/tracking`, { signal });

export const remindNotice = (id: string) => api.post<NoticeReminded>(`${one(id)}/remind`);

export const withdrawNotice = (id: string, reason: string) =>
  api.post<{ ok: true }>(`${one(id)}/withdraw`, { reason });
