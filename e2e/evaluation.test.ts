import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const BRANCH = '机关第一党支部';
/** How long to wait for the screen to catch up with a server round trip on a busy machine. */
const SETTLE = { timeout: 30_000, interval: 250 };

/** Gives every member on the ballot (or the final grades) the same grade. */
async function gradeAll(page: Page, rowTestId: string, grade: string): Promise<number> {
  const rows = page.getByTestId(rowTestId);
  const n = await rows.count();
  for (let i = 0; i < n; i += 1) {
    await rows.nth(i).locator(`[data-grade="${grade}"]`).click();
  }
  return n;
}

describe('democratic evaluation (民主评议) in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };

  it('a secretary opens a round, members vote on their phones, the secretary closes and finalises', async () => {
    const secretary = find((a) => a.role.split('；').includes(`${BRANCH} 书记`), 'secretary');
    const voters = demo.accounts().filter((a) => a.role === '党员' && a.organisation === BRANCH);
    expect(voters.length).toBeGreaterThanOrEqual(2);
    const [first, second] = voters as [DemoAccount, DemoAccount];

    // The secretary finds last year's finalised evaluation and starts this year's.
    const sec = await demo.signIn(secretary, DESK, [422]);
    await sec.page.getByTestId('nav-evaluation').click();
    await sec.page.waitForURL('**/evaluation');
    await expect
      .poll(() => sec.page.getByTestId('evaluation-item').first().innerText(), SETTLE)
      .toContain('已定等');
    await sec.page.getByTestId('evaluation-create').click();
    await sec.page.getByTestId('evaluation-org').click();
    await sec.page.locator('.ant-select-item-option').filter({ hasText: BRANCH }).first().click();
    const year = new Date().getFullYear();
    await sec.page.getByTestId('evaluation-create-submit').click();
    await sec.page.waitForURL(/\/evaluation\/[0-9a-f-]{36}$/);
    const roundUrl = new URL(sec.page.url()).pathname;
    await expect
      .poll(() => sec.page.getByTestId('evaluation-title').innerText(), SETTLE)
      .toContain(`${year}年度民主评议党员`);
    await sec.page.getByTestId('evaluation-open').click();
    await sec.page.getByTestId('evaluation-open-confirm').click();
    await expect
      .poll(() => sec.page.getByTestId('evaluation-status').innerText(), SETTLE)
      .toBe('进行中');
    await expect
      .poll(() => sec.page.getByTestId('evaluation-voted').innerText(), SETTLE)
      .toMatch(/民主测评已投 0\/\d+/);

    // Two members vote on their phones, each through the drawer menu.
    const ballots: [DemoAccount, string][] = [
      [first, 'excellent'],
      [second, 'qualified'],
    ];
    for (const [voter, grade] of ballots) {
      const phone = await demo.signIn(voter, PHONE);
      await phone.page.getByTestId('nav-open').click();
      await phone.page.getByTestId('nav-evaluation').click();
      await phone.page.waitForURL('**/evaluation');
      await phone.page
        .getByTestId('evaluation-item')
        .filter({ hasText: `${year}年度` })
        .first()
        .click();
      await phone.page.waitForURL(`**${roundUrl}`);
      await phone.page.getByTestId('evaluation-tab-ballot').click();
      await phone.page.getByTestId('evaluation-ballot-row').first().waitFor();
      await gradeAll(phone.page, 'evaluation-ballot-row', grade);
      await phone.page.getByTestId('evaluation-ballot-submit').click();
      await phone.page.getByTestId('evaluation-ballot-confirm').click();
      await phone.page.getByTestId('evaluation-ballot-done').waitFor();
      if (voter === first) {
        await phone.page.screenshot({ path: path.join(SHOTS, 'evaluation-phone-voted.png') });
      }
      expect(phone.problems).toEqual([]);
      await phone.context.close();
    }

    // The secretary sees how many voted (not who voted what), closes and reads the tally.
    await sec.page.reload();
    await expect
      .poll(() => sec.page.getByTestId('evaluation-voted').innerText(), SETTLE)
      .toMatch(/民主测评已投 2\/\d+/);
    await sec.page.getByTestId('evaluation-close').click();
    await sec.page.getByTestId('evaluation-close-confirm').click();
    await sec.page.getByTestId('evaluation-tab-tally').click();
    await expect
      .poll(() => sec.page.getByTestId('evaluation-tally-summary').innerText(), SETTLE)
      .toMatch(/共收回测评票 2 张/);

    // Everyone 优秀 breaks the one-third rule: shown before and refused on finalising.
    const evaluated = await gradeAll(sec.page, 'evaluation-tally-row', 'excellent');
    expect(evaluated).toBeGreaterThan(3);
    await sec.page.getByTestId('evaluation-rule-warning').waitFor();
    await sec.page.getByTestId('evaluation-finalise').click();
    await sec.page.getByTestId('evaluation-finalise-confirm').click();
    await expect
      .poll(() => sec.page.getByTestId('evaluation-finalise-error').innerText(), SETTLE)
      .toContain('三分之一');
    await sec.page.screenshot({ path: path.join(SHOTS, 'evaluation-one-third-rule.png') });

    // From the ballots instead (one 优秀 and one 合格 each: the tie goes to 合格), then finalise.
    await sec.page.getByTestId('evaluation-fill-suggested').click();
    await expect
      .poll(() => sec.page.getByTestId('evaluation-excellent-count').innerText(), SETTLE)
      .toMatch(/优秀 0\/\d+ 人/);
    await sec.page.getByTestId('evaluation-finalise').click();
    await sec.page.getByTestId('evaluation-finalise-confirm').click();
    await expect
      .poll(() => sec.page.getByTestId('evaluation-status').innerText(), SETTLE)
      .toBe('已定等');
    // The tally now shows the locked grades instead of the pickers.
    await expect
      .poll(() => sec.page.getByTestId('evaluation-final').first().innerText(), SETTLE)
      .toMatch(/评定等次：\s*合格/);
    await sec.page.screenshot({ path: path.join(SHOTS, 'evaluation-finalised.png') });
    expect(sec.problems).toEqual([]);
    await sec.context.close();

    // The member sees their own result.
    const member = await demo.signIn(first, PHONE);
    await member.page.goto(roundUrl);
    await expect
      .poll(() => member.page.getByTestId('evaluation-my-grade').innerText(), SETTLE)
      .toContain('合格');
    expect(member.problems).toEqual([]);
    await member.context.close();
  });
});
