import { perAccount } from '../../platform/http/rate-limit.ts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import { Type } from 'typebox';
import { FileRef, IdParams, IMAGE_MIME_TYPES, Ok } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { principalOf } from '../../platform/http/actor.ts';
import { AppError, errorResponses, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { contentDisposition } from './names.ts';
import {
  deleteUpload,
  fileForReader,
  openFileBytes,
  storeUpload,
  type FileRow,
} from './service.ts';

const Bytes = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const INLINE = new Set<string>(IMAGE_MIME_TYPES);

/**
 * Headers that keep an uploaded file inert in the browser whatever it contains: the detected
 * type with no sniffing, a sandboxed CSP with nothing allowed (so even a page opened directly
 * runs nothing), downloads for everything but raster images, and caching only in the reader's
 * own browser.
 */
function inertHeaders(reply: FastifyReply, etag: string): void {
  void reply
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, max-age=3600')
    .header('etag', etag);
}

export const fileRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  // One file per request, nothing else in the form; the limit is checked again after storing.
  await app.register(fastifyMultipart, {
    limits: { fileSize: ctx.config.uploadMaxBytes, files: 1, fields: 0, parts: 1 },
  });

  app.post(
    '/files',
    {
      config: {
        access: access.signedIn,
        rateLimit: {
          max: ctx.config.uploadsPerMinute,
          timeWindow: '1 minute',
          keyGenerator: perAccount,
        },
      },
      schema: {
        tags: ['files'],
        summary: 'Upload an image or document (multipart field "file")',
        description:
          'The type is detected from the content: PNG, JPEG, GIF and WebP images; PDF, Word, Excel and PowerPoint documents (also legacy .doc/.xls/.ppt without macros) and UTF-8 plain text. Everything else (HTML, SVG, scripts, executables, archives) is refused with 422 file_type_not_allowed; a name that says another type than the content with 422 file_type_mismatch; too large with 413 file_too_large. The file belongs to the uploader until something (a message) claims it.',
        consumes: ['multipart/form-data'],
        response: { 201: FileRef, 413: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!request.isMultipart()) {
        throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data');
      }
      const part = await request.file();
      if (!part) throw new AppError(422, 'file_missing', 'No file was sent');
      const ref = await storeUpload(ctx, principal.userId, {
        filename: part.filename,
        stream: part.file,
        truncated: () => part.file.truncated,
      });
      return reply.code(201).send(ref);
    },
  );

  const serve = async (
    row: FileRow,
    variant: 'original' | 'thumbnail',
    ifNoneMatch: string | undefined,
    reply: FastifyReply,
  ) => {
    if (variant === 'thumbnail' && !row.thumbnailKey) throw notFound('Thumbnail');
    const etag = `"${row.sha256.slice(0, 32)}${variant === 'thumbnail' ? '-t' : ''}"`;
    inertHeaders(reply, etag);
    if (ifNoneMatch === etag) return reply.code(304).send();
    const stream = await openFileBytes(ctx, row, variant);
    if (variant === 'thumbnail') {
      return reply
        .type('image/webp')
        .header('content-disposition', contentDisposition('inline', `${row.name}.webp`))
        .send(stream);
    }
    const inline = INLINE.has(row.mime);
    return reply
      .type(row.mime === 'text/plain' ? 'text/plain; charset=utf-8' : row.mime)
      .header('content-length', String(row.size))
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', row.name))
      .send(stream);
  };

  app.get(
    '/files/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['files'],
        summary: 'Download a file',
        description:
          'The uploader may always read it; once attached, whoever may read what it is attached to. Served with its detected type, nosniff, a sandbox CSP, and as an attachment unless it is a raster image.',
        params: IdParams,
        response: { 200: Bytes, 304: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await fileForReader(ctx, principalOf(request).userId, request.params.id);
      return serve(row, 'original', request.headers['if-none-match'], reply);
    },
  );

  app.get(
    '/files/:id/thumbnail',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['files'],
        summary: 'A WebP preview of an image, at most 320 pixels on its longer side',
        params: IdParams,
        response: { 200: Bytes, 304: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await fileForReader(ctx, principalOf(request).userId, request.params.id);
      return serve(row, 'thumbnail', request.headers['if-none-match'], reply);
    },
  );

  app.delete(
    '/files/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['files'],
        summary: 'Remove an own upload that is not attached to anything yet',
        params: IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      await deleteUpload(ctx, principalOf(request).userId, request.params.id);
      return { ok: true as const };
    },
  );
};
