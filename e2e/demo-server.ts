import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../server/src/test/server-process.ts';
import type { DemoAccount } from '../server/src/demo/seed.ts';
import { watchForBreakage } from './browser.ts';

export const WEB_DIR = path.resolve(import.meta.dirname, '../web/dist');
export const SHOTS = path.resolve(import.meta.dirname, '../test-results');

export type { DemoAccount };

export interface Demo {
  server: ServerProcess;
  dataDir: string;
  accounts: DemoAccount[];
  account(username: string): DemoAccount;
  stop(): Promise<void>;
}

/** `tongxin demo` on a fresh data directory, serving the built web app. */
export async function startDemo(): Promise<Demo> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html')))
    throw new Error('Build the web app first: npm run build');
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-e2e-demo-'));
  const server = await startServerProcess({
    dataDir,
    command: 'demo',
    env: { WEB_DIR },
    readyTimeoutMs: 120_000,
  });
  const { accounts } = JSON.parse(
    fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8'),
  ) as { accounts: DemoAccount[] };
  return {
    server,
    dataDir,
    accounts,
    account(username) {
      const found = accounts.find((a) => a.username === username);
      if (!found) throw new Error(`no demo account ${username}`);
      return found;
    },
    async stop() {
      await server.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new browser context signed in through the sign-in page, watched for breakage. */
export async function signInWith(
  browser: Browser,
  baseURL: string,
  { username, password }: DemoAccount,
  options: Parameters<Browser['newContext']>[0] = {},
  expectedStatuses: number[] = [],
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  const problems = watchForBreakage(page, { expectedStatuses });
  await page.goto('/');
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('app-shell').waitFor();
  return { context, page, problems };
}
