import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import {
  GENDERS,
  MEMBER_CONDITIONS,
  MEMBER_STATUSES,
  PHONE_REGEX,
  idCardProblem,
  maskIdCard,
  maskPhone,
  normaliseIdCard,
  normalisePhone,
  type Gender,
  type ImportProblem,
  type ImportProblemCode,
  type ImportReport,
  type MemberCondition,
  type MemberStatus,
  type Organisation,
} from '@tongxin/contract';
import { members } from './schema.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { listOrgs, subtreeIds } from '../orgs/service.ts';
import { isBranch } from '../orgs/rules.ts';
import { createMember, idCardIndexOf, personalData, type NewMember } from './service.ts';
import { cellText, parseDate, readWorkbook, workbookBuffer } from './xlsx.ts';

/**
 * The roster as a spreadsheet: one column set for the template, the export and the import,
 * so an exported file (with clear personal data) can be corrected and imported elsewhere.
 */

const COLUMNS = [
  { key: 'name', header: '姓名', required: true, width: 10, max: 40 },
  { key: 'gender', header: '性别', required: true, width: 6, max: 4 },
  { key: 'ethnicity', header: '民族', required: false, width: 8, max: 20 },
  { key: 'birthDate', header: '出生日期', required: false, width: 12, max: 20 },
  { key: 'idCard', header: '身份证号', required: false, width: 22, max: 30 },
  { key: 'phone', header: '联系电话', required: false, width: 15, max: 20 },
  { key: 'education', header: '学历', required: false, width: 12, max: 40 },
  { key: 'unit', header: '工作单位', required: false, width: 26, max: 100 },
  { key: 'job', header: '职务', required: false, width: 16, max: 100 },
  { key: 'status', header: '党员状态', required: true, width: 12, max: 20 },
  { key: 'condition', header: '组织状态', required: false, width: 14, max: 20 },
  { key: 'joinedOn', header: '入党日期', required: false, width: 12, max: 20 },
  { key: 'fullMemberOn', header: '转正日期', required: false, width: 12, max: 20 },
  { key: 'branch', header: '所在支部', required: true, width: 32, max: 200 },
  { key: 'group', header: '党小组', required: false, width: 14, max: 80 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];
const HEADER_OF = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header])) as Record<
  ColumnKey,
  string
>;

export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女' };
export const STATUS_LABELS: Record<MemberStatus, string> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
};
export const CONDITION_LABELS: Record<MemberCondition, string> = {
  normal: '正常',
  mobile_out: '流动党员（外出）',
  mobile_in: '流动党员（流入）',
  lost_contact: '失联',
  suspended: '停止党籍',
  left: '已出党',
  deceased: '已故',
};

/** A label in Chinese or the API's own code. */
function lookup<T extends string>(
  codes: readonly T[],
  labels: Record<T, string>,
  text: string,
): T | null {
  const plain = text.replace(/[()（）\s]/g, '');
  return codes.find((c) => c === text || labels[c].replace(/[()（）\s]/g, '') === plain) ?? null;
}

export const MAX_IMPORT_ROWS = 5000;
const SHEET = '党员名册';

function newSheet(): { workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet } {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tongxin 同心';
  const sheet = workbook.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.key,
    width: c.width,
    // Text, so Excel does not turn ID card numbers into 1.1E+17 or dates into serials.
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  return { workbook, sheet };
}

/** The empty roster with Chinese headers, drop-downs and an example row to overwrite. */
export async function importTemplate(): Promise<Buffer> {
  const { workbook, sheet } = newSheet();
  const lists: Partial<Record<ColumnKey, string[]>> = {
    gender: Object.values(GENDER_LABELS),
    status: Object.values(STATUS_LABELS),
    condition: Object.values(CONDITION_LABELS),
  };
  for (const [key, values] of Object.entries(lists)) {
    const col = sheet.getColumn(key);
    for (let r = 2; r <= 501; r++) {
      sheet.getCell(r, col.number).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${values.join(',')}"`],
      };
    }
  }
  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [{ width: 100 }];
  for (const line of [
    '带 * 的列必填。第一行为表头，请勿修改；从第二行起每行一名党员。',
    '身份证号：18 位，按 GB 11643 校验；与出生日期、性别须一致（出生日期可不填，将从身份证号读取）。',
    '日期：YYYY-MM-DD，例如 2010-07-01。',
    '所在支部：支部名称，或从基层党委以下的完整路径，例如“机关党总支/机关第一党支部”。',
    '党小组：所在支部下的党小组名称，可不填。',
    '导入前请先“检查”：系统逐行报告问题，全部通过后才能导入；导入要么全部写入，要么全部不写入。',
  ]) {
    notes.addRow([line]);
  }
  return workbookBuffer(workbook);
}

/** 机关党总支/机关第一党支部: the names below the root, which is the same for everyone. */
function pathBelowRoot(byId: Map<string, Organisation>, o: Organisation): string {
  const names: string[] = [];
  for (let at: Organisation | undefined = o; at?.parentId; at = byId.get(at.parentId)) {
    names.unshift(at.name);
  }
  return names.join('/');
}

interface OrgIndex {
  branches: { org: Organisation; path: string }[];
  groupsOf: Map<string, Organisation[]>;
}

async function orgIndex(ctx: ServiceContext, scopeRoot: string | undefined): Promise<OrgIndex> {
  const all = await listOrgs(ctx, 'all');
  const scope = scopeRoot ? new Set(await subtreeIds(ctx.database.db, [scopeRoot])) : null;
  const byId = new Map(all.map((o) => [o.id, o]));
  const groupsOf = new Map<string, Organisation[]>();
  for (const o of all) {
    if (o.kind === 'group' && o.parentId) {
      groupsOf.set(o.parentId, [...(groupsOf.get(o.parentId) ?? []), o]);
    }
  }
  return {
    branches: all
      .filter((o) => isBranch(o.kind) && (!scope || scope.has(o.id)))
      .map((org) => ({ org, path: pathBelowRoot(byId, org) })),
    groupsOf,
  };
}

function findBranch(index: OrgIndex, text: string): Organisation | 'unknown' | 'ambiguous' {
  const wanted = text
    .split(/[/／>＞]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .join('/');
  const hits = index.branches.filter(
    (b) => b.path === wanted || b.path.endsWith(`/${wanted}`) || b.org.name === wanted,
  );
  if (hits.length === 1 && hits[0]) return hits[0].org;
  return hits.length === 0 ? 'unknown' : 'ambiguous';
}

export interface ImportOptions {
  orgId?: string;
  dryRun: boolean;
  /** May the caller add members to this branch? */
  mayManage: (branchId: string) => boolean;
}

/**
 * Checks every row and reports every problem; writes only when asked and nothing is wrong,
 * then all rows in one transaction.
 */
export async function importRoster(
  ctx: ServiceContext,
  actor: Actor,
  file: Buffer,
  options: ImportOptions,
): Promise<ImportReport> {
  const workbook = await readWorkbook(file);
  const sheet = workbook.getWorksheet(SHEET) ?? workbook.worksheets[0];
  const errors: ImportProblem[] = [];
  const report = (row: number, field: ColumnKey, problem: ImportProblemCode) =>
    errors.push({ row, field, column: HEADER_OF[field], problem });
  const done = (rows: number, valid: number): ImportReport => ({
    dryRun: options.dryRun,
    rows,
    valid,
    imported: 0,
    errors,
  });
  if (!sheet) return done(0, 0);

  // Columns by header, in whatever order the file has them.
  const position = new Map<ColumnKey, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const header = cellText(cell.value).replace(/[*＊\s]/g, '');
    const column = COLUMNS.find((c) => c.header === header);
    if (column) position.set(column.key, col);
  });
  for (const c of COLUMNS)
    if (c.required && !position.has(c.key)) report(1, c.key, 'missing_column');
  if (errors.length > 0) return done(0, 0);

  const dataRows: { number: number; cells: Record<ColumnKey, string> }[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = Object.fromEntries(
      COLUMNS.map((c) => {
        const col = position.get(c.key);
        return [c.key, col ? cellText(row.getCell(col).value) : ''];
      }),
    ) as Record<ColumnKey, string>;
    if (Object.values(cells).some((v) => v !== '')) dataRows.push({ number, cells });
  });
  if (dataRows.length === 0) {
    report(2, 'name', 'empty');
    return done(0, 0);
  }
  if (dataRows.length > MAX_IMPORT_ROWS) {
    report(MAX_IMPORT_ROWS + 2, 'name', 'too_many_rows');
    return done(dataRows.length, 0);
  }

  const index = await orgIndex(ctx, options.orgId);
  const seen = new Map<string, number>();
  const candidates: { row: number; input: NewMember; idIndex: string | null }[] = [];

  for (const { number, cells } of dataRows) {
    const before = errors.length;
    for (const c of COLUMNS) {
      if (c.required && cells[c.key] === '') report(number, c.key, 'required');
      else if (cells[c.key].length > c.max) report(number, c.key, 'too_long');
    }
    const gender = cells.gender ? lookup(GENDERS, GENDER_LABELS, cells.gender) : null;
    if (cells.gender && !gender) report(number, 'gender', 'unknown_gender');
    const status = cells.status ? lookup(MEMBER_STATUSES, STATUS_LABELS, cells.status) : null;
    if (cells.status && !status) report(number, 'status', 'unknown_status');
    const condition = cells.condition
      ? lookup(MEMBER_CONDITIONS, CONDITION_LABELS, cells.condition)
      : 'normal';
    if (!condition) report(number, 'condition', 'unknown_condition');

    const date = (key: 'birthDate' | 'joinedOn' | 'fullMemberOn'): string | null => {
      if (!cells[key]) return null;
      const parsed = parseDate(cells[key]);
      if (!parsed) report(number, key, 'bad_date');
      return parsed;
    };
    let birthDate = date('birthDate');
    const joinedOn = date('joinedOn');
    const fullMemberOn = date('fullMemberOn');
    if (joinedOn && fullMemberOn && fullMemberOn < joinedOn) {
      report(number, 'fullMemberOn', 'date_order');
    }
    if (birthDate && joinedOn && joinedOn <= birthDate) report(number, 'joinedOn', 'date_order');

    let idCard: string | null = null;
    let idIndex: string | null = null;
    if (cells.idCard) {
      idCard = normaliseIdCard(cells.idCard);
      const problem = idCardProblem(idCard, { birthDate, gender });
      if (problem) report(number, 'idCard', `id_card_${problem}`);
      else {
        birthDate ??= `${idCard.slice(6, 10)}-${idCard.slice(10, 12)}-${idCard.slice(12, 14)}`;
        idIndex = idCardIndexOf(ctx.crypto, idCard);
        const first = seen.get(idIndex);
        if (first !== undefined) report(number, 'idCard', 'duplicate_in_file');
        else seen.set(idIndex, number);
      }
    }
    const phone = cells.phone ? normalisePhone(cells.phone) : null;
    if (phone && !PHONE_REGEX.test(phone)) report(number, 'phone', 'bad_phone');

    let branchId: string | null = null;
    let groupId: string | null = null;
    if (cells.branch) {
      const branch = findBranch(index, cells.branch);
      if (branch === 'unknown') report(number, 'branch', 'unknown_org');
      else if (branch === 'ambiguous') report(number, 'branch', 'ambiguous_org');
      else if (!options.mayManage(branch.id)) report(number, 'branch', 'not_allowed');
      else {
        branchId = branch.id;
        if (cells.group) {
          const group = (index.groupsOf.get(branch.id) ?? []).find((g) => g.name === cells.group);
          if (group) groupId = group.id;
          else report(number, 'group', 'unknown_group');
        }
      }
    }
    if (errors.length === before && gender && status && condition && branchId) {
      candidates.push({
        row: number,
        idIndex,
        input: {
          name: cells.name,
          gender,
          ethnicity: cells.ethnicity || '汉族',
          birthDate,
          education: cells.education || null,
          unit: cells.unit || null,
          job: cells.job || null,
          joinedOn,
          fullMemberOn,
          status,
          condition,
          branchId,
          groupId,
          idCard,
          phone,
        },
      });
    }
  }

  // Duplicates of members already on record, by blind index: no decryption needed.
  const indexes = candidates.flatMap((c) => (c.idIndex ? [c.idIndex] : []));
  if (indexes.length > 0) {
    const existing = await ctx.database.db
      .select({ idx: members.idCardIndex })
      .from(members)
      .where(sql`${members.idCardIndex} in ${indexes}`);
    const taken = new Set(existing.map((e) => e.idx));
    for (const c of candidates) {
      if (c.idIndex && taken.has(c.idIndex)) report(c.row, 'idCard', 'duplicate_existing');
    }
  }
  const order = (field: string) => COLUMNS.findIndex((c) => c.key === field);
  errors.sort((a, b) => a.row - b.row || order(a.field) - order(b.field));
  const badRows = new Set(errors.map((e) => e.row));
  const valid = candidates.filter((c) => !badRows.has(c.row));
  const result = done(dataRows.length, valid.length);
  if (options.dryRun || errors.length > 0) return result;

  await ctx.database.write(async (tx) => {
    for (const c of valid) await createMember(tx, actor, c.input, ctx.crypto);
    await recordAudit(tx, actor, {
      action: 'member.import',
      objectType: 'organisation',
      ...(options.orgId ? { objectId: options.orgId } : {}),
      details: { rows: valid.length },
    });
  });
  return { ...result, imported: valid.length };
}

export interface ExportOptions {
  orgId: string;
  /** Which rows the caller may see in the clear; null when no reveal was asked. */
  mayReveal: ((row: { id: string; branchId: string }) => boolean) | null;
}

/** The roster of an organisation and everything below it, as .xlsx. Audited. */
export async function exportRoster(
  ctx: ServiceContext,
  actor: Actor,
  options: ExportOptions,
): Promise<{ file: Buffer; rows: number }> {
  const { db } = ctx.database;
  const scope = await subtreeIds(db, [options.orgId]);
  const orgs = new Map((await listOrgs(ctx, 'all')).map((o) => [o.id, o]));
  const rows = await db
    .select()
    .from(members)
    .where(sql`(${members.branchId} in ${scope} or ${members.groupId} in ${scope})`)
    .orderBy(members.branchId, members.name, members.id);
  const { workbook, sheet } = newSheet();
  let revealed = 0;
  for (const row of rows) {
    const clear = personalData(ctx.crypto, row);
    const reveal = options.mayReveal?.(row) ?? false;
    if (reveal && (clear.idCard || clear.phone)) revealed++;
    const branch = orgs.get(row.branchId);
    sheet.addRow({
      name: row.name,
      gender: GENDER_LABELS[row.gender],
      ethnicity: row.ethnicity,
      birthDate: row.birthDate ?? '',
      idCard: clear.idCard ? (reveal ? clear.idCard : maskIdCard(clear.idCard)) : '',
      phone: clear.phone ? (reveal ? clear.phone : maskPhone(clear.phone)) : '',
      education: row.education ?? '',
      unit: row.unit ?? '',
      job: row.job ?? '',
      status: STATUS_LABELS[row.status],
      condition: CONDITION_LABELS[row.condition],
      joinedOn: row.joinedOn ?? '',
      fullMemberOn: row.fullMemberOn ?? '',
      branch: branch ? pathBelowRoot(orgs, branch) : '',
      group: row.groupId ? (orgs.get(row.groupId)?.name ?? '') : '',
    });
  }
  const file = await workbookBuffer(workbook);
  await ctx.database.write((tx) =>
    recordAudit(tx, actor, {
      action: 'member.export',
      objectType: 'organisation',
      objectId: options.orgId,
      details: { rows: rows.length, revealed, revealAsked: options.mayReveal !== null },
    }),
  );
  return { file, rows: rows.length };
}
