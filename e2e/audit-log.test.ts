import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../server/src/test/server-process.ts';
import { launchBrowser, watchForBreakage } from './browser.ts';

const WEB_DIR = path.resolve(import.meta.dirname, '../web/dist');
const SHOTS = path.resolve(import.meta.dirname, '../test-results');

interface DemoAccount {
  username: string;
  password: string;
}

describe('the audit log in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let accounts: DemoAccount[];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIR, 'index.html')))
      throw new Error('Build the web app first: npm run build');
    fs.mkdirSync(SHOTS, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-e2e-audit-'));
    server = await startServerProcess({
      dataDir,
      command: 'demo',
      env: { WEB_DIR },
      readyTimeoutMs: 120_000,
    });
    accounts = (
      JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as {
        accounts: DemoAccount[];
      }
    ).accounts;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const passwordOf = (username: string): string => {
    const found = accounts.find((a) => a.username === username);
    if (!found) throw new Error(`no demo account ${username}`);
    return found.password;
  };

  it('shows the 审计管理员 the sign-ins, filters them, verifies the chain and exports', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await page.goto('/');

    // A mistyped password first: the failure must appear in the log.
    await page.getByTestId('signin-username').fill('auditor');
    await page.getByTestId('signin-password').fill('Wrong#Password2026');
    await page.getByTestId('signin-submit').click();
    await page.getByRole('alert').waitFor();
    await page.getByTestId('signin-password').fill(passwordOf('auditor'));
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('app-shell').waitFor();

    await page.getByTestId('nav-audit').click();
    await page.waitForURL('**/audit');
    const table = page.getByTestId('audit-table');
    await table.getByText('auth.sign_in').first().waitFor();
    // Newest first: the successful sign-in just made, by the auditor.
    const firstRow = table.locator('tbody tr.ant-table-row').first();
    expect(await firstRow.getByTestId('audit-actor').textContent()).toBe('auditor');
    expect(await firstRow.getByTestId('audit-action').textContent()).toBe('auth.sign_in');
    expect(await firstRow.getByTestId('audit-result').textContent()).toBe('成功');

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
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('does not offer the audit log to the system administrator', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await page.goto('/');
    await page.getByTestId('signin-username').fill('sysadmin');
    await page.getByTestId('signin-password').fill(passwordOf('sysadmin'));
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('app-shell').waitFor();
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await page.goto('/audit');
    await page.getByText('只有审计管理员可以查看审计日志').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
