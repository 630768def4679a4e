import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { FileRef } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { completeSetup, useHarness } from '../../test/harness.ts';
import { buildTwoBranches, type TwoBranches } from '../../test/org-fixture.ts';
import { users } from '../identity/schema.ts';
import { files } from './schema.ts';
import { AppError } from '../../platform/http/errors.ts';

import {
  claimFiles,
  listFilesOfOwners,
  pruneUnclaimedFiles,
  registerFileOwnerAccess,
} from './service.ts';
import {
  compoundFile,
  corruptPng,
  image,
  jpegWithGps,
  ooxml,
  pdf,
  plainZip,
  SPOOFS,
  text,
  xlsx,
} from './test-samples.ts';

/** The payloads the Markdown renderer is tested with; here they arrive as files. */
const XSS_CORPUS = JSON.parse(
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a fixture beside the code
  fs.readFileSync(new URL('../../platform/markdown/xss-corpus.json', import.meta.url), 'utf8'),
) as string[];

/** A multipart body with one file part; the claimed Content-Type is whatever the test says. */
function multipart(bytes: Buffer, filename: string, claimedType = 'application/octet-stream') {
  const boundary = '----tongxin-files-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${claimedType}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(ENGINES)('file uploads on %s', (engine) => {
  // One megabyte, so the size limit is cheap to cross; uploads a minute per account lifted
  // (the XSS corpus alone is more than the default 60).
  const h = useHarness(engine, { UPLOAD_MAX_MB: '1', UPLOADS_PER_MINUTE: '100000' });
  let f: TwoBranches;
  let memberA: string;
  let memberB: string;
  const accountIds: Record<string, string> = {};

  beforeAll(async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    f = await buildTwoBranches(ctx);
    memberA = await f.cookie(app, 'member.a');
    memberB = await f.cookie(app, 'member.b');
    for (const name of ['member.a', 'member.b']) {
      const [row] = await ctx.database.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.username, name));
      accountIds[name] = row?.id ?? '';
    }
  });

  const upload = (cookie: string, bytes: Buffer, filename: string, claimedType?: string) => {
    const { payload, headers } = multipart(bytes, filename, claimedType);
    return h().app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...headers, cookie },
      payload,
    });
  };
  const uploaded = async (bytes: Buffer, filename: string, cookie = memberA) => {
    const res = await upload(cookie, bytes, filename);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<FileRef>();
  };
  const get = (cookie: string, url: string, headers: Record<string, string> = {}) =>
    h().app.inject({ method: 'GET', url, headers: { ...headers, cookie } });

  it('accepts the allowed images and documents, typed by content', async () => {
    const cases: [Buffer, string, string, 'image' | 'document'][] = [
      [await image('png'), '支部活动.png', 'image/png', 'image'],
      [await image('jpeg'), 'photo.jpeg', 'image/jpeg', 'image'],
      [await image('gif'), 'anim.gif', 'image/gif', 'image'],
      [await image('webp'), 'pic.webp', 'image/webp', 'image'],
      [pdf(), '学习材料.pdf', 'application/pdf', 'document'],
      [
        await ooxml('docx'),
        '会议纪要.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'document',
      ],
      [
        await xlsx(),
        '学时.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'document',
      ],
      [
        compoundFile({ WordDocument: 'legacy word' }),
        '旧文档.doc',
        'application/msword',
        'document',
      ],
      [
        compoundFile({ Workbook: 'legacy excel' }),
        'old.xls',
        'application/vnd.ms-excel',
        'document',
      ],
      [
        compoundFile({ 'PowerPoint Document': 'legacy slides' }),
        'old.ppt',
        'application/vnd.ms-powerpoint',
        'document',
      ],
      [text(), '心得.txt', 'text/plain', 'document'],
    ];
    for (const [bytes, name, mime, kind] of cases) {
      // The browser's claim is ignored: every one is sent as "text/html".
      const res = await upload(memberA, bytes, name, 'text/html');
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      const ref = res.json<FileRef>();
      expect(ref, name).toMatchObject({ name, mime, kind, size: bytes.length });
      expect(ref.hasThumbnail, name).toBe(kind === 'image');
      if (kind === 'image') {
        expect(ref).toMatchObject({
          width: 640,
          height: 480,
          thumbnailUrl: `${ref.url}/thumbnail`,
        });
      } else {
        expect(ref).toMatchObject({ width: null, height: null, thumbnailUrl: null });
      }
      const [row] = await h().ctx.database.db.select().from(files).where(eq(files.id, ref.id));
      expect(row?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(row?.uploadedBy).toBe(accountIds['member.a']);
    }
  });

  it('refuses HTML, SVG, scripts, executables, archives and binary "text"', async () => {
    const cases: [Buffer, string, string][] = [
      [SPOOFS.htmlAsPng, 'photo.png', 'file_type_not_allowed'],
      [SPOOFS.htmlAsPng, 'page.html', 'file_type_not_allowed'],
      [SPOOFS.svgWithScript, 'logo.svg', 'file_type_not_allowed'],
      [SPOOFS.svgWithScript, 'logo.png', 'file_type_not_allowed'],
      [SPOOFS.xmlSvg, 'logo.txt', 'file_type_not_allowed'],
      [SPOOFS.peAsPdf, '通知.pdf', 'file_type_not_allowed'],
      [SPOOFS.elfAsPdf, 'report.pdf', 'file_type_not_allowed'],
      [SPOOFS.textWithNul, 'notes.txt', 'file_type_not_allowed'],
      [SPOOFS.latin1, 'notes.txt', 'file_type_not_allowed'],
      [SPOOFS.shellScript, 'run.txt', 'file_type_not_allowed'],
      [await plainZip(), 'bundle.zip', 'file_type_not_allowed'],
      [await ooxml('docm'), 'macro.docx', 'file_type_not_allowed'],
      [compoundFile({ SummaryInformation: 'an installer' }), 'setup.doc', 'file_type_not_allowed'],
      [
        compoundFile({ WordDocument: 'word', Macros: 'Sub AutoOpen()' }),
        'macro.doc',
        'file_has_macros',
      ],
      // Allowed content under a name that says something else.
      [text(), 'photo.png', 'file_type_mismatch'],
      [pdf(), 'minutes.docx', 'file_type_mismatch'],
      [await image('png'), 'scan.pdf', 'file_type_mismatch'],
      // An image signature with no decodable image behind it.
      [await corruptPng(), 'broken.png', 'image_unreadable'],
    ];
    for (const [bytes, name, code] of cases) {
      const res = await upload(memberA, bytes, name, 'image/png');
      expect(res.statusCode, `${name}: ${res.body}`).toBe(422);
      expect(res.json().error.code, name).toBe(code);
    }
    const empty = await upload(memberA, Buffer.alloc(0), 'empty.txt');
    expect(empty.json().error.code).toBe('file_empty');
  });

  it('lets nothing of the XSS corpus through as anything but inert text', async () => {
    for (const payload of XSS_CORPUS) {
      for (const name of ['payload.txt', 'payload.png', 'payload.html']) {
        const res = await upload(memberA, Buffer.from(payload), name, 'text/html');
        if (/^\s*</.test(payload) || !name.endsWith('.txt')) {
          expect(res.statusCode, `${name}: ${payload}`).toBe(422);
          continue;
        }
        if (res.statusCode === 422) continue;
        expect(res.statusCode, payload).toBe(201);
        const ref = res.json<FileRef>();
        expect(ref.mime).toBe('text/plain');
        const served = await get(memberA, ref.url);
        expect(served.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(served.headers['content-disposition']).toMatch(/^attachment;/);
        expect(served.headers['x-content-type-options']).toBe('nosniff');
        expect(served.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      }
    }
  });

  it('keeps nothing of a refused upload', async () => {
    const { ctx } = h();
    const before = await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(files);
    const res = await upload(memberA, SPOOFS.htmlAsPng, 'photo.png');
    expect(res.statusCode).toBe(422);
    const after = await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(files);
    expect(after[0]?.n).toBe(before[0]?.n);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the test's own directory
    const stored = fs.readdirSync(ctx.config.filesDir, { recursive: true, withFileTypes: true });
    const objects = stored.filter((d) => d.isFile()).length;
    // Two objects (original and thumbnail) per stored image, one per document, none else.
    const rows = await ctx.database.db.select().from(files);
    expect(objects).toBe(rows.reduce((n, r) => n + (r.thumbnailKey ? 2 : 1), 0));
  });

  it('refuses files over the configured size', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x61);
    const res = await upload(memberA, big, 'big.txt');
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'file_too_large',
      details: { maxBytes: 1024 * 1024 },
    });
    const exact = await upload(memberA, Buffer.alloc(1024 * 1024, 0x61), 'exact.txt');
    expect(exact.statusCode, exact.body).toBe(201);
  });

  it('cleans names: no paths, no control or direction characters, Chinese kept', async () => {
    const png = await image('png');
    expect((await uploaded(png, '../../etc/passwd/会议照片.png')).name).toBe('会议照片.png');
    expect((await uploaded(png, 'C:\\Users\\x\\合影.png')).name).toBe('合影.png');
    expect((await uploaded(png, 'evil\u202Egnp.exe.png')).name).toBe('evilgnp.exe.png');
    expect((await uploaded(png, '.hidden')).name).toBe('hidden.png');
    // A photo named as another image type takes its real extension.
    expect((await uploaded(png, '截图.jpg')).name).toBe('截图.png');
    expect((await uploaded(text(), '无扩展名')).name).toBe('无扩展名.txt');
  });

  it('serves files inert: detected type, nosniff, sandbox CSP, download unless an image', async () => {
    const doc = await uploaded(pdf(), '学习材料（第1期）.pdf');
    const res = await get(memberA, doc.url);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf())).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(res.headers['cache-control']).toBe('private, max-age=3600');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="______1__.pdf"; filename*=UTF-8''${encodeURIComponent('学习材料（第1期）')}.pdf`,
    );

    const txt = await uploaded(text(), 'notes.txt');
    const t = await get(memberA, txt.url);
    expect(t.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(t.headers['content-disposition']).toMatch(/^attachment;/);

    const pic = await uploaded(await image('png'), "it's (1).png");
    const p = await get(memberA, pic.url);
    expect(p.headers['content-type']).toBe('image/png');
    expect(p.headers['content-disposition']).toBe(
      `inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`,
    );
    expect(p.headers['content-security-policy']).toBe("sandbox; default-src 'none'");

    // Revalidation: the same bytes answer 304 without a body.
    const etag = String(p.headers.etag);
    const again = await get(memberA, pic.url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('makes upright WebP thumbnails without EXIF for images only', async () => {
    const photo = await uploaded(await jpegWithGps(), '现场.jpg');
    expect((await sharp(await jpegWithGps()).metadata()).exif).toBeDefined();
    expect(photo).toMatchObject({ width: 800, height: 600, hasThumbnail: true });
    const thumb = await get(memberA, photo.thumbnailUrl ?? '');
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 240 });
    expect(meta.exif).toBeUndefined();

    const small = await uploaded(await image('png', 100, 50), 'small.png');
    const smallThumb = await sharp(
      (await get(memberA, small.thumbnailUrl ?? '')).rawPayload,
    ).metadata();
    expect(smallThumb).toMatchObject({ width: 100, height: 50 });

    const doc = await uploaded(pdf(), 'a.pdf');
    expect((await get(memberA, `${doc.url}/thumbnail`)).statusCode).toBe(404);
  });

  it('lets only the uploader read an unclaimed file', async () => {
    const mine = await uploaded(await image('png'), 'mine.png');
    expect((await get(memberA, mine.url)).statusCode).toBe(200);
    const other = await get(memberB, mine.url);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect((await get(memberB, mine.thumbnailUrl ?? '')).statusCode).toBe(404);
    // Not even with the ETag: a conditional request is checked first.
    const etag = String((await get(memberA, mine.url)).headers.etag);
    expect((await get(memberB, mine.url, { 'if-none-match': etag })).statusCode).toBe(404);
    const anonymous = await h().app.inject({ method: 'GET', url: mine.url });
    expect(anonymous.statusCode).toBe(401);
    const upload401 = await h().app.inject({
      method: 'POST',
      url: '/api/v1/files',
      ...multipart(pdf(), 'a.pdf'),
    });
    expect(upload401.statusCode).toBe(401);
  });

  it('claims only own unclaimed files; the owner kind then decides who reads', async () => {
    const { ctx } = h();
    const readers = new Set<string>([accountIds['member.b'] ?? '']);
    registerFileOwnerAccess('test-note', async (_ctx, accountId, ownerId) =>
      ownerId === 'note-1' ? readers.has(accountId) : false,
    );
    const a1 = await uploaded(await image('png'), 'a1.png');
    const a2 = await uploaded(pdf(), 'a2.pdf');
    const b1 = await uploaded(pdf(), 'b1.pdf', memberB);
    const claim = (account: string, ids: string[], ownerId = 'note-1') =>
      ctx.database.write((tx) =>
        claimFiles(tx, accountIds[account] ?? '', ids, { kind: 'test-note', id: ownerId }),
      );
    const refusal = async (work: Promise<unknown>) => {
      const err = await work.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      return err as AppError;
    };

    // Someone else's file: refused, and nothing of the batch is claimed.
    const theirs = await refusal(claim('member.a', [a1.id, b1.id]));
    expect(theirs).toMatchObject({ statusCode: 400, code: 'invalid_input' });
    expect(theirs.details).toMatchObject({ fileIds: [b1.id] });
    expect((await get(memberB, a1.url)).statusCode).toBe(404);
    const twice = await refusal(claim('member.a', [a1.id, a1.id]));
    expect(twice.message).toContain('twice');
    const unknown = await refusal(claim('member.a', ['00000000-0000-4000-8000-000000000000']));
    expect(unknown.code).toBe('invalid_input');
    const malformed = await refusal(claim('member.a', ['not-a-uuid']));
    expect(malformed).toMatchObject({ statusCode: 400, message: 'A file id is not valid' });

    const refs = await claim('member.a', [a2.id, a1.id]);
    expect(refs.map((r) => r.id)).toEqual([a2.id, a1.id]);
    // Claimed: B reads it because the owner kind says so; the uploader still does.
    expect((await get(memberB, a1.url)).statusCode).toBe(200);
    expect((await get(memberB, a1.thumbnailUrl ?? '')).statusCode).toBe(200);
    expect((await get(memberA, a1.url)).statusCode).toBe(200);
    readers.clear();
    expect((await get(memberB, a1.url)).statusCode).toBe(404);

    const already = await refusal(claim('member.a', [a1.id], 'note-2'));
    expect(already.message).toContain('already attached');
    const listed = await listFilesOfOwners(ctx.database.db, 'test-note', ['note-1', 'note-9']);
    expect(
      listed
        .get('note-1')
        ?.map((r) => r.id)
        .sort(),
    ).toEqual([a1.id, a2.id].sort());
    expect(listed.has('note-9')).toBe(false);

    // Attached files stay; an own unattached upload can be taken back before sending.
    const del = (cookie: string, id: string) =>
      h().app.inject({ method: 'DELETE', url: `/api/v1/files/${id}`, headers: { cookie } });
    expect((await del(memberA, a1.id)).statusCode).toBe(409);
    expect((await del(memberA, b1.id)).statusCode).toBe(404);
    expect((await del(memberB, b1.id)).statusCode).toBe(200);
    expect((await get(memberB, b1.url)).statusCode).toBe(404);
  });

  it('prunes unclaimed uploads older than the cut-off, bytes and all', async () => {
    const { ctx } = h();
    const old = await uploaded(pdf(), 'old.pdf');
    const [row] = await ctx.database.db.select().from(files).where(eq(files.id, old.id));
    await ctx.database.write((tx) =>
      tx
        .update(files)
        .set({ createdAt: new Date(Date.now() - 2 * 86_400_000) })
        .where(eq(files.id, old.id)),
    );
    const fresh = await uploaded(pdf(), 'fresh.pdf');
    const removed = await pruneUnclaimedFiles(ctx, new Date(Date.now() - 86_400_000));
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await ctx.storage.exists(row?.storageKey ?? '')).toBe(false);
    expect((await get(memberA, old.url)).statusCode).toBe(404);
    expect((await get(memberA, fresh.url)).statusCode).toBe(200);
  });

  it('takes a multipart body only', async () => {
    const res = await h().app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { cookie: memberA },
      payload: { file: 'x' },
    });
    expect(res.statusCode).toBe(415);
  });
});
