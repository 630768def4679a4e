import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { AuditPage, AuditRecord, AuditVerifyResult } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import {
  ADMIN_PASSWORDS,
  completeSetup,
  signIn,
  useHarness,
  type Harness,
} from '../../test/harness.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { createAccount } from '../identity/service.ts';

const MEMBER_PASSWORD = 'Putong#Dangyuan2026';

async function list(h: Harness, cookie: string, query = ''): Promise<AuditPage> {
  const res = await h.app.inject({
    method: 'GET',
    url: `/api/v1/audit${query}`,
    headers: { cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AuditPage>();
}

describe.each(ENGINES)('audit log API on %s', (engine) => {
  const h = useHarness(engine);
  let auditor = '';

  it('lets only the 审计管理员 read it', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    await ctx.database.write((tx) =>
      createAccount(tx, operatorActor('test'), {
        username: 'zhangsan',
        displayName: '张三',
        password: MEMBER_PASSWORD,
      }),
    );
    auditor = await signIn(app, 'auditor', ADMIN_PASSWORDS.audit);
    const others = [
      await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system),
      await signIn(app, 'secadmin', ADMIN_PASSWORDS.security),
      await signIn(app, 'zhangsan', MEMBER_PASSWORD),
    ];
    for (const url of ['/api/v1/audit', '/api/v1/audit/verify', '/api/v1/audit/export.xlsx']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      for (const cookie of others) {
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
      }
      expect(
        (await app.inject({ method: 'GET', url, headers: { cookie: auditor } })).statusCode,
      ).toBe(200);
    }
    // Nothing writes to the log over the API.
    const write = await app.inject({
      method: 'DELETE',
      url: '/api/v1/audit',
      headers: { cookie: auditor },
    });
    expect(write.statusCode).toBe(404);
  });

  it('records sign-in failures with the username tried and the source IP, never the password', async () => {
    const { app } = h();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'nobody', password: 'Secret#Guess2026' },
      remoteAddress: '10.0.0.9',
    });
    expect(res.statusCode).toBe(401);
    const page = await list(h(), auditor, '?action=auth.sign_in&result=failure');
    expect(page.items).toHaveLength(1);
    const [entry] = page.items as [AuditRecord];
    expect(entry).toMatchObject({ actorName: 'nobody', sourceIp: '10.0.0.9', result: 'failure' });
    expect(JSON.stringify(entry)).not.toContain('Secret#Guess2026');
    expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    const signIns = await list(h(), auditor, '?action=auth.sign_in&result=success');
    expect(signIns.items.map((e) => e.actorName).sort()).toEqual([
      'auditor',
      'secadmin',
      'sysadmin',
      'zhangsan',
    ]);
    expect((await list(h(), auditor, '?ip=10.0.0.9')).items).toHaveLength(1);
    expect((await list(h(), auditor, '?actor=NOBO')).items).toHaveLength(1);
    expect(
      (await list(h(), auditor, `?actor=${signIns.items[0]!.actorId}`)).items.length,
    ).toBeGreaterThan(0);
    // A wildcard typed into a filter is taken literally.
    expect((await list(h(), auditor, '?action=%25')).items).toHaveLength(0);
  });

  it('chains 50 concurrent audited requests and verifies them; verification is audited', async () => {
    const { app } = h();
    const cookie = await signIn(app, 'zhangsan', MEMBER_PASSWORD);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.inject({
          method: 'PATCH',
          url: '/api/v1/me/preferences',
          headers: { cookie },
          payload: { locale: i % 2 ? 'en' : 'zh-CN' },
          remoteAddress: `192.0.2.${i + 1}`,
        }),
      ),
    );
    expect(replies.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const changes = await list(h(), auditor, '?action=account.preferences&limit=200');
    expect(changes.items).toHaveLength(50);
    expect(new Set(changes.items.map((e) => e.sourceIp)).size).toBe(50);

    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/verify',
      headers: { cookie: auditor },
    });
    const result = res.json<AuditVerifyResult>();
    expect(result).toMatchObject({ ok: true, firstSeq: '1' });
    expect(result.checked).toBeGreaterThan(60);
    const [verified] = (await list(h(), auditor, '?action=audit.verify')).items;
    expect(verified).toMatchObject({ actorName: 'auditor', actorRole: 'audit' });
    expect(verified?.details).toMatchObject({ ok: true, checked: result.checked });
  });

  it('pages newest first without overlap, and filters by time and object', async () => {
    const first = await list(h(), auditor, '?limit=5');
    expect(first.items).toHaveLength(5);
    expect(first.nextCursor).toBe(first.items[4]!.seq);
    const seqs = first.items.map((e) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const second = await list(h(), auditor, `?limit=5&before=${first.nextCursor}`);
    expect(Number(second.items[0]!.seq)).toBe(seqs[4]! - 1);

    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(h(), auditor, `?from=${future}`)).items).toHaveLength(0);
    expect((await list(h(), auditor, `?to=${future}&limit=1`)).items).toHaveLength(1);
    const users = await list(h(), auditor, '?objectType=user&action=account.create');
    expect(users.items).toHaveLength(4);
    const one = users.items[0]!;
    expect(
      (await list(h(), auditor, `?objectId=${one.objectId}&action=account.`)).items.length,
    ).toBeGreaterThan(0);

    const bad = await h().app.inject({
      method: 'GET',
      url: '/api/v1/audit?result=maybe',
      headers: { cookie: auditor },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('exports the filtered entries to Excel with Chinese headers, and audits the export', async () => {
    const { app } = h();
    const expected = await list(h(), auditor, '?action=auth.&limit=200');
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/export.xlsx?action=auth.',
      headers: { cookie: auditor },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计日志')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['序号', '时间（北京时间）', '时间（UTC）', '操作者']);
    expect(sheet.rowCount).toBe(expected.items.length + 1);
    const failure = expected.items.find((e) => e.result === 'failure')!;
    const row = sheet
      .getRows(2, sheet.rowCount - 1)!
      .find((r) => r.getCell(1).value === failure.seq)!;
    expect(row.getCell(4).value).toBe('nobody');
    expect(row.getCell(10).value).toBe('失败');
    expect(row.getCell(11).value).toBe('10.0.0.9');
    // 北京时间 is UTC+8.
    const utc = new Date(failure.at);
    const shown = String(row.getCell(2).value);
    expect(new Date(`${shown.replace(' ', 'T')}+08:00`).getTime()).toBe(
      Math.floor(utc.getTime() / 1000) * 1000,
    );

    const [exported] = (await list(h(), auditor, '?action=audit.export')).items;
    expect(exported).toMatchObject({ actorName: 'auditor', result: 'success' });
    expect(exported?.details).toMatchObject({
      rows: expected.items.length,
      filters: { action: 'auth.' },
    });
  });

  it('refuses an export of too many rows, clearly, and records the refusal', async () => {
    const { app, ctx } = h();
    // Bulk rows straight into the table (not chained: this test is about the cap only).
    await ctx.database.db.execute(sql`
      insert into audit_log (seq, actor_name, actor_role, action, result, prev_hash, hash)
      select m.s + g, 'bulk', 'operator', 'bulk.row', 'success', '', ''
      from (select max(seq) as s from audit_log) m, generate_series(1, 10001) g`);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/export.xlsx?action=bulk.',
      headers: { cookie: auditor },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'too_many_rows', details: { limit: 10000 } });
    const [refused] = (await list(h(), auditor, '?action=audit.export&result=failure')).items;
    expect(refused?.details).toMatchObject({ rows: 10001 });
    // The forged rows break the chain where they start, and verification says where.
    const verify = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/verify',
      headers: { cookie: auditor },
    });
    expect(verify.json<AuditVerifyResult>()).toMatchObject({
      ok: false,
      firstBroken: { reason: 'prev_hash_mismatch' },
    });
  });
});
