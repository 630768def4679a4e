import { describe, expect, it } from 'vitest';
import type { FileRef } from '@tongxin/contract';
import { ApiError } from '../../api/client.ts';
import { fileErrorMessage } from './file-errors.ts';
import {
  documentFamily,
  draftsReducer,
  formatBytes,
  isUploading,
  readyFileIds,
  refusalBeforeUpload,
  splitByKind,
  type AttachmentDraft,
} from './attachments.ts';

const ref = (id: string, kind: 'image' | 'document' = 'document'): FileRef => ({
  id,
  name: `${id}.pdf`,
  size: 10,
  mime: kind === 'image' ? 'image/png' : 'application/pdf',
  kind,
  width: null,
  height: null,
  hasThumbnail: kind === 'image',
  url: `/api/v1/files/${id}`,
  thumbnailUrl: kind === 'image' ? `/api/v1/files/${id}/thumbnail` : null,
});

const draft = (uid: string): AttachmentDraft => ({
  uid,
  name: `${uid}.pdf`,
  size: 10,
  looksLikeImage: false,
  status: 'uploading',
  percent: 0,
  file: null,
  error: null,
  previewUrl: null,
});

describe('attachment drafts', () => {
  it('follow an upload from progress to done, and only done ones are sent', () => {
    let state = draftsReducer([], { type: 'add', drafts: [draft('a'), draft('b'), draft('c')] });
    state = draftsReducer(state, { type: 'progress', uid: 'a', percent: 40 });
    expect(state[0]).toMatchObject({ status: 'uploading', percent: 40 });
    // The last byte sent is not the server's answer: progress stops short of 100.
    state = draftsReducer(state, { type: 'progress', uid: 'a', percent: 100 });
    expect(state[0]?.percent).toBe(99);
    state = draftsReducer(state, { type: 'progress', uid: 'a', percent: 10 });
    expect(state[0]?.percent).toBe(99);
    expect(isUploading(state)).toBe(true);
    expect(readyFileIds(state)).toEqual([]);

    state = draftsReducer(state, { type: 'done', uid: 'a', file: ref('f-a') });
    state = draftsReducer(state, { type: 'failed', uid: 'b', error: 'file_type_not_allowed' });
    // A late progress event does not revive a failed upload.
    state = draftsReducer(state, { type: 'progress', uid: 'b', percent: 50 });
    expect(state[1]).toMatchObject({ status: 'error', percent: 0 });
    state = draftsReducer(state, { type: 'done', uid: 'c', file: ref('f-c') });
    expect(readyFileIds(state)).toEqual(['f-a', 'f-c']);
    expect(isUploading(state)).toBe(false);

    state = draftsReducer(state, { type: 'remove', uid: 'a' });
    expect(readyFileIds(state)).toEqual(['f-c']);
    expect(draftsReducer(state, { type: 'clear' })).toEqual([]);
  });

  it('refuses obviously wrong files before sending, leaving the rest to the server', () => {
    expect(refusalBeforeUpload({ name: 'a.png', size: 0 })).toBe('file_empty');
    expect(refusalBeforeUpload({ name: 'a.png', size: 11 }, { maxBytes: 10 })).toBe(
      'file_too_large',
    );
    expect(refusalBeforeUpload({ name: 'logo.svg', size: 5 })).toBe('file_type_not_allowed');
    expect(refusalBeforeUpload({ name: 'page.HTML', size: 5 })).toBe('file_type_not_allowed');
    expect(refusalBeforeUpload({ name: 'setup.exe', size: 5 })).toBe('file_type_not_allowed');
    expect(refusalBeforeUpload({ name: '会议纪要.DOCX', size: 5 })).toBeNull();
    expect(refusalBeforeUpload({ name: '照片.JPG', size: 5 })).toBeNull();
    expect(refusalBeforeUpload({ name: '无扩展名', size: 5 })).toBeNull();
    expect(refusalBeforeUpload({ name: '纪要.2024', size: 5 })).toBeNull();
  });

  it('formats sizes and picks document icons', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(150 * 1024)).toBe('150 KB');
    expect(documentFamily('application/pdf')).toBe('pdf');
    expect(
      documentFamily('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ).toBe('word');
    expect(documentFamily('application/vnd.ms-excel')).toBe('excel');
    expect(documentFamily('application/vnd.ms-powerpoint')).toBe('powerpoint');
    expect(documentFamily('text/plain')).toBe('text');
    expect(documentFamily('application/zip')).toBe('other');
  });

  it('shows images first as a grid, documents after', () => {
    const { images, documents } = splitByKind([ref('d1'), ref('i1', 'image'), ref('d2')]);
    expect(images.map((f) => f.id)).toEqual(['i1']);
    expect(documents.map((f) => f.id)).toEqual(['d1', 'd2']);
  });
});

describe('attachment error messages', () => {
  const t = ((key: string) => key) as unknown as Parameters<typeof fileErrorMessage>[0];
  it('translate upload refusals by code, and fall back to the common errors', () => {
    expect(fileErrorMessage(t, new ApiError(422, 'file_type_mismatch', 'x'))).toBe(
      'files.errors.file_type_mismatch',
    );
    expect(fileErrorMessage(t, 'too_many_files')).toBe('files.errors.too_many_files');
    expect(fileErrorMessage(t, new ApiError(429, 'rate_limited', 'x'))).toBe('errors.rate_limited');
  });
});
