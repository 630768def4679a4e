import type {
  AuditExportQuery,
  AuditListQuery,
  AuditPage,
  AuditVerifyResult,
} from '@tongxin/contract';
import { API_BASE, ApiError, NETWORK_ERROR, api, errorFromBody } from './client.ts';

export const listAudit = (query: AuditListQuery, signal?: AbortSignal) =>
  api.get<AuditPage>('/audit', { query: { ...query }, signal });

export const verifyAudit = () => api.get<AuditVerifyResult>('/audit/verify');

function exportUrl(filters: AuditExportQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return `${API_BASE}/audit/export.xlsx${text ? `?${text}` : ''}`;
}

/**
 * Fetches the workbook and hands it to the browser as a download. Fetched rather than
 * linked so a refusal (too many rows) is shown on the screen instead of replacing it.
 */
export async function downloadAuditExport(filters: AuditExportQuery): Promise<void> {
  let response: Response;
  try {
    response = await fetch(exportUrl(filters), { credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, NETWORK_ERROR, cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw errorFromBody(response.status, body);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `审计日志-${new Date().toISOString().slice(0, 10)}.xlsx`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
