import type { FileRef } from '@tongxin/contract';

/**
 * The attachments a composer holds before sending: each upload's progress, its result or why
 * it was refused. Pure, so the rules are unit-tested; use-attachment-uploads.ts drives it.
 */
export type DraftStatus = 'uploading' | 'done' | 'error';

export interface AttachmentDraft {
  /** Local id, stable while the draft lives. */
  uid: string;
  name: string;
  size: number;
  /** The browser thinks it is an image: show a local preview while it uploads. */
  looksLikeImage: boolean;
  status: DraftStatus;
  percent: number;
  /** The stored file once the server accepted it. */
  file: FileRef | null;
  /** Why it failed: a server ApiError or a local refusal code. */
  error: unknown;
  /** A blob: URL for the local preview; revoked when the draft goes. */
  previewUrl: string | null;
}

export type DraftAction =
  | { type: 'add'; drafts: AttachmentDraft[] }
  | { type: 'progress'; uid: string; percent: number }
  | { type: 'done'; uid: string; file: FileRef }
  | { type: 'failed'; uid: string; error: unknown }
  | { type: 'remove'; uid: string }
  | { type: 'clear' };

export function draftsReducer(state: AttachmentDraft[], action: DraftAction): AttachmentDraft[] {
  const update = (uid: string, change: Partial<AttachmentDraft>) =>
    state.map((d) => (d.uid === uid ? { ...d, ...change } : d));
  switch (action.type) {
    case 'add':
      return [...state, ...action.drafts];
    case 'progress':
      // Progress can arrive after a failure or completion; it never moves a draft back.
      return state.map((d) =>
        d.uid === action.uid && d.status === 'uploading'
          ? { ...d, percent: Math.max(d.percent, Math.min(99, action.percent)) }
          : d,
      );
    case 'done':
      return update(action.uid, { status: 'done', percent: 100, file: action.file, error: null });
    case 'failed':
      return update(action.uid, { status: 'error', error: action.error });
    case 'remove':
      return state.filter((d) => d.uid !== action.uid);
    case 'clear':
      return [];
  }
}

/** The ids to send with the message: finished uploads only, in the order they were added. */
export const readyFileIds = (drafts: readonly AttachmentDraft[]): string[] =>
  drafts.flatMap((d) => (d.status === 'done' && d.file ? [d.file.id] : []));

export const isUploading = (drafts: readonly AttachmentDraft[]): boolean =>
  drafts.some((d) => d.status === 'uploading');

/** Local refusals, before any byte is sent; the server checks everything again by content. */
export type LocalRefusal =
  'too_many_files' | 'file_too_large' | 'file_empty' | 'file_type_not_allowed';

const ACCEPTED_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'gif',
  'webp',
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'doc',
  'xls',
  'ppt',
  'pps',
  'txt',
]);

/**
 * Whether a chosen file is worth sending: not over the size the server announced (when known),
 * not empty, and not named as a type that is never accepted (.svg, .html, .exe...). A name
 * without an extension is left to the server.
 */
export function refusalBeforeUpload(
  file: { name: string; size: number },
  options: { maxBytes?: number | undefined } = {},
): LocalRefusal | null {
  if (file.size === 0) return 'file_empty';
  if (options.maxBytes !== undefined && file.size > options.maxBytes) return 'file_too_large';
  const dot = file.name.lastIndexOf('.');
  const ext = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  if (/^[a-z][a-z0-9]{0,7}$/.test(ext) && !ACCEPTED_EXTENSIONS.has(ext)) {
    return 'file_type_not_allowed';
  }
  return null;
}

/** "512 B", "1.5 KB", "12.3 MB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}

export type DocumentFamily = 'pdf' | 'word' | 'excel' | 'powerpoint' | 'text' | 'other';

/** Which icon a document gets, from its detected type. */
export function documentFamily(mime: string): DocumentFamily {
  if (mime === 'application/pdf') return 'pdf';
  if (mime === 'text/plain') return 'text';
  if (mime === 'application/msword' || mime.includes('wordprocessingml')) return 'word';
  if (mime === 'application/vnd.ms-excel' || mime.includes('spreadsheetml')) return 'excel';
  if (mime === 'application/vnd.ms-powerpoint' || mime.includes('presentationml')) {
    return 'powerpoint';
  }
  return 'other';
}

/** Images first, as a grid; documents after, as a list: how a message shows its files. */
export function splitByKind(files: readonly FileRef[]): {
  images: FileRef[];
  documents: FileRef[];
} {
  return {
    images: files.filter((f) => f.kind === 'image'),
    documents: files.filter((f) => f.kind !== 'image'),
  };
}
