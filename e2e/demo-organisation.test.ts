// page.evaluate bodies run in the browser.
/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../server/src/test/server-process.ts';
import { launchBrowser, watchForBreakage } from './browser.ts';
import { enrolAuthenticator } from './second-factor.ts';

const WEB_DIR = path.resolve(import.meta.dirname, '../web/dist');
const SHOTS = path.resolve(import.meta.dirname, '../test-results');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

interface DemoAccount {
  username: string;
  role: string;
  password: string;
  displayName: string;
  organisation: string;
}

describe('the demo organisation in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let accounts: DemoAccount[];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIR, 'index.html')))
      throw new Error('Build the web app first: npm run build');
    fs.mkdirSync(SHOTS, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-e2e-demo-'));
    server = await startServerProcess({
      dataDir,
      command: 'demo',
      env: { WEB_DIR },
      readyTimeoutMs: 120_000,
    });
    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as {
      accounts: DemoAccount[];
    };
    accounts = file.accounts;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const account = (username: string): DemoAccount => {
    const found = accounts.find((a) => a.username === username);
    if (!found) throw new Error(`no demo account ${username}`);
    return found;
  };

  async function signedIn(
    username: string,
    options: Parameters<Browser['newContext']>[0] = {},
    expectedStatuses: number[] = [],
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ baseURL: server.url, ...options });
    const page = await context.newPage();
    const problems = watchForBreakage(page, { expectedStatuses });
    await page.goto('/');
    const { password } = account(username);
    await page.getByTestId('signin-username').fill(username);
    await page.getByTestId('signin-password').fill(password);
    await page.getByTestId('signin-submit').click();
    // The demo's administrators set up their authenticator at first sign-in, like real ones.
    if (account(username).role.endsWith('管理员')) await enrolAuthenticator(page);
    await page.getByTestId('app-shell').waitFor();
    return { context, page, problems };
  }

  it('lets the system administrator add a 党小组 under a branch', async () => {
    // 409: the duplicate name below is refused on purpose.
    const { context, page, problems } = await signedIn(
      'sysadmin',
      { viewport: { width: 1280, height: 900 } },
      [409],
    );
    await page.getByTestId('nav-orgs').click();
    const tree = page.getByTestId('org-tree');
    await expect.poll(() => tree.innerText()).toContain('机关党总支');
    await tree.getByText('研发中心党支部', { exact: true }).click();
    await expect.poll(() => page.getByTestId('org-detail').innerText()).toContain('研发中心党支部');

    await page.getByTestId('org-create').click();
    await page.getByTestId('org-create-name').fill('研发中心党支部第四党小组');
    await page.getByTestId('org-create-submit').click();
    await expect.poll(() => tree.innerText()).toContain('研发中心党支部第四党小组');

    // A second group with the same name under the same branch is refused, next to the field.
    await tree.getByText('研发中心党支部', { exact: true }).click();
    await page.getByTestId('org-create').click();
    await page.getByTestId('org-create-name').fill('研发中心党支部第四党小组');
    await page.getByTestId('org-create-submit').click();
    await page.getByText('同一上级组织下已有同名组织').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'orgs-create.png') });

    // Unknown addresses inside the app get the 404 page, not a blank screen.
    await page.goto('/no-such-page');
    await page.getByText('页面不存在', { exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a branch secretary their own members on a phone, in Chinese or English', async () => {
    const { context, page, problems } = await signedIn('he.weidong', PHONE);
    await page.goto('/members');
    const table = page.getByTestId('members-table');
    const search = page.getByTestId('members-search').locator('input');
    await expect.poll(() => table.innerText()).toContain('何卫东');
    await search.fill('黄一鸣');
    await search.press('Enter');
    await expect.poll(() => table.innerText()).toContain('黄一鸣');
    // 蒋宇 belongs to 机关第二党支部: a sideways branch is out of sight, even by name.
    await search.fill('蒋宇');
    await search.press('Enter');
    await expect.poll(() => table.innerText()).not.toContain('黄一鸣');
    expect(await table.innerText()).not.toContain('蒋宇');
    await search.fill('黄一鸣');
    await search.press('Enter');
    // Nothing sticks out sideways on a phone.
    const overflow = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      view: window.innerWidth,
      wide: Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName}.${el.className}`),
    }));
    expect(overflow.wide).toEqual([]);
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.view);
    await table.getByText('黄一鸣').first().click();
    const detail = page.getByTestId('member-detail');
    await expect.poll(() => detail.innerText()).toContain('黄一鸣');
    // On a phone the drawer takes the whole screen; photograph it once it has slid in.
    const drawer = page.locator('.ant-drawer-content-wrapper');
    await expect.poll(async () => Math.round((await drawer.boundingBox())?.x ?? -1)).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'members-phone.png') });
    await page.keyboard.press('Escape');

    // The language follows the user: switched here, it holds after a reload and on a new device.
    await page.goto('/settings');
    await page.getByTestId('settings-language').getByText('English').click();
    await page.getByText('Interface language', { exact: true }).waitFor();
    await page.reload();
    await page.getByTestId('app-shell').waitFor();
    await page.getByText('Interface language', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'settings-phone-english.png') });
    const other = await signedIn('he.weidong', { viewport: { width: 1280, height: 900 } });
    await other.page.getByTestId('nav-members').getByText('Members').waitFor();
    await other.page.screenshot({ path: path.join(SHOTS, 'home-english.png') });
    expect([...problems, ...other.problems]).toEqual([]);
    await other.context.close();
    await context.close();
  });
});
