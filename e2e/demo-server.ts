import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../server/src/test/server-process.ts';
import type { DemoAccount } from '../server/src/demo/seed.ts';
import { launchBrowser, watchForBreakage } from './browser.ts';

export const WEB_DIR = path.resolve(import.meta.dirname, '../web/dist');
export const SHOTS = path.resolve(import.meta.dirname, '../test-results');

export type { DemoAccount };

export interface DemoSession {
  context: BrowserContext;
  page: Page;
  /** What would tell a user something is broken (see watchForBreakage). */
  problems: string[];
}

export interface DemoServer {
  accounts(): DemoAccount[];
  account(username: string): DemoAccount;
  /** A fresh browser context signed in as the account, on the app shell. */
  signIn(
    account: DemoAccount,
    options?: Parameters<Browser['newContext']>[0],
    expectedStatuses?: number[],
  ): Promise<DemoSession>;
}

/**
 * A demo server (`tongxin demo` on a fresh data directory) and a browser for the current
 * describe block: started before its tests, stopped and removed after them.
 */
export function useDemoServer(): DemoServer {
  let dataDir = '';
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  let accounts: DemoAccount[] = [];

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
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    accounts: () => accounts,
    account(username) {
      const found = accounts.find((a) => a.username === username);
      if (!found) throw new Error(`no demo account ${username}`);
      return found;
    },
    async signIn(account, options = {}, expectedStatuses = []) {
      if (!browser || !server) throw new Error('demo server used outside a test');
      const context = await browser.newContext({ baseURL: server.url, ...options });
      const page = await context.newPage();
      const problems = watchForBreakage(page, { expectedStatuses });
      await page.goto('/');
      await page.getByTestId('signin-username').fill(account.username);
      await page.getByTestId('signin-password').fill(account.password);
      await page.getByTestId('signin-submit').click();
      await page.getByTestId('app-shell').waitFor();
      return { context, page, problems };
    },
  };
}
