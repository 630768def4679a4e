import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser; flags keep it off the (closed) network. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Collects what would tell a user something is broken: CSP refusals and uncaught errors. */
export function watchForBreakage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (
      msg.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of 401/.test(text)
    ) {
      problems.push(`console: ${text}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}
