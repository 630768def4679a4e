import type {
  ArchiveCheckpoint,
  ArchiveEntry,
  ArchiveExport,
  ArchiveExportList,
  ArchiveExportRequest,
  ArchiveInclusionProof,
  ArchiveList,
  ArchiveListQuery,
  ArchiveOverview,
  ArchiveRecorded,
  ArchiveVerifyResult,
} from '@tongxin/contract';
import { API_BASE, api } from './client.ts';

export const archiveOverview = (signal?: AbortSignal) =>
  api.get<ArchiveOverview>('/archive', { signal });

export const listArchive = (query: ArchiveListQuery, signal?: AbortSignal) =>
  api.get<ArchiveList>('/archive/entries', { query: { ...query }, signal });

export const getArchiveEntry = (id: string, signal?: AbortSignal) =>
  api.get<ArchiveEntry>(`/archive/entries/${encodeURIComponent(id)}`, { signal });

export const archiveProof = (id: string) =>
  api.get<ArchiveInclusionProof>(`/archive/entries/${encodeURIComponent(id)}/proof`);

export const makeCheckpoint = () => api.post<ArchiveCheckpoint>('/archive/checkpoints');

export const verifyWholeArchive = () => api.get<ArchiveVerifyResult>('/archive/verify');

export const archiveTopic = (topicId: string, note?: string) =>
  api.post<ArchiveRecorded>(`/archive/topics/${encodeURIComponent(topicId)}`, note ? { note } : {});

export const listArchiveExports = (signal?: AbortSignal) =>
  api.get<ArchiveExportList>('/archive/exports', { signal });

export const startArchiveExport = (body: ArchiveExportRequest) =>
  api.post<ArchiveExport>('/archive/exports', body);

export const getArchiveExport = (id: string, signal?: AbortSignal) =>
  api.get<ArchiveExport>(`/archive/exports/${encodeURIComponent(id)}`, { signal });

/** A same-origin link: the browser downloads the zip itself, however large. */
export const archiveExportFileUrl = (id: string): string =>
  `${API_BASE}/archive/exports/${encodeURIComponent(id)}/file`;
