// What a composer and a message view need; see docs/files.md for the server side.
export { AttachmentButton, AttachmentDrafts, AttachmentPicker } from './AttachmentPicker.tsx';
export { AttachmentList } from './AttachmentList.tsx';
export { useAttachmentUploads } from './use-attachment-uploads.ts';
export type { AttachmentUploads, AttachmentUploadOptions } from './use-attachment-uploads.ts';
export type { AttachmentDraft } from './attachments.ts';
export { fileErrorMessage } from './file-errors.ts';
