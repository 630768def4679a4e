import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const BRANCH = '机关第一党支部';

/** This morning at nine on the Shanghai clock, as a datetime-local value: this year's talk. */
const thisMorning = (): string =>
  `${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}T09:00`;

describe('heart-to-heart talks (谈心谈话) in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };

  /** The member's line in the committee–member table of the branch's coverage matrix. */
  const coverageRow = async (page: Page, name: string): Promise<string> => {
    const picker = page.getByTestId('coverage-branch');
    if (!(await picker.innerText()).includes(BRANCH)) {
      await picker.click();
      await page.locator('.ant-select-item-option').filter({ hasText: BRANCH }).click();
    }
    const row = page.getByTestId('coverage-cm').locator('tr').filter({ hasText: name });
    await row.waitFor();
    return row.innerText();
  };

  it('a member schedules a talk with the secretary and records it; the secretary confirms; the matrix counts it', async () => {
    const secretary = find((a) => a.role.split('；').includes(`${BRANCH} 书记`), 'secretary');
    const member = find((a) => a.role === '党员' && a.organisation === BRANCH, 'member');
    const topic = `近期工作和思想情况交流 ${Date.now()}`;
    const record = '谈到近期项目任务重、学习时间少，书记建议合理安排，按时参加支部学习。';

    // The secretary's matrix before: what the member's line says now.
    const officer = await demo.signIn(secretary, DESK);
    await officer.page.getByTestId('nav-talks').click();
    await officer.page.waitForURL('**/talks');
    await officer.page.getByTestId('talk-coverage-link').click();
    await officer.page.waitForURL('**/talks/coverage');
    const before = await coverageRow(officer.page, member.displayName);

    // The member schedules on a desktop and writes the record after the talk.
    const own = await demo.signIn(member, DESK);
    await own.page.getByTestId('nav-talks').click();
    await own.page.waitForURL('**/talks');
    // Ordinary members have no matrix to look at.
    expect(await own.page.getByTestId('talk-coverage-link').count()).toBe(0);
    await own.page.getByTestId('talk-schedule').click();
    await own.page.waitForURL('**/talks/new');
    await own.page.getByTestId('talk-other').click();
    await own.page.keyboard.type(secretary.displayName);
    await own.page
      .locator('.ant-select-item-option')
      .filter({ hasText: secretary.displayName })
      .first()
      .click();
    await own.page.getByText('谈话类型：支委与党员').waitFor();
    await own.page.getByTestId('talk-topic').fill(topic);
    await own.page.getByTestId('talk-time').fill(thisMorning());
    await own.page.getByTestId('talk-place').fill('支部活动室');
    await own.page.getByTestId('talk-submit').click();
    await own.page.waitForURL(/\/talks\/[0-9a-f-]{36}$/);
    await expect.poll(() => own.page.getByTestId('talk-detail-status').innerText()).toBe('已约定');
    expect(await own.page.getByTestId('talk-detail-topic').innerText()).toBe(topic);
    await own.page.getByTestId('talk-record-input').fill(record);
    await own.page.getByTestId('talk-record-save').click();
    await expect.poll(() => own.page.getByTestId('talk-detail-status').innerText()).toBe('待确认');
    expect(await own.page.getByTestId('talk-record').innerText()).toBe(record);
    await own.page.screenshot({ path: path.join(SHOTS, 'talk-recorded.png') });

    // The secretary, on a phone, finds it in the list and confirms the record.
    const phone = await demo.signIn(secretary, PHONE);
    await phone.page.getByTestId('nav-open').click();
    await phone.page.getByTestId('nav-talks').click();
    await phone.page.waitForURL('**/talks');
    await phone.page.getByTestId('talk-item').filter({ hasText: topic }).click();
    await phone.page.waitForURL(/\/talks\/[0-9a-f-]{36}$/);
    expect(await phone.page.getByTestId('talk-record').innerText()).toBe(record);
    await phone.page.getByTestId('talk-confirm').click();
    await expect
      .poll(() => phone.page.getByTestId('talk-detail-status').innerText())
      .toBe('已确认');
    await phone.page.screenshot({ path: path.join(SHOTS, 'talk-phone-confirmed.png') });

    // The member sees it confirmed.
    await own.page.reload();
    await expect.poll(() => own.page.getByTestId('talk-detail-status').innerText()).toBe('已确认');

    // The matrix now counts the pair: the member's line names the secretary, covered.
    await officer.page.reload();
    await expect.poll(() => coverageRow(officer.page, member.displayName)).not.toBe(before);
    const after = await coverageRow(officer.page, member.displayName);
    expect(after).toContain(secretary.displayName);
    expect(after).toContain('已覆盖');
    await officer.page.screenshot({ path: path.join(SHOTS, 'talk-coverage.png'), fullPage: true });

    expect(own.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
    expect(officer.problems).toEqual([]);
    await Promise.all([own.context.close(), phone.context.close(), officer.context.close()]);
  });
});
