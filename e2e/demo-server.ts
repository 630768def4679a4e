import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServerProcess, type ServerProcess } from '../server/src/test/server-process.ts';
import type { DemoAccount } from '../server/src/demo/seed.ts';
import { launchBrowser, watchForBreakage } from './browser.ts';
import { codeFor, enrolAuthenticator } from './second-factor.ts';

export const WEB_DIR = path.resolve(import.meta.dirname, '../web/dist');
export const SHOTS = path.resolve(import.meta.dirname, '../test-results');

export type { DemoAccount };

export interface Demo {
  server: ServerProcess;
  browser: Browser;
  dataDir: string;
  accounts: DemoAccount[];
  account(username: string): DemoAccount;
}

/**
 * For the current describe block: `tongxin demo` on a fresh data directory serving the built
 * web app, its accounts file read back, and a browser; all stopped afterwards.
 */
export function useDemo(): () => Demo {
  let demo: Demo | null = null;
  beforeAll(async () => {
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
    administrators = new Set(accounts.filter(isAdministrator).map((a) => a.username));
    const account = (username: string): DemoAccount => {
      const found = accounts.find((a) => a.username === username);
      if (!found) throw new Error(`no demo account ${username}`);
      return found;
    };
    demo = { server, browser: await launchBrowser(), dataDir, accounts, account };
  });
  afterAll(async () => {
    await demo?.browser.close();
    await demo?.server.kill('SIGTERM');
    if (demo) fs.rmSync(demo.dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!demo) throw new Error('demo used outside a test');
    return demo;
  };
}

// The three administrators must use an authenticator (等保): the first sign-in of each enrols
// one as a person would, later ones answer with its code. Each test file runs its own demo.
const isAdministrator = (account: DemoAccount): boolean => account.role.endsWith('管理员');
let administrators = new Set<string>();
const authenticators = new Map<string, string>();
const lastStepUsed = new Map<string, number>();

/** A code the server has not seen yet: each time step's code is accepted once only. */
async function freshCode(username: string, secret: string): Promise<string> {
  const step = () => Math.floor(Date.now() / 30_000);
  while (lastStepUsed.get(username) === step()) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  lastStepUsed.set(username, step());
  return codeFor(secret);
}

/**
 * Fills in the sign-in form, then does an administrator's second step (enrol an authenticator
 * or type its code); waits for the app shell unless the attempt is meant to fail.
 */
export async function signInAs(
  page: Page,
  username: string,
  password: string,
  { expectFailure = false } = {},
): Promise<void> {
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  if (expectFailure) {
    await page.getByRole('alert').waitFor();
    return;
  }
  if (administrators.has(username)) {
    const secret = authenticators.get(username);
    if (secret) {
      await page.getByTestId('signin-code').fill(await freshCode(username, secret));
      await page.getByTestId('signin-code-submit').click();
    } else {
      authenticators.set(username, await enrolAuthenticator(page));
      lastStepUsed.set(username, Math.floor(Date.now() / 30_000));
    }
  }
  await page.getByTestId('app-shell').waitFor();
}

export interface DemoSession {
  context: BrowserContext;
  page: Page;
  /** What would tell a user something is broken (see watchForBreakage). */
  problems: string[];
}

export interface DemoServer {
  dataDir(): string;
  accounts(): DemoAccount[];
  account(username: string): DemoAccount;
  /** A fresh browser context signed in as the account, on the app shell. */
  signIn(
    account: DemoAccount,
    options?: Parameters<Browser['newContext']>[0],
    expectedStatuses?: number[],
  ): Promise<DemoSession>;
}

/** useDemo with sign-in in a fresh context that watches for breakage. */
export function useDemoServer(): DemoServer {
  const demo = useDemo();
  return {
    dataDir: () => demo().dataDir,
    accounts: () => demo().accounts,
    account: (username) => demo().account(username),
    async signIn(account, options = {}, expectedStatuses = []) {
      const { browser, server } = demo();
      const context = await browser.newContext({ baseURL: server.url, ...options });
      const page = await context.newPage();
      const problems = watchForBreakage(page, { expectedStatuses });
      await page.goto('/');
      await signInAs(page, account.username, account.password);
      return { context, page, problems };
    },
  };
}
