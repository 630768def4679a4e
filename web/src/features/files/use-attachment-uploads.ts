import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { MAX_ATTACHMENTS } from '@tongxin/contract';
import { deleteUpload, uploadFile } from '../../api/files.ts';
import {
  draftsReducer,
  isUploading,
  readyFileIds,
  refusalBeforeUpload,
  type AttachmentDraft,
} from './attachments.ts';

export interface AttachmentUploadOptions {
  /** How many attachments one message may carry. */
  maxFiles?: number;
  /** Refuse larger files before sending them, when the limit is known. */
  maxBytes?: number;
}

export interface AttachmentUploads {
  drafts: readonly AttachmentDraft[];
  /** Starts uploading the chosen (or pasted, or dropped) files at once. */
  add(files: readonly File[]): void;
  /** Cancels or takes back one attachment before sending. */
  remove(uid: string): void;
  /** After the message was sent: forget the drafts (the files now belong to the message). */
  reset(): void;
  /** What to send with the message: the finished uploads' ids. */
  fileIds: string[];
  /** True while any file is still on its way: disable "send" meanwhile. */
  uploading: boolean;
  /** Room left for more attachments. */
  remaining: number;
}

/** Failed drafts stay visible until removed but take no room. */
const countKept = (drafts: readonly AttachmentDraft[]) =>
  drafts.filter((d) => d.status !== 'error').length;

let counter = 0;
const nextUid = () => `att-${Date.now().toString(36)}-${(counter += 1)}`;

/**
 * The attachments of one composer. Each file uploads as soon as it is added, so sending is
 * instant; removing an uploaded one deletes it on the server, and anything left unsent is
 * pruned by the server after a day.
 */
export function useAttachmentUploads(options: AttachmentUploadOptions = {}): AttachmentUploads {
  const maxFiles = options.maxFiles ?? MAX_ATTACHMENTS;
  const { maxBytes } = options;
  const [drafts, dispatch] = useReducer(draftsReducer, []);
  const aborts = useRef(new Map<string, AbortController>());
  // The drafts as of the last render, for callbacks that must not change identity.
  const latest = useRef(drafts);
  useEffect(() => {
    latest.current = drafts;
  }, [drafts]);

  // Leaving the page cancels uploads in flight and frees local previews.
  useEffect(() => {
    const controllers = aborts.current;
    return () => {
      for (const controller of controllers.values()) controller.abort();
      for (const d of latest.current) if (d.previewUrl) URL.revokeObjectURL(d.previewUrl);
    };
  }, []);

  const add = useCallback(
    (files: readonly File[]) => {
      let room = maxFiles - countKept(latest.current);
      const added: AttachmentDraft[] = [];
      const toSend: [string, File][] = [];
      for (const file of files) {
        const uid = nextUid();
        const looksLikeImage = file.type.startsWith('image/') && file.type !== 'image/svg+xml';
        const refusal = room <= 0 ? 'too_many_files' : refusalBeforeUpload(file, { maxBytes });
        const draft: AttachmentDraft = {
          uid,
          name: file.name,
          size: file.size,
          looksLikeImage,
          status: refusal ? 'error' : 'uploading',
          percent: 0,
          file: null,
          error: refusal,
          previewUrl: !refusal && looksLikeImage ? URL.createObjectURL(file) : null,
        };
        added.push(draft);
        if (!refusal) {
          room -= 1;
          toSend.push([uid, file]);
        }
      }
      dispatch({ type: 'add', drafts: added });
      for (const [uid, file] of toSend) {
        const controller = new AbortController();
        aborts.current.set(uid, controller);
        uploadFile(file, {
          signal: controller.signal,
          onProgress: (percent) => dispatch({ type: 'progress', uid, percent }),
        })
          .then((stored) => dispatch({ type: 'done', uid, file: stored }))
          .catch((error: unknown) => {
            if (!(error instanceof DOMException && error.name === 'AbortError')) {
              dispatch({ type: 'failed', uid, error });
            }
          })
          .finally(() => aborts.current.delete(uid));
      }
    },
    [maxFiles, maxBytes],
  );

  const remove = useCallback((uid: string) => {
    const draft = latest.current.find((d) => d.uid === uid);
    aborts.current.get(uid)?.abort();
    if (draft?.previewUrl) URL.revokeObjectURL(draft.previewUrl);
    // Best effort: the server prunes unattached uploads anyway.
    if (draft?.file) deleteUpload(draft.file.id).catch(() => undefined);
    dispatch({ type: 'remove', uid });
  }, []);

  const reset = useCallback(() => {
    for (const d of latest.current) if (d.previewUrl) URL.revokeObjectURL(d.previewUrl);
    dispatch({ type: 'clear' });
  }, []);

  return useMemo(
    () => ({
      drafts,
      add,
      remove,
      reset,
      fileIds: readyFileIds(drafts),
      uploading: isUploading(drafts),
      remaining: Math.max(0, maxFiles - countKept(drafts)),
    }),
    [drafts, add, remove, reset, maxFiles],
  );
}
