// page.evaluate bodies run in the browser.
/// <reference lib="dom" />
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildDemoPlan } from '../server/src/demo/plan.ts';
import { localToday } from '../server/src/demo/dates.ts';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1366, height: 900 } };

describe('member records in the browser: reveal, transfer, import', () => {
  const demo = useDemoServer();
  // The demo's people come from a fixed plan, so the test knows who is where.
  const plan = buildDemoPlan(localToday());
  const person = (key: string) => {
    const found = plan.members.find((m) => m.key === key);
    if (!found) throw new Error(`no demo member ${key}`);
    return found;
  };
  const mover = person('office1.m13');

  /** The account holding a post, e.g. "机关第一党支部 书记". */
  const holder = (post: string): DemoAccount => {
    const found = demo.accounts().find((a) => a.role.split('；').includes(post));
    if (!found) throw new Error(`no demo account for ${post}`);
    return found;
  };
  const signedIn = (account: DemoAccount) => demo.signIn(account, DESK);

  it('lets a branch secretary reveal a phone and start a transfer; the receiver accepts', async () => {
    const sender = await signedIn(holder('机关第一党支部 书记'));
    const { page } = sender;
    await page.goto('/members');
    const table = page.getByTestId('members-table');
    const search = page.getByTestId('members-search').locator('input');
    await search.fill(mover.name);
    await search.press('Enter');
    await expect.poll(() => table.innerText()).toContain(mover.name);
    // Lists show the phone masked.
    const masked = `${mover.phone.slice(0, 3)}****${mover.phone.slice(-4)}`;
    expect(await table.innerText()).not.toContain(mover.phone);
    await table.getByText(mover.name).first().click();
    const detail = page.getByTestId('member-detail');
    await expect.poll(() => detail.innerText()).toContain(masked);
    await page.getByTestId('reveal-phone').click();
    await expect.poll(() => page.getByTestId('member-phone').innerText()).toBe(mover.phone);
    await page.screenshot({ path: path.join(SHOTS, 'member-reveal.png') });

    await page.getByTestId('member-transfer').click();
    await page.getByTestId('transfer-to').click();
    await page.keyboard.type('研发中心');
    await page.keyboard.press('Enter');
    await page.getByTestId('transfer-reason').fill('工作调动至产业技术研发中心');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByText(`已发起“${mover.name}”的组织关系转出`).waitFor();
    await page.keyboard.press('Escape');
    await page.goto('/transfers');
    await page.getByTestId('transfers-tab-outgoing').click();
    const sent = page.getByTestId('transfers-table');
    await expect.poll(() => sent.innerText()).toContain(mover.name);
    expect(await sent.innerText()).toContain('待接收');
    expect(sender.problems).toEqual([]);
    await sender.context.close();

    const receiver = await signedIn(holder('研发中心党支部 书记'));
    await receiver.page.getByTestId('nav-transfers').click();
    const incoming = receiver.page.getByTestId('transfers-table');
    const row = incoming.locator('tr', { hasText: mover.name });
    await row.locator('[data-testid^="transfer-accept-"]').click();
    await receiver.page.locator('.ant-popconfirm .ant-btn-primary').click();
    await receiver.page.getByText('已接收，党员已转入本支部').waitFor();
    await receiver.page.screenshot({ path: path.join(SHOTS, 'transfers-accepted.png') });
    await receiver.page.goto('/members');
    const members = receiver.page.getByTestId('members-table');
    const find = receiver.page.getByTestId('members-search').locator('input');
    await find.fill(mover.name);
    await find.press('Enter');
    await expect.poll(() => members.innerText()).toContain('研发中心党支部');
    expect(receiver.problems).toEqual([]);
    await receiver.context.close();
  });

  it('checks an uploaded roster and reports problems row by row before importing', async () => {
    const { context, page, problems } = await signedIn(holder('机关第二党支部 书记'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党员名册');
    ws.addRow(['姓名*', '性别*', '身份证号', '党员状态*', '所在支部*', '入党日期']);
    ws.addRow(['孔令辉', '男', '', '正式党员', '机关第二党支部', '2012-07-01']);
    ws.addRow(['错号人', '女', '990101199001010001', '正式党员', '机关第二党支部', '']);
    ws.addRow(['无支部', '男', '', '正式党员', '不存在的支部', '2012-02-30']);
    const file = path.join(demo.dataDir(), 'roster.xlsx');
    await wb.xlsx.writeFile(file);

    await page.goto('/members');
    await page.getByTestId('member-import').click();
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-check').click();
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.innerText()).toContain('发现 3 处问题');
    const text = await report.innerText();
    expect(text).toContain('身份证号校验位不正确');
    expect(text).toContain('找不到该支部');
    expect(text).toContain('日期格式不正确');
    expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'members-import-report.png') });
    expect(problems).toEqual([]);
    await context.close();
  });
});
