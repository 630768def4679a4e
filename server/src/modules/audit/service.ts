import { and, desc, eq, gte, ilike, like, lt, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import {
  AUDIT_EXPORT_LIMIT,
  type AuditExportQuery,
  type AuditListQuery,
  type AuditPage,
  type AuditRecord,
  type AuditVerifyResult,
} from '@tongxin/contract';
import { auditLog } from '../../platform/audit/schema.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { AT_FORMAT } from '../../platform/audit/chain.ts';
import { verifyAuditChain } from '../../platform/audit/verify.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Queryable } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** LIKE treats % and _ as wildcards; a filter typed by a person means them literally. */
const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

function conditions(filters: AuditExportQuery, before?: string): SQL[] {
  const where: SQL[] = [];
  if (filters.from) where.push(gte(auditLog.at, new Date(filters.from)));
  if (filters.to) where.push(lt(auditLog.at, new Date(filters.to)));
  if (filters.actor) {
    where.push(
      UUID.test(filters.actor)
        ? eq(auditLog.actorId, filters.actor)
        : ilike(auditLog.actorName, `%${likeLiteral(filters.actor)}%`),
    );
  }
  if (filters.action) where.push(like(auditLog.action, `${likeLiteral(filters.action)}%`));
  if (filters.objectType) where.push(eq(auditLog.objectType, filters.objectType));
  if (filters.objectId) where.push(eq(auditLog.objectId, filters.objectId));
  if (filters.result) where.push(eq(auditLog.result, filters.result));
  if (filters.ip) where.push(eq(auditLog.sourceIp, filters.ip));
  if (before) where.push(lt(auditLog.seq, BigInt(before)));
  return where;
}

async function selectRecords(db: Queryable, where: SQL[], limit: number): Promise<AuditRecord[]> {
  const rows = await db
    .select({
      seq: sql<string>`${auditLog.seq}::text`,
      at: sql<string>`to_char(${auditLog.at} at time zone 'UTC', ${AT_FORMAT})`,
      actorId: auditLog.actorId,
      actorName: auditLog.actorName,
      actorRole: auditLog.actorRole,
      action: auditLog.action,
      objectType: auditLog.objectType,
      objectId: auditLog.objectId,
      result: auditLog.result,
      sourceIp: auditLog.sourceIp,
      details: auditLog.details,
      hash: auditLog.hash,
    })
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.seq))
    .limit(limit);
  return rows;
}

/** Newest first, one page at a time; the cursor is the last seq shown. */
export async function listAudit(ctx: ServiceContext, query: AuditListQuery): Promise<AuditPage> {
  const limit = query.limit ?? 50;
  const items = await selectRecords(ctx.database.db, conditions(query, query.before), limit + 1);
  const more = items.length > limit;
  if (more) items.pop();
  return { items, nextCursor: more ? (items[items.length - 1]?.seq ?? null) : null };
}

/** Verifies the whole chain and records that it was done, and by whom, and what it found. */
export async function verifyAndRecord(
  ctx: ServiceContext,
  actor: Actor,
): Promise<AuditVerifyResult> {
  const result = await verifyAuditChain(ctx.database.db);
  await ctx.database.write((tx) =>
    recordAudit(tx, actor, {
      action: 'audit.verify',
      result: 'success',
      details: {
        ok: result.ok,
        checked: result.checked,
        firstBroken: result.firstBroken ?? null,
      },
    }),
  );
  return result;
}

const ROLE_LABELS: Record<string, string> = {
  system: '系统管理员',
  security: '安全管理员',
  audit: '审计管理员',
  operator: '命令行操作员',
  member: '用户',
  user: '用户',
};

/** China keeps one offset all year (no daylight saving): UTC+8 exactly. */
function shanghaiTime(utc: string): string {
  const shifted = new Date(new Date(utc).getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}

const COLUMNS: { header: string; width: number; value: (r: AuditRecord) => string }[] = [
  { header: '序号', width: 10, value: (r) => r.seq },
  { header: '时间（北京时间）', width: 21, value: (r) => shanghaiTime(r.at) },
  { header: '时间（UTC）', width: 30, value: (r) => r.at },
  { header: '操作者', width: 16, value: (r) => r.actorName },
  { header: '操作者ID', width: 38, value: (r) => r.actorId ?? '' },
  { header: '角色', width: 14, value: (r) => ROLE_LABELS[r.actorRole] ?? r.actorRole },
  { header: '操作', width: 22, value: (r) => r.action },
  { header: '对象类型', width: 14, value: (r) => r.objectType ?? '' },
  { header: '对象ID', width: 38, value: (r) => r.objectId ?? '' },
  { header: '结果', width: 8, value: (r) => (r.result === 'success' ? '成功' : '失败') },
  { header: '来源IP', width: 18, value: (r) => r.sourceIp ?? '' },
  { header: '详情', width: 40, value: (r) => (r.details ? JSON.stringify(r.details) : '') },
  { header: 'SM3哈希', width: 66, value: (r) => r.hash },
];

async function workbookOf(records: AuditRecord[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tongxin';
  const sheet = workbook.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  // Every cell is text: an id or IP must not be turned into a number or a date by Excel.
  for (const record of records) sheet.addRow(COLUMNS.map((c) => c.value(record)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The filtered entries as an Excel workbook. The export is itself an audited action, and a
 * refused one (too many rows) is recorded as a failure.
 */
export async function exportAudit(
  ctx: ServiceContext,
  actor: Actor,
  filters: AuditExportQuery,
): Promise<Buffer> {
  const records = await selectRecords(ctx.database.db, conditions(filters), AUDIT_EXPORT_LIMIT + 1);
  const audit = (result: 'success' | 'failure', rows: number) =>
    ctx.database.write((tx) =>
      recordAudit(tx, actor, {
        action: 'audit.export',
        result,
        details: { filters, rows, limit: AUDIT_EXPORT_LIMIT },
      }),
    );
  if (records.length > AUDIT_EXPORT_LIMIT) {
    await audit('failure', records.length);
    throw new AppError(
      422,
      'too_many_rows',
      `More than ${AUDIT_EXPORT_LIMIT} entries match: narrow the filters (e.g. a shorter time range)`,
      { limit: AUDIT_EXPORT_LIMIT },
    );
  }
  const file = await workbookOf(records);
  await audit('success', records.length);
  return file;
}
