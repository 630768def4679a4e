import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const BRANCH = '机关第一党支部';

describe('org life meetings (组织生活会) in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };

  it('a secretary opens a cycle, records a self-criticism and a rectification item, closes it with evidence and downloads the report', async () => {
    const secretary = find((a) => a.role.split('；').includes(`${BRANCH} 书记`), 'secretary');
    const member = find((a) => a.role === '党员' && a.organisation === BRANCH, 'member');
    const title = `年度组织生活会 ${Date.now()}`;
    const selfText = '本人理论学习不够系统，联系群众不够深入，今后将制定学习计划。';
    const problem = '支部学习形式单一';
    const evidence = '已制定季度专题研讨计划并组织实施。';

    const { page, problems, context } = await demo.signIn(secretary, DESK);
    await page.getByTestId('nav-orglife').click();
    await page.waitForURL('**/org-life');
    // The demo's meeting from last year is there, with its overdue item flagged.
    const demoItem = page.getByTestId('orglife-item').filter({ hasText: BRANCH }).first();
    await expect.poll(() => demoItem.innerText()).toContain('1 项逾期');

    // Open a new cycle for the secretary's own branch.
    await page.getByTestId('orglife-create').click();
    await expect.poll(() => page.locator('.ant-modal').innerText()).toContain(BRANCH);
    await page.getByTestId('orglife-title-input').fill(title);
    await page.getByTestId('orglife-date-input').fill('2026-11-20');
    await page.getByTestId('orglife-create-submit').click();
    await page.waitForURL(/\/org-life\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('orglife-title').innerText()).toBe(title);

    // Record the member's self-criticism.
    await page.getByTestId('orglife-tab-criticisms').click();
    const row = page.getByTestId('orglife-member').filter({ hasText: member.displayName });
    await row.getByTestId('orglife-member-open').click();
    await page.getByTestId('orglife-self-edit').click();
    await page.getByTestId('orglife-self-input').fill(selfText);
    await page.getByTestId('orglife-self-save').click();
    await expect.poll(() => page.getByTestId('orglife-self-text').innerText()).toBe(selfText);
    await page.keyboard.press('Escape');
    await expect.poll(() => row.innerText()).toContain('已记录自我批评');

    // Add a rectification item with the member as owner.
    await page.getByTestId('orglife-tab-rectifications').click();
    await page.getByTestId('orglife-rect-add').click();
    await page.getByTestId('orglife-rect-problem').fill(problem);
    await page.getByTestId('orglife-rect-measure').fill('每季度开展一次专题研讨');
    await page.locator('.ant-modal .ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: member.displayName }).click();
    await page.getByTestId('orglife-rect-deadline').fill('2099-03-31');
    await page.getByTestId('orglife-rect-save').click();
    const item = page.getByTestId('orglife-rect').filter({ hasText: problem });
    await expect.poll(() => item.innerText()).toContain('未开始');

    // Close it with evidence and an attached document.
    await item.getByTestId('orglife-rect-close').click();
    await page.getByTestId('orglife-evidence-input').fill(evidence);
    await page
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: '研讨计划.txt', mimeType: 'text/plain', buffer: Buffer.from('计划') });
    await expect
      .poll(() => page.getByTestId('orglife-close-confirm').isEnabled(), { timeout: 15_000 })
      .toBe(true);
    await page.getByTestId('orglife-close-confirm').click();
    await expect.poll(() => item.innerText()).toContain('已完成');
    expect(await item.innerText()).toContain(evidence);
    expect(await item.innerText()).toContain('研讨计划.txt');
    expect(await item.innerText()).toContain(`${secretary.displayName} 于`);
    await page.screenshot({ path: path.join(SHOTS, 'orglife-rectification.png') });

    // The report is generated from those records; the Word file says the same.
    await page.getByTestId('orglife-tab-report').click();
    const report = page.getByTestId('orglife-report');
    await expect.poll(() => report.innerText()).toContain(problem);
    expect(await report.innerText()).toContain(selfText);
    await page.screenshot({ path: path.join(SHOTS, 'orglife-report.png') });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('orglife-report-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${BRANCH}2026年度组织生活会情况报告.docx`);
    const file = path.join(SHOTS, 'orglife-report.docx');
    await download.saveAs(file);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    for (const expected of [title, selfText, problem, evidence, '已完成']) {
      expect(text).toContain(expected);
    }
    expect(problems).toEqual([]);
    await context.close();

    // The member, on a phone, finds the cycle and their own record, and no one else's.
    const phone = await demo.signIn(member, PHONE);
    await phone.page.getByTestId('nav-open').click();
    await phone.page.getByTestId('nav-orglife').click();
    await phone.page.waitForURL('**/org-life');
    await phone.page.getByTestId('orglife-item').filter({ hasText: title }).click();
    await phone.page.getByTestId('orglife-tab-criticisms').click();
    const members = phone.page.getByTestId('orglife-member');
    await expect.poll(() => members.count()).toBeGreaterThan(1);
    expect(await phone.page.getByTestId('orglife-member-open').count()).toBe(1);
    await members
      .filter({ hasText: member.displayName })
      .getByTestId('orglife-member-open')
      .click();
    await expect.poll(() => phone.page.getByTestId('orglife-self-text').innerText()).toBe(selfText);
    await phone.page.screenshot({ path: path.join(SHOTS, 'orglife-phone-record.png') });
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });
});
