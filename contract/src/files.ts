import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/**
 * Attachments: images and documents uploaded with POST /api/v1/files, typed by their content
 * (never by name or Content-Type), then claimed by what they are attached to (a message, a
 * notice...). See docs/files.md.
 */
export const FILE_KINDS = ['image', 'document'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Raster images served inline; everything else is a download. */
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

export const DOCUMENT_MIME_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'text/plain',
] as const;

/** What the file picker offers; the server decides by content whatever the browser sends. */
export const UPLOAD_ACCEPT =
  '.png,.jpg,.jpeg,.gif,.webp,.pdf,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.txt,' +
  [...IMAGE_MIME_TYPES].join(',');

/**
 * Stable error codes of uploads, for screens to translate:
 * file_missing, file_empty, file_too_large (413), file_type_not_allowed (HTML, SVG, scripts,
 * executables, archives, unknown binary), file_type_mismatch (the name says another type than
 * the content), file_has_macros, image_unreadable, image_too_large (too many pixels).
 */
export const FILE_ERROR_CODES = [
  'file_missing',
  'file_empty',
  'file_too_large',
  'file_type_not_allowed',
  'file_type_mismatch',
  'file_has_macros',
  'image_unreadable',
  'image_too_large',
] as const;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** How many files one message or notice may carry. */
export const MAX_ATTACHMENTS = 9;

/** The field a message or notice sends its uploads in: ids from POST /files, each once. */
export const AttachmentIds = Type.Array(Uuid, {
  maxItems: MAX_ATTACHMENTS,
  uniqueItems: true,
  description: "Ids of the sender's own uploads (POST /api/v1/files) not attached elsewhere",
});

export const FileRef = Type.Object(
  {
    id: Uuid,
    /** The uploader's file name, cleaned of paths and control characters. */
    name: Type.String(),
    size: Type.Integer({ minimum: 0, description: 'Bytes' }),
    /** Detected from the content. */
    mime: Type.String(),
    kind: Type.Enum(FILE_KINDS),
    width: Type.Union([Type.Integer(), Type.Null()]),
    height: Type.Union([Type.Integer(), Type.Null()]),
    hasThumbnail: Type.Boolean(),
    /** Same-origin path of the bytes. */
    url: Type.String(),
    /** Same-origin path of a small WebP preview, or null. */
    thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'An uploaded file as messages and notices show it' },
);
export type FileRef = Static<typeof FileRef>;
