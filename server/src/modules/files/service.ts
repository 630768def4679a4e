import type { Readable } from 'node:stream';
import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
// The Node entry: it reads Node streams (the bare name resolves to the browser build's types).
import { fileTypeFromStream } from 'file-type/node';
import sharp, { type Metadata } from 'sharp';
import type { FileRef } from '@tongxin/contract';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/errors.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { files } from './schema.ts';
import { classify, ContentProbe, nameForType, UploadRefused, type AllowedType } from './detect.ts';
import { sanitizeFileName } from './names.ts';
import { mayReadFile } from './policy.ts';

export { registerFileOwnerAccess, type FileOwnerAccess } from './policy.ts';

export type FileRow = typeof files.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Each upload is a different picture: libvips' operation cache would only hold memory.
sharp.cache(false);

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;
/** Images with more pixels are refused: decoding them would take too much memory. */
export const MAX_IMAGE_PIXELS = 64_000_000;

export function toFileRef(row: FileRow): FileRef {
  const url = `/api/v1/files/${row.id}`;
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    mime: row.mime,
    kind: row.kind,
    width: row.width,
    height: row.height,
    hasThumbnail: row.thumbnailKey !== null,
    url,
    thumbnailUrl: row.thumbnailKey !== null ? `${url}/thumbnail` : null,
  };
}

export interface Upload {
  /** The name the client gave; only cleaned and checked, never used as a path. */
  filename: string;
  stream: AsyncIterable<Uint8Array>;
  /** True once the bytes went past the size limit (the stream then ends early). */
  truncated(): boolean;
}

/**
 * Stores one upload for its uploader: streamed to storage while hashed, then typed by its
 * content, refused (and removed) unless it is an allowed image or document; images get their
 * size and a WebP thumbnail. Returns the file, not yet attached to anything.
 */
export async function storeUpload(
  ctx: ServiceContext,
  accountId: string,
  upload: Upload,
): Promise<FileRef> {
  const probe = new ContentProbe();
  const watched = async function* () {
    for await (const chunk of upload.stream) {
      probe.observe(chunk);
      yield chunk;
    }
  };
  const stored = await ctx.storage.put(watched());
  const keys = [stored.key];
  try {
    const max = ctx.config.uploadMaxBytes;
    if (upload.truncated() || stored.size > max) {
      throw new AppError(413, 'file_too_large', `Files may be at most ${max} bytes`, {
        maxBytes: max,
      });
    }
    if (stored.size === 0) throw new UploadRefused('file_empty', 'The file is empty');
    const facts = probe.finish();
    const detected = await fileTypeFromStream(await open(ctx, stored.key));
    const readAll = () => readBytes(ctx, stored.key);
    const type = await classify({ ext: detected?.ext, mime: detected?.mime }, facts, readAll);
    const name = nameForType(sanitizeFileName(upload.filename), type);
    let image: ImageFacts | null = null;
    let thumbnailKey: string | null = null;
    if (type.kind === 'image') {
      image = await imageFacts(await readAll(), type);
      const thumbnail = await ctx.storage.put(once(image.thumbnail));
      keys.push(thumbnail.key);
      thumbnailKey = thumbnail.key;
    }
    const [row] = await ctx.database.write((tx) =>
      tx
        .insert(files)
        .values({
          storageKey: stored.key,
          thumbnailKey,
          name,
          size: stored.size,
          mime: type.mime,
          kind: type.kind,
          sha256: facts.sha256,
          width: image?.width ?? null,
          height: image?.height ?? null,
          uploadedBy: accountId,
        })
        .returning(),
    );
    if (!row) throw new Error('insert returned no row');
    return toFileRef(row);
  } catch (err) {
    await Promise.all(keys.map((key) => ctx.storage.delete(key)));
    if (err instanceof UploadRefused) {
      throw new AppError(422, err.code, err.message, err.details);
    }
    throw err;
  }
}

async function* once(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes;
}

async function open(ctx: ServiceContext, key: string): Promise<Readable> {
  const stream = await ctx.storage.get(key);
  if (!stream) throw new Error(`stored object ${key} is missing`);
  return stream;
}

async function readBytes(ctx: ServiceContext, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await open(ctx, key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface ImageFacts {
  width: number;
  height: number;
  thumbnail: Buffer;
}

const SHARP_FORMAT: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * Decodes the image (a file with an image signature but no decodable image is refused) and
 * makes the thumbnail: turned upright, at most THUMBNAIL_SIZE on its longer side, re-encoded as
 * WebP without any metadata, so EXIF (GPS position, camera) never reaches a thumbnail.
 */
async function imageFacts(bytes: Buffer, type: AllowedType): Promise<ImageFacts> {
  const unreadable = () => new UploadRefused('image_unreadable', 'The image cannot be read');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw unreadable();
  }
  if (meta.format !== SHARP_FORMAT[type.mime] || !meta.width || !meta.height) throw unreadable();
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw new UploadRefused('image_too_large', 'The image has too many pixels', {
      maxPixels: String(MAX_IMAGE_PIXELS),
    });
  }
  // EXIF orientations 5-8 turn the picture a quarter: its upright width is the stored height.
  const turned = (meta.orientation ?? 1) >= 5;
  try {
    const thumbnail = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
    return {
      width: turned ? meta.height : meta.width,
      height: turned ? meta.width : meta.height,
      thumbnail,
    };
  } catch {
    throw unreadable();
  }
}

export async function findFile(db: Queryable, id: string): Promise<FileRow | null> {
  const [row] = await db.select().from(files).where(eq(files.id, id)).limit(1);
  return row ?? null;
}

/**
 * The file for an account that may read it. One it may not read is "not found", so ids cannot
 * be probed.
 */
export async function fileForReader(
  ctx: ServiceContext,
  accountId: string,
  id: string,
): Promise<FileRow> {
  const row = await findFile(ctx.database.db, id);
  if (!row || !(await mayReadFile(ctx, accountId, row))) throw notFound('File');
  return row;
}

/** The bytes of a file or its thumbnail; call fileForReader first. */
export async function openFileBytes(
  ctx: ServiceContext,
  row: FileRow,
  variant: 'original' | 'thumbnail',
): Promise<Readable> {
  const key = variant === 'original' ? row.storageKey : row.thumbnailKey;
  if (!key) throw notFound('Thumbnail');
  const stream = await ctx.storage.get(key);
  if (!stream) throw notFound('File');
  return stream;
}

/**
 * Attaches the account's own unclaimed uploads to what they now belong to (inside the caller's
 * transaction, so a message and its attachments are written together). Any id that is not the
 * account's, unknown, repeated or already attached is a 400 naming it, and nothing is claimed.
 * Returns the files in the order given.
 */
export async function claimFiles(
  tx: Tx,
  accountId: string,
  fileIds: readonly string[],
  owner: { kind: string; id: string },
): Promise<FileRef[]> {
  if (fileIds.length === 0) return [];
  const malformed = fileIds.filter((id) => !UUID.test(id));
  if (malformed.length > 0) {
    throw badRequest('A file id is not valid', { field: 'fileIds', fileIds: malformed });
  }
  const unique = [...new Set(fileIds)];
  if (unique.length !== fileIds.length) {
    throw badRequest('The same file is attached twice', { field: 'fileIds' });
  }
  const claimed = await tx
    .update(files)
    .set({ ownerKind: owner.kind, ownerId: owner.id, claimedAt: new Date() })
    .where(and(inArray(files.id, unique), eq(files.uploadedBy, accountId), isNull(files.ownerKind)))
    .returning();
  if (claimed.length !== unique.length) {
    const got = new Set(claimed.map((r) => r.id));
    const missing = unique.filter((id) => !got.has(id));
    const rows = await tx
      .select({ id: files.id, uploadedBy: files.uploadedBy })
      .from(files)
      .where(inArray(files.id, missing));
    const own = new Set(rows.filter((r) => r.uploadedBy === accountId).map((r) => r.id));
    const attached = missing.filter((id) => own.has(id));
    throw badRequest(
      attached.length > 0
        ? 'A file is already attached elsewhere'
        : 'A file does not exist or was not uploaded by you',
      { field: 'fileIds', fileIds: missing },
    );
  }
  const byId = new Map(claimed.map((r) => [r.id, toFileRef(r)]));
  return fileIds.map((id) => byId.get(id)).filter((f): f is FileRef => f !== undefined);
}

/** The files attached to each of several owners of one kind, in upload order. */
export async function listFilesOfOwners(
  db: Queryable,
  kind: string,
  ownerIds: readonly string[],
): Promise<Map<string, FileRef[]>> {
  const result = new Map<string, FileRef[]>();
  if (ownerIds.length === 0) return result;
  const rows = await db
    .select()
    .from(files)
    .where(and(eq(files.ownerKind, kind), inArray(files.ownerId, [...new Set(ownerIds)])))
    .orderBy(asc(files.createdAt), asc(files.id));
  for (const row of rows) {
    const ownerId = row.ownerId ?? '';
    const list = result.get(ownerId) ?? [];
    list.push(toFileRef(row));
    result.set(ownerId, list);
  }
  return result;
}

/** The uploader takes back an upload not yet attached to anything (removed before sending). */
export async function deleteUpload(
  ctx: ServiceContext,
  accountId: string,
  id: string,
): Promise<void> {
  const row = await ctx.database.write(async (tx) => {
    const [found] = await tx
      .select()
      .from(files)
      .where(and(eq(files.id, id), eq(files.uploadedBy, accountId)))
      .for('update');
    if (!found) throw notFound('File');
    if (found.ownerKind !== null) {
      throw conflict('The file is attached and stays with what it is attached to');
    }
    await tx.delete(files).where(eq(files.id, id));
    return found;
  });
  await removeBytes(ctx, [row]);
}

/**
 * Removes uploads never attached to anything and created before `before` (abandoned drafts).
 * Rows go first, in one transaction; bytes after commit, so a failure leaves at worst an
 * orphaned object, never a row without its bytes. Returns how many files went.
 */
export async function pruneUnclaimedFiles(ctx: ServiceContext, before: Date): Promise<number> {
  const gone = await ctx.database.write((tx) =>
    tx
      .delete(files)
      .where(and(isNull(files.ownerKind), lt(files.createdAt, before)))
      .returning(),
  );
  await removeBytes(ctx, gone);
  return gone.length;
}

async function removeBytes(
  ctx: ServiceContext,
  rows: readonly Pick<FileRow, 'storageKey' | 'thumbnailKey'>[],
): Promise<void> {
  for (const row of rows) {
    await ctx.storage.delete(row.storageKey);
    if (row.thumbnailKey) await ctx.storage.delete(row.thumbnailKey);
  }
}
