// page.evaluate bodies run in the browser.
/// <reference lib="dom" />
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { watchForBreakage } from './browser.ts';
import { SHOTS, signInAs, useDemo } from './demo-server.ts';

describe('the audit log in the browser', () => {
  const demo = useDemo();

  it('shows the 审计管理员 the sign-ins, filters them, verifies the chain and exports', async () => {
    const { browser, server, account, dataDir } = demo();
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await page.goto('/');

    // A mistyped password first: the failure must appear in the log.
    await signInAs(page, 'auditor', 'Wrong#Password2026', { expectFailure: true });
    await signInAs(page, 'auditor', account('auditor').password);

    await page.getByTestId('nav-audit').click();
    await page.waitForURL('**/audit');
    const table = page.getByTestId('audit-table');
    await table.getByText('auth.sign_in').first().waitFor();
    // Newest first: the authenticator the auditor had to set up, after the sign-in just made.
    const rows = table.locator('tbody tr.ant-table-row');
    const actions = await table.getByTestId('audit-action').allTextContents();
    expect(actions.slice(0, 3)).toEqual(['totp.enable', 'totp.enrol_start', 'auth.sign_in']);
    expect(await rows.nth(2).getByTestId('audit-actor').textContent()).toBe('auditor');
    expect(await rows.nth(2).getByTestId('audit-result').textContent()).toBe('成功');

    // Only failed sign-ins.
    await page.getByTestId('audit-filter-action').fill('auth.sign_in');
    await page.getByTestId('audit-filter-result').click();
    await page.locator('.ant-select-item-option[title="失败"]').click();
    await page.getByTestId('audit-search').click();
    await expect
      .poll(async () => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 })
      .toBe(1);
    expect(await table.getByTestId('audit-result').allTextContents()).toEqual(['失败']);
    expect(await table.getByTestId('audit-actor').allTextContents()).toEqual(['auditor']);

    await page.getByTestId('audit-verify').click();
    const verdict = page.getByTestId('audit-verify-result');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/审计日志完整：已验证 \d+ 条记录/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('audit-export').click(),
    ]);
    const file = path.join(dataDir, 'export.xlsx');
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('审计日志');
    expect(sheet?.getRow(1).getCell(1).value).toBe('序号');
    expect(sheet?.rowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(10).value).toBe('失败');

    await page.screenshot({ path: path.join(SHOTS, 'audit-log.png'), fullPage: true });
    // On a phone the filters stack and the table keeps time, actor, action and result.
    await page.setViewportSize({ width: 390, height: 844 });
    await table.getByTestId('audit-actor').first().waitFor();
    // The phone layout comes one render after the resize: wait for it rather than race it.
    const overflow = await page
      .waitForFunction(
        () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        undefined,
        { timeout: 5000 },
      )
      .then(
        () => 0,
        () =>
          page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ),
      );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'audit-log-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('does not offer the audit log to the system administrator', async () => {
    const { browser, server, account } = demo();
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await page.goto('/');
    await signInAs(page, 'sysadmin', account('sysadmin').password);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await page.goto('/audit');
    await page.getByText('只有审计管理员可以查看审计日志').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
