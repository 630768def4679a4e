import ExcelJS from 'exceljs';
import { AppError } from '../../platform/http/errors.ts';

/**
 * Reading and writing .xlsx files safely. An upload is checked by content before any parser
 * sees it: a zip whose central directory names the parts every workbook has, with a bounded
 * total size once unpacked (a small file must not expand into gigabytes).
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 2000;

const notXlsx = (why: string) =>
  new AppError(422, 'not_xlsx', `The upload is not an Excel workbook (.xlsx): ${why}`);

/** The entries of a zip archive, from its central directory. */
function zipEntries(buf: Buffer): { names: string[]; unpacked: number } {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw notXlsx('not a zip archive');
  // The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx('no zip directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES) throw notXlsx('too many parts');
  const names: string[] = [];
  let unpacked = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) {
      throw notXlsx('damaged zip directory');
    }
    unpacked += buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return { names, unpacked };
}

/** Refuses anything but a genuine, reasonably sized .xlsx, whatever its name or type says. */
export function assertXlsx(buf: Buffer): void {
  const { names, unpacked } = zipEntries(buf);
  if (!names.includes('[Content_Types].xml') || !names.includes('xl/workbook.xml')) {
    throw notXlsx('no workbook inside');
  }
  if (unpacked > MAX_UNPACKED_BYTES) throw notXlsx('too large once unpacked');
}

type LoadInput = Parameters<ExcelJS.Xlsx['load']>[0];

export async function readWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  assertXlsx(buf);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads at run time.
    await workbook.xlsx.load(buf as unknown as LoadInput);
  } catch {
    throw notXlsx('the workbook could not be read');
  }
  return workbook;
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell as plain text: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('text' in value) return String(value.text).trim();
  if ('result' in value && value.result !== undefined)
    return cellText(value.result as ExcelJS.CellValue);
  return '';
}

/** Excel dates arrive as UTC midnight; the calendar date is the UTC one. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** 2020-07-01, 2020/7/1, 2020.07.01 or 20200701 → 2020-07-01; null if it is no real date. */
export function parseDate(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return isoDate(date);
}
