import type { FileRef } from '@tongxin/contract';
import { API_BASE, ApiError, NETWORK_ERROR, apiRequest, errorFromBody } from './client.ts';

export interface UploadOptions {
  /** Called with 0–100 as the bytes leave the browser. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one attachment (POST /files, field "file"). XMLHttpRequest rather than fetch because
 * only it reports upload progress. Refusals come back as ApiError with the server's code
 * (file_type_not_allowed, file_too_large...); an abort rejects with an AbortError.
 */
export function uploadFile(file: Blob, options: UploadOptions = {}): Promise<FileRef> {
  return new Promise<FileRef>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    form.append('file', file);
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.open('POST', `${API_BASE}/files`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) {
        options.onProgress?.(Math.min(100, Math.floor((event.loaded / event.total) * 100)));
      }
    };
    xhr.onload = () => {
      done();
      let body: unknown;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as FileRef);
      else reject(errorFromBody(xhr.status, body));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, NETWORK_ERROR, 'The upload did not reach the server'));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled', 'AbortError'));
    };
    if (options.signal?.aborted) {
      done();
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    xhr.send(form);
  });
}

/** Takes back an own upload that is not attached to anything yet. */
export const deleteUpload = (id: string) =>
  apiRequest<{ ok: true }>('DELETE', `/files/${encodeURIComponent(id)}`);
