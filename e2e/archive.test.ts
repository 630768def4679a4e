import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPackage } from '../server/src/platform/archive/package.ts';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1440, height: 900 }, acceptDownloads: true };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const BRANCH = '机关第一党支部';

describe('the archive (党建档案) in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };

  it('a secretary browses, verifies an entry in the browser and exports a package; the auditor verifies all on a phone', async () => {
    const secretary = find((a) => a.role.split('；').includes(`${BRANCH} 书记`), 'secretary');
    const { page, problems } = await demo.signIn(secretary, DESK);
    await page.getByTestId('nav-archive').click();
    await page.waitForURL('**/archive');
    const entries = page.getByTestId('archive-entry');
    await entries.first().waitFor();
    expect(await page.getByTestId('archive-list').innerText()).toContain('通知公告');

    // Filter by kind, open an entry and check it here against the signed checkpoint.
    await page.getByTestId('archive-kind').click();
    await page.locator('.ant-select-item-option[title="交流话题"]').click();
    await expect.poll(() => page.getByTestId('archive-list').innerText()).not.toContain('通知公告');
    await page.getByTestId('archive-kind').locator('.ant-select-clear').click();
    await entries.first().click();
    await page.getByTestId('archive-verify-entry').click();
    await expect
      .poll(() => page.getByTestId('archive-entry-check').innerText())
      .toContain('验证通过');
    await page.screenshot({ path: path.join(SHOTS, 'archive-entry-verified.png') });
    await page.keyboard.press('Escape');

    // Export the secretary's organisations for the year, with progress, and download it.
    await page.getByTestId('archive-export-from').fill('2020-01-01');
    await page.getByTestId('archive-export-start').click();
    const download = page.getByTestId('archive-export-download');
    await download.waitFor();
    expect(await page.getByTestId('archive-export-progress').innerText()).toMatch(
      /已处理 (\d+) \/ \1 条/,
    );
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    const saved = path.join(demo.dataDir(), 'package.zip');
    await file.saveAs(saved);
    const report = verifyPackage(new Uint8Array(fs.readFileSync(saved)));
    expect(report.problems).toEqual([]);
    expect(report.records).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'archive-export.png'), fullPage: true });
    expect(problems).toEqual([]);

    // The 审计管理员, on a phone, verifies the whole archive.
    const auditor = await demo.signIn(demo.account('auditor'), PHONE);
    await auditor.page.getByTestId('nav-open').click();
    await auditor.page.getByTestId('nav-archive').click();
    await auditor.page.waitForURL('**/archive');
    await auditor.page.getByTestId('archive-entry').first().waitFor();
    await auditor.page.getByTestId('archive-verify-all').click();
    await expect
      .poll(() => auditor.page.getByTestId('archive-verify-result').innerText())
      .toMatch(/档案完整：\d+ 条档案、\d+ 个签名检查点全部验证通过/);
    await auditor.page.screenshot({ path: path.join(SHOTS, 'archive-phone.png') });
    expect(auditor.problems).toEqual([]);
  }, 240_000);
});
