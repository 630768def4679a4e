import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { ImportReport, MemberList } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { buildFixture, fakeIdCard, type Fixture } from './test-fixture.ts';

const HEADERS = [
  '姓名*',
  '性别*',
  '民族',
  '出生日期',
  '身份证号',
  '联系电话',
  '学历',
  '工作单位',
  '职务',
  '党员状态*',
  '组织状态',
  '入党日期',
  '转正日期',
  '所在支部*',
  '党小组',
];

async function workbook(
  rows: (string | number | Date | null)[][],
  headers = HEADERS,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员名册');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(file: Buffer, filename = 'roster.xlsx') {
  const boundary = '----tongxin-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const KEYS = [
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'idCard',
  'phone',
  'education',
  'unit',
  'job',
  'status',
  'condition',
  'joinedOn',
  'fullMemberOn',
  'branch',
  'group',
] as const;
type Cells = Partial<Record<(typeof KEYS)[number], string | Date>>;
/** A sheet row in the template's column order from the cells named. */
const row = (cells: Cells) => KEYS.map((k) => cells[k] ?? '');

describe.each(ENGINES)('roster import and export on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  const good = fakeIdCard('1985-03-08', '031');
  const good2 = fakeIdCard('1992-11-30', '048');
  const zhou: Cells = {
    name: '周明',
    gender: '男',
    ethnicity: '汉族',
    idCard: good,
    phone: '13700001111',
    education: '大学本科',
    unit: '管委会',
    job: '科员',
    status: '正式党员',
    condition: '正常',
    joinedOn: '2008-06-01',
    fullMemberOn: '2009-06-01',
    branch: '机关党总支/机关第一党支部',
    group: '第一党小组',
  };
  const wu: Cells = {
    name: '吴丽',
    gender: '女',
    idCard: good2,
    status: '预备党员',
    joinedOn: '2025-06-01',
    branch: '机关第一党支部',
  };

  const upload = async (cookie: string, file: Buffer, query: string) => {
    const { payload, headers } = multipart(file);
    return h().app.inject({
      method: 'POST',
      url: `/api/v1/members/import?${query}`,
      headers: { ...headers, cookie },
      payload,
    });
  };

  it('offers a template with Chinese headers that reads back cleanly', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/members/import-template.xlsx',
      headers: { cookie: await f.cookie('sec.a') },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('党员名册导入模板'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const headers = (wb.getWorksheet('党员名册')?.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(HEADERS);
  });

  it('reports every problem by row on a dry run and writes nothing', async () => {
    const secA = await f.cookie('sec.a');
    const { ctx } = h();
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const file = await workbook([
      row({ ...zhou, birthDate: '1985-03-08' }),
      row({ ...wu, joinedOn: new Date(Date.UTC(2025, 5, 1)) }),
      row({
        name: '错号',
        gender: '男',
        idCard: bad,
        status: '正式党员',
        branch: '机关第一党支部',
      }),
      row({
        name: '重复',
        gender: '男',
        idCard: good,
        status: '正式党员',
        branch: '机关第一党支部',
      }),
      row({
        name: '坏日期',
        gender: '女',
        birthDate: '1990-02-30',
        phone: '123',
        status: '老党员',
        joinedOn: '2010-01-01',
        fullMemberOn: '2009-01-01',
        branch: '不存在的支部',
      }),
      row({ name: '越权', gender: '男', status: '正式党员', branch: '研发中心党支部' }),
      row({
        name: '无组',
        gender: '男',
        status: '正式党员',
        condition: '散户',
        branch: '机关第一党支部',
        group: '第九党小组',
      }),
    ]);
    const res = await upload(secA, file, 'dryRun=true');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<ImportReport>();
    expect(report).toMatchObject({ dryRun: true, rows: 7, valid: 2, imported: 0 });
    expect(report.errors.map((e) => [e.row, e.field, e.problem])).toEqual(
      [
        [4, 'idCard', 'id_card_checksum'],
        [5, 'idCard', 'duplicate_in_file'],
        [6, 'birthDate', 'bad_date'],
        [6, 'phone', 'bad_phone'],
        [6, 'status', 'unknown_status'],
        [6, 'fullMemberOn', 'date_order'],
        [6, 'branch', 'unknown_org'],
        [7, 'branch', 'not_allowed'],
        [8, 'condition', 'unknown_condition'],
        [8, 'group', 'unknown_group'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    expect(report.errors[0]?.column).toBe('身份证号');
    expect(res.body).not.toContain(good);
    const [count] = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`select count(*)::int as n from members`,
    );
    expect(count?.n).toBe(5);

    const refused = await upload(secA, file, 'dryRun=false');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('import_invalid');
  });

  it('imports all rows in one go when nothing is wrong, and refuses duplicates of existing members', async () => {
    const secA = await f.cookie('sec.a');
    const file = await workbook([row(zhou), row({ ...wu, status: 'probationary' })]);
    const res = await upload(secA, file, `orgId=${f.orgs.a}&dryRun=false`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ImportReport>()).toMatchObject({
      dryRun: false,
      rows: 2,
      valid: 2,
      imported: 2,
    });
    const list = await h().app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${f.orgs.a}/members?q=${good}`,
      headers: { cookie: secA },
    });
    expect(list.json<MemberList>().items[0]).toMatchObject({
      name: '周明',
      birthDate: '1985-03-08',
      groupName: '第一党小组',
      phoneMasked: '137****1111',
    });
    const again = await upload(secA, file, 'dryRun=true');
    expect(again.json<ImportReport>().errors.map((e) => e.problem)).toEqual([
      'duplicate_existing',
      'duplicate_existing',
    ]);
    const audit = await queryRows<{ n: number }>(
      h().ctx.database.db,
      sql`select count(*)::int as n from audit_log where action = 'member.import'`,
    );
    expect(audit[0]?.n).toBe(1);
  });

  it('refuses files that are not xlsx, whatever they are called', async () => {
    const secA = await f.cookie('sec.a');
    const text = await upload(secA, Buffer.from('姓名,性别\n张三,男\n'), 'dryRun=true');
    expect(text.statusCode).toBe(422);
    expect(text.json().error.code).toBe('not_xlsx');
    // A zip, but no workbook inside (a .docx-like archive).
    const zip = Buffer.from(
      'UEsDBAoAAAAAAAAAIQAAAAAAAAAAAAAAAAAFAAAAYS50eHRQSwECFAAKAAAAAAAAACEAAAAAAAAAAAAAAAAABQAAAAAAAAAAAAAAAAAAAAAAYS50eHRQSwUGAAAAAAEAAQAzAAAAIwAAAAAA',
      'base64',
    );
    const notBook = await upload(secA, zip, 'dryRun=true');
    expect(notBook.json().error.code).toBe('not_xlsx');
    const json = await h().app.inject({
      method: 'POST',
      url: '/api/v1/members/import',
      headers: { cookie: secA },
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const missing = await upload(secA, await workbook([], ['姓名', '性别']), 'dryRun=true');
    expect(missing.json<ImportReport>().errors.map((e) => e.field)).toEqual(['status', 'branch']);
  });

  it('may not be used by ordinary members or the audit administrator', async () => {
    const file = await workbook([]);
    expect((await upload(await f.cookie('member.a'), file, '')).statusCode).toBe(403);
    expect((await upload(await f.cookie('pub.a'), file, '')).statusCode).toBe(403);
    const auditor = await signIn(h().app, 'auditor', ADMIN_PASSWORDS.audit);
    expect((await upload(auditor, file, '')).statusCode).toBe(403);
  });

  it('exports masked, or in the clear for roster officers who ask, audited', async () => {
    const { app, ctx } = h();
    const read = async (cookie: string, query: string) => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/members/export.xlsx?${query}`,
        headers: { cookie },
      });
      if (res.statusCode !== 200) return { status: res.statusCode, rows: [] as string[][] };
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as Parameters<typeof wb.xlsx.load>[0]);
      const rows: string[][] = [];
      wb.worksheets[0]?.eachRow((row) => rows.push((row.values as string[]).slice(1)));
      return { status: 200, rows };
    };
    const secA = await f.cookie('sec.a');
    const masked = await read(secA, `orgId=${f.orgs.a}`);
    const zhou = masked.rows.find((r) => r[0] === '周明');
    expect(zhou?.[4]).toBe(`990***********${good.slice(-4)}`);
    expect(zhou?.[5]).toBe('137****1111');
    expect(zhou?.[13]).toBe('机关党总支/机关第一党支部');
    const clear = await read(secA, `orgId=${f.orgs.a}&reveal=true`);
    expect(clear.rows.find((r) => r[0] === '周明')?.[4]).toBe(good);

    const sys = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    expect((await read(sys, `orgId=${f.orgs.a}&reveal=true`)).status).toBe(403);
    expect((await read(sys, `orgId=${f.orgs.root}`)).rows.length).toBeGreaterThan(5);
    expect((await read(await f.cookie('sec.b'), `orgId=${f.orgs.a}`)).status).toBe(404);

    const audit = await queryRows<{ details: { revealed: number; revealAsked: boolean } }>(
      ctx.database.db,
      sql`select details from audit_log where action = 'member.export' order by seq`,
    );
    expect(audit.map((a) => [a.details.revealAsked, a.details.revealed > 0])).toEqual([
      [false, false],
      [true, true],
      [false, false],
    ]);
  });
});
