import { createHash } from 'node:crypto';
import CFB from 'cfb';
import type { FileErrorCode, FileKind } from '@tongxin/contract';

/** What an upload is, decided from its bytes alone. */
export interface AllowedType {
  mime: string;
  kind: FileKind;
  /** The extension stored names get. */
  ext: string;
  /** Name extensions that agree with this content. */
  names: readonly string[];
}

const png: AllowedType = { mime: 'image/png', kind: 'image', ext: 'png', names: ['png'] };
const jpeg: AllowedType = {
  mime: 'image/jpeg',
  kind: 'image',
  ext: 'jpg',
  names: ['jpg', 'jpeg', 'jpe', 'jfif'],
};
const gif: AllowedType = { mime: 'image/gif', kind: 'image', ext: 'gif', names: ['gif'] };
const webp: AllowedType = { mime: 'image/webp', kind: 'image', ext: 'webp', names: ['webp'] };
const pdf: AllowedType = { mime: 'application/pdf', kind: 'document', ext: 'pdf', names: ['pdf'] };
const docx: AllowedType = {
  mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  kind: 'document',
  ext: 'docx',
  names: ['docx'],
};
const xlsx: AllowedType = {
  mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  kind: 'document',
  ext: 'xlsx',
  names: ['xlsx'],
};
const pptx: AllowedType = {
  mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  kind: 'document',
  ext: 'pptx',
  names: ['pptx'],
};
const doc: AllowedType = {
  mime: 'application/msword',
  kind: 'document',
  ext: 'doc',
  names: ['doc'],
};
const xls: AllowedType = {
  mime: 'application/vnd.ms-excel',
  kind: 'document',
  ext: 'xls',
  names: ['xls'],
};
const ppt: AllowedType = {
  mime: 'application/vnd.ms-powerpoint',
  kind: 'document',
  ext: 'ppt',
  names: ['ppt', 'pps'],
};
export const PLAIN_TEXT: AllowedType = {
  mime: 'text/plain',
  kind: 'document',
  ext: 'txt',
  names: ['txt'],
};

/** file-type's extension → what we accept. Anything it names that is not here is refused. */
const BY_DETECTED_EXT: Readonly<Record<string, AllowedType>> = {
  png,
  jpg: jpeg,
  gif,
  webp,
  pdf,
  docx,
  xlsx,
  pptx,
};

export class UploadRefused extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

/**
 * Watches the bytes as they stream to storage: their hash, and whether they could be plain
 * text (valid UTF-8, no NUL), plus the first bytes for the markup check.
 */
export class ContentProbe {
  private readonly hash = createHash('sha256');
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private head: Buffer = Buffer.alloc(0);
  size = 0;
  utf8 = true;
  hasNul = false;

  observe(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.byteLength;
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    if (!this.hasNul && chunk.includes(0)) this.hasNul = true;
    if (this.utf8) {
      try {
        this.decoder.decode(chunk, { stream: true });
      } catch {
        this.utf8 = false;
      }
    }
  }

  /** Call once the last chunk is in. */
  finish(): { sha256: string; text: boolean; head: string } {
    if (this.utf8) {
      try {
        this.decoder.decode();
      } catch {
        this.utf8 = false;
      }
    }
    return {
      sha256: this.hash.digest('hex'),
      text: this.utf8 && !this.hasNul,
      head: this.head.toString('utf8'),
    };
  }
}

const HEAD_BYTES = 1024;

/**
 * Text that a browser or an interpreter would treat as code: HTML, SVG, XML, scripts with a
 * shebang. Served as text/plain with nosniff they would be harmless, but nobody needs to share
 * them in party work, and a download opened locally would run.
 */
export function markupKind(head: string): string | null {
  const start = head
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 200)
    .toLowerCase();
  if (start.startsWith('#!')) return 'script';
  if (start.startsWith('<?xml')) return 'xml';
  if (/<svg[\s>/]/i.test(head)) return 'svg';
  // Text that opens with a tag, a comment or a doctype is markup, whatever follows.
  if (/^<[a-z!/]/.test(start)) return 'html';
  if (/<script[\s>/]/i.test(head)) return 'html';
  return null;
}

/** Streams and storages that only the one legacy Office format has. */
const CFB_TYPES: readonly [string, AllowedType][] = [
  ['WordDocument', doc],
  ['Workbook', xls],
  ['Book', xls],
  ['PowerPoint Document', ppt],
];
/** VBA projects: a legacy document with macros can run code when opened. */
const MACRO_ENTRIES = new Set(['macros', '_vba_project_cur', 'vba', '_vba_project']);

/**
 * A Compound File (the container of .doc/.xls/.ppt, but also of .msi installers and Outlook
 * .msg): which legacy Office document it is, by its root entries, or null.
 */
export function legacyOfficeType(bytes: Buffer): AllowedType | null {
  let container: ReturnType<typeof CFB.read>;
  try {
    container = CFB.read(bytes, { type: 'buffer' });
  } catch {
    return null;
  }
  const names = container.FileIndex.map((entry) => entry.name);
  if (names.some((name) => MACRO_ENTRIES.has(name.toLowerCase()))) {
    throw new UploadRefused('file_has_macros', 'Documents with macros are not accepted');
  }
  for (const [stream, type] of CFB_TYPES) {
    if (names.includes(stream)) return type;
  }
  return null;
}

export interface Detected {
  /** file-type's answer, or undefined when it knows no signature. */
  ext: string | undefined;
  mime: string | undefined;
}

/**
 * The allowed type of the content, or an UploadRefused. `cfb` lets the caller read the whole
 * file only when it is a Compound File.
 */
export async function classify(
  detected: Detected,
  text: { text: boolean; head: string },
  readAll: () => Promise<Buffer>,
): Promise<AllowedType> {
  if (detected.ext === 'cfb') {
    const type = legacyOfficeType(await readAll());
    if (type) return type;
    throw new UploadRefused('file_type_not_allowed', 'This kind of file is not accepted', {
      detected: 'cfb',
    });
  }
  if (detected.ext) {
    const type = BY_DETECTED_EXT[detected.ext];
    if (type) return type;
    throw new UploadRefused('file_type_not_allowed', 'This kind of file is not accepted', {
      detected: detected.mime ?? detected.ext,
    });
  }
  if (!text.text) {
    throw new UploadRefused('file_type_not_allowed', 'This kind of file is not accepted', {
      detected: 'unknown',
    });
  }
  const markup = markupKind(text.head);
  if (markup) {
    throw new UploadRefused(
      'file_type_not_allowed',
      'Web pages, SVG and scripts are not accepted',
      {
        detected: markup,
      },
    );
  }
  return PLAIN_TEXT;
}

/**
 * The stored name: the uploader's name with its extension checked against the content. A name
 * with no extension gets the content's; an image named as another image type is renamed (phones
 * and chat apps often mislabel photos); any other disagreement is refused, so a page called
 * photo.png or an installer called notice.pdf never passes as what its name says.
 */
export function nameForType(name: string, type: AllowedType): string {
  const dot = name.lastIndexOf('.');
  const tail = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  // "会议纪要.2024" has no extension: only a short word after the last dot is one.
  const ext = /^[a-z][a-z0-9]{0,7}$/.test(tail) ? tail : '';
  const base = ext ? name.slice(0, dot) : name;
  if (ext === '') return `${name}.${type.ext}`;
  if (type.names.includes(ext)) return name;
  if (type.kind === 'image' && IMAGE_NAMES.has(ext)) return `${base}.${type.ext}`;
  throw new UploadRefused('file_type_mismatch', `The content is not a .${ext} file`, {
    named: ext,
    detected: type.ext,
  });
}

const IMAGE_NAMES = new Set([...png.names, ...jpeg.names, ...gif.names, ...webp.names]);
