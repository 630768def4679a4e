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

/**
 * Collects what would tell a user something is broken: CSP refusals, uncaught errors and
 * failed requests. 401 (signed out) is routine; a test that provokes another refusal on
 * purpose names its status in `expectedStatuses`.
 */
export function watchForBreakage(
  page: Page,
  { expectedStatuses = [] }: { expectedStatuses?: number[] } = {},
): string[] {
  const allowed = new Set([401, ...expectedStatuses]);
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const status = /Failed to load resource: the server responded with a status of (\d{3})/.exec(
      text,
    )?.[1];
    if (status && allowed.has(Number(status))) return;
    problems.push(`console: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}
