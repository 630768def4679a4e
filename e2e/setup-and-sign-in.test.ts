import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../server/src/test/server-process.ts';
import { launchBrowser, watchForBreakage } from './browser.ts';
import { codeFor, enrolAuthenticator } from './second-factor.ts';

const WEB_DIR = path.resolve(import.meta.dirname, '../web/dist');
const SHOTS = path.resolve(import.meta.dirname, '../test-results');

describe('first run in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIR, 'index.html')))
      throw new Error('Build the web app first: npm run build');
    fs.mkdirSync(SHOTS, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-e2e-'));
    server = await startServerProcess({ dataDir, env: { WEB_DIR } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the printed setup link, creates the administrators and lands in the app shell', async () => {
    const link = /(http:\/\/\S+\/setup#token=[A-Za-z0-9_-]+)/.exec(server.output())?.[1];
    expect(link, 'the server prints a one-time setup link').toBeTruthy();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await page.goto(link!);
    // The token leaves the address bar once read.
    await expect.poll(() => page.url()).not.toContain('token=');

    await page.getByTestId('setup-org-name').fill('中共青山区科技园区委员会');
    const accounts = {
      system: ['sysadmin', '赵系统', 'Xitong#Guanli2026'],
      security: ['secadmin', '钱安全', 'Anquan#Guanli2026'],
      audit: ['auditor', '孙审计', 'Shenji#Guanli2026'],
    } as const;
    for (const [role, [username, name, password]] of Object.entries(accounts)) {
      await page.getByTestId(`setup-${role}-username`).fill(username);
      await page.getByTestId(`setup-${role}-displayname`).fill(name);
      await page.getByTestId(`setup-${role}-password`).fill(password);
      await page.getByTestId(`setup-${role}-password2`).fill(password);
    }
    await page.screenshot({ path: path.join(SHOTS, 'setup-form.png'), fullPage: true });
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-done').click();

    await page.getByTestId('signin-username').fill('sysadmin');
    await page.getByTestId('signin-password').fill(accounts.system[2]);
    await page.getByTestId('signin-submit').click();
    // 等保: an administrator sets up the authenticator before anything else.
    await page.getByTestId('gated-shell').waitFor();
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain('赵系统');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
    const secret = await enrolAuthenticator(page);
    await page.getByTestId('app-shell').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'account-totp.png'), fullPage: true });

    await page.getByTestId('nav-orgs').click();
    await expect
      .poll(() => page.getByTestId('org-tree').innerText())
      .toContain('中共青山区科技园区委员会');
    await page.screenshot({ path: path.join(SHOTS, 'app-shell.png'), fullPage: true });

    // Signing in again asks for the authenticator's code after the password.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-username').fill('sysadmin');
    await page.getByTestId('signin-password').fill(accounts.system[2]);
    await page.getByTestId('signin-submit').click();
    // The enrolment used this step's code; an app shows the next one 30 seconds later.
    await page.getByTestId('signin-code').fill(codeFor(secret, Date.now() + 30_000));
    await page.getByTestId('signin-code-submit').click();
    await page.getByTestId('app-shell').waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');

    // The link worked once: a second visit is refused.
    const again = await context.newPage();
    await again.goto(link!);
    await again
      .getByText(/无效|已使用|过期|已完成/)
      .first()
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
