// page.evaluate bodies run in the browser.
/// <reference lib="dom" />
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { watchForBreakage } from './browser.ts';
import { SHOTS, useDemo } from './demo-server.ts';
import { enrolAuthenticator } from './second-factor.ts';

const DESKTOP = { viewport: { width: 1280, height: 900 } };

describe('account security in the browser', () => {
  const demo = useDemo();

  const member = () => {
    const found = demo().accounts.find((a) => !a.role.includes('管理员'));
    if (!found) throw new Error('no member account in the demo');
    return found;
  };

  async function signIn(page: Page, username: string, password: string) {
    await page.goto('/sign-in');
    await page.getByTestId('signin-username').fill(username);
    await page.getByTestId('signin-password').fill(password);
    await page.getByTestId('signin-submit').click();
  }

  it('lets a member change their password and see and end their sessions', async () => {
    const { username, password } = member();
    const elsewhere = await demo().browser.newContext({ baseURL: demo().server.url, ...DESKTOP });
    const otherPage = await elsewhere.newPage();
    await signIn(otherPage, username, password);
    await otherPage.getByTestId('app-shell').waitFor();

    const context = await demo().browser.newContext({ baseURL: demo().server.url, ...DESKTOP });
    const page = await context.newPage();
    const problems = watchForBreakage(page, { expectedStatuses: [422] });
    await signIn(page, username, password);
    await page.getByTestId('app-shell').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('user-menu-account').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    const sessions = page.getByTestId('session-item');
    await expect.poll(() => sessions.count()).toBe(2);
    await page.getByText('当前设备').waitFor();

    // A weak password is explained before it is sent; a wrong current one by the server.
    await page.getByTestId('password-current').fill('Not#My-Password1');
    await page.getByTestId('password-new').fill('woaini1314');
    await expect
      .poll(() => page.locator('[data-rule="too_common"]').getAttribute('data-state'))
      .toBe('failed');
    const newPassword = 'Hongxing#Zhaoyao-2026';
    await page.getByTestId('password-new').fill(newPassword);
    await page.getByTestId('password-new2').fill(newPassword);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-error').getByText('当前密码不正确').waitFor();
    await page.getByTestId('password-current').fill(password);
    await page.getByTestId('password-new').fill(newPassword);
    await page.getByTestId('password-new2').fill(newPassword);
    await page.getByTestId('password-submit').click();
    await page.getByText('密码已修改').waitFor();
    // The other device was signed out by the change.
    await expect.poll(() => sessions.count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'account-security.png'), fullPage: true });
    await otherPage.reload();
    await expect.poll(() => new URL(otherPage.url()).pathname).toBe('/sign-in');

    await signIn(otherPage, username, newPassword);
    await otherPage.getByTestId('app-shell').waitFor();
    await page.reload();
    await expect.poll(() => sessions.count()).toBe(2);
    await page.getByTestId('sessions-end-others').click();
    await expect.poll(() => sessions.count()).toBe(1);

    // On a phone nothing on the page sticks out sideways, long browser names included.
    const phone = await demo().browser.newContext({
      baseURL: demo().server.url,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phonePage = await phone.newPage();
    await signIn(phonePage, username, newPassword);
    await phonePage.getByTestId('app-shell').waitFor();
    await phonePage.goto('/account');
    await phonePage.getByTestId('session-item').first().waitFor();
    const wide = await phonePage.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName}.${String(el.className)}`),
    );
    expect(wide).toEqual([]);
    await phonePage.screenshot({ path: path.join(SHOTS, 'account-phone.png'), fullPage: true });
    await phone.close();
    expect(problems).toEqual([]);
    await context.close();
    await elsewhere.close();
  });

  it('sends an administrator to enrol an authenticator, then to the security policy', async () => {
    const admin = demo().accounts.find((a) => a.role === '安全管理员');
    if (!admin) throw new Error('no security administrator in the demo');
    const context = await demo().browser.newContext({ baseURL: demo().server.url, ...DESKTOP });
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await signIn(page, admin.username, admin.password);
    await page.getByTestId('gated-shell').waitFor();
    // Nothing else is reachable before the second factor is set up.
    await page.goto('/security/policy');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    await page.getByTestId('totp-start').click();
    await page.locator('img.tx-totp-qr').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'account-totp-qr.png'), fullPage: true });
    await page.reload();
    await enrolAuthenticator(page);
    await page.getByTestId('app-shell').waitFor();

    await page.getByTestId('nav-security-policy').click();
    const expiry = page.getByTestId('policy-expiryDays');
    await expect.poll(() => expiry.inputValue()).toBe('90');
    await expiry.fill('60');
    await page.getByTestId('policy-save').click();
    await page.getByText('安全策略已保存').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'security-policy.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the system administrator reset a password that must be changed at first sign-in', async () => {
    const admin = demo().accounts.find((a) => a.role === '系统管理员');
    const target = demo().accounts.filter((a) => !a.role.includes('管理员'))[1];
    if (!admin || !target) throw new Error('demo accounts missing');
    const context = await demo().browser.newContext({ baseURL: demo().server.url, ...DESKTOP });
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await signIn(page, admin.username, admin.password);
    await enrolAuthenticator(page);
    await page.getByTestId('nav-accounts').click();
    const row = page.getByTestId(`account-row-${target.username}`);
    await row.getByTestId('account-reset-password').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    const shown = page.getByTestId('one-time-password');
    await shown.waitFor();
    const oneTime = (await shown.innerText()).trim();
    await page.screenshot({ path: path.join(SHOTS, 'accounts-reset.png'), fullPage: true });
    expect(problems).toEqual([]);

    const theirs = await demo().browser.newContext({ baseURL: demo().server.url, ...DESKTOP });
    const theirPage = await theirs.newPage();
    const theirProblems = watchForBreakage(theirPage);
    // The old password no longer works; the one-time one leads straight to the change form.
    await signIn(theirPage, target.username, target.password);
    await theirPage.getByTestId('signin-error').waitFor();
    await signIn(theirPage, target.username, oneTime);
    await theirPage.getByTestId('gated-shell').waitFor();
    await theirPage.getByTestId('account-gate').getByText('一次性密码').waitFor();
    const chosen = 'Qingshan#Keji-2026';
    await theirPage.getByTestId('password-current').fill(oneTime);
    await theirPage.getByTestId('password-new').fill(chosen);
    await theirPage.getByTestId('password-new2').fill(chosen);
    await theirPage.getByTestId('password-submit').click();
    await theirPage.getByTestId('app-shell').waitFor();
    await theirPage.getByTestId('nav-home').click();
    await expect.poll(() => new URL(theirPage.url()).pathname).toBe('/');
    expect(theirProblems).toEqual([]);
    await theirs.close();
    await context.close();
  });
});
