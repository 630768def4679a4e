import CFB from 'cfb';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import sharp from 'sharp';

/**
 * Real files of every accepted kind and the spoofs the upload must refuse, made in memory so
 * the tests ship no binaries.
 */

export const image = (format: 'png' | 'jpeg' | 'gif' | 'webp', width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: '#c8102e' } })
    .toFormat(format)
    .toBuffer();

/** A JPEG that carries a GPS position in its EXIF, as phone photos do. */
export const jpegWithGps = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffd700' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 0/1' },
    })
    .toBuffer();

/** A well-formed PNG whose compressed pixels are scrambled: right signature, no picture. */
export async function corruptPng(): Promise<Buffer> {
  const bytes = Buffer.from(await image('png', 64, 64));
  const idat = bytes.indexOf('IDAT');
  const length = bytes.readUInt32BE(idat - 4);
  for (let i = idat + 4; i < idat + 4 + length; i++) bytes[i] = (bytes[i] ?? 0) ^ 0x55;
  return bytes;
}

export const pdf = () =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );

export async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('学习记录').addRow(['姓名', '学时']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const OOXML = {
  docx: [
    'word/document.xml',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  ],
  docm: ['word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml'],
  pptx: [
    'ppt/presentation.xml',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  ],
} as const;

/** The smallest package of an Office document: content types, the package relation, one part. */
export async function ooxml(kind: keyof typeof OOXML = 'docx'): Promise<Buffer> {
  const [part, type] = OOXML[kind];
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${part}" ContentType="${type}"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${part}"/></Relationships>`,
  );
  zip.file(part, '<?xml version="1.0" encoding="UTF-8"?><root>会议纪要</root>');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A Compound File with the given streams: a legacy .doc has WordDocument, an .msi has none. */
export function compoundFile(streams: Record<string, string>): Buffer {
  const container = CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(streams)) {
    CFB.utils.cfb_add(container, name, Buffer.from(content));
  }
  return Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array);
}

export const text = () =>
  Buffer.from('\uFEFF学习心得：坚持理论学习，联系工作实际。\nSecond line.\n', 'utf8');

export const SPOOFS = {
  htmlAsPng: Buffer.from(
    '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>',
  ),
  svgWithScript: Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
  ),
  xmlSvg: Buffer.from(
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  ),
  /** The DOS header and PE signature of a Windows executable. */
  peAsPdf: Buffer.concat([
    Buffer.from('MZ'),
    Buffer.alloc(58),
    Buffer.from([0x80, 0, 0, 0]),
    Buffer.alloc(64),
    Buffer.from('PE\0\0'),
    Buffer.alloc(256, 0x90),
  ]),
  elfAsPdf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(256)]),
  textWithNul: Buffer.from('looks like text\0but has a NUL byte\n'),
  latin1: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72, 0x0a]),
  shellScript: Buffer.from('#!/bin/sh\nrm -rf ~\n'),
};

export async function plainZip(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('readme.txt', 'hello');
  return zip.generateAsync({ type: 'nodebuffer' });
}
