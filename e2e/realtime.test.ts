// page.evaluate bodies run in the browser.
/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { WebSocketRoute } from 'playwright-core';
import { useDemoServer, type DemoAccount } from './demo-server.ts';

describe('the real-time connection in the browser', () => {
  const demo = useDemoServer();
  const secretary = (): DemoAccount => {
    const found = demo.accounts().find((a) => a.role.split('；').includes('机关第一党支部 书记'));
    if (!found) throw new Error('no demo account for 机关第一党支部 书记');
    return found;
  };

  it('opens one socket under the CSP, receives its own events, and leaves when the session ends', async () => {
    const account = secretary();
    const { context, page, problems } = await demo.signIn(account, {
      viewport: { width: 1366, height: 900 },
    });
    const frames: string[] = [];
    let sockets = 0;
    page.on('websocket', (ws) => {
      sockets++;
      ws.on('framereceived', (frame) => frames.push(String(frame.payload)));
    });
    // The shell was already up when the listener was attached: reload to watch it connect.
    await page.reload();
    await page.getByTestId('app-shell').waitFor();
    await expect.poll(() => frames.some((f) => f.includes('"t":"synced"'))).toBe(true);
    expect(sockets).toBe(1);

    // Something happens to the account: the page's socket hears it at once.
    const created = await page.evaluate(async () => {
      const spaces = (await (await fetch('/api/v1/exchange/spaces')).json()) as {
        items: Array<{ id: string }>;
      };
      const res = await fetch(`/api/v1/exchange/spaces/${spaces.items[0]?.id}/topics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: '浏览器实时测试', body: '大家好' }),
      });
      return res.status;
    });
    expect(created).toBe(201);
    await expect
      .poll(() => frames.some((f) => f.includes('"type":"exchange.message.created"')))
      .toBe(true);
    await expect.poll(() => page.getByTestId('realtime-reconnecting').count()).toBe(0);

    // The session is ended from elsewhere: the socket closes and the page goes to sign-in.
    const base = new URL(page.url()).origin;
    const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const ended = await fetch(`${base}/api/v1/me/sessions/end-others`, {
      method: 'POST',
      headers: { cookie, origin: base },
    });
    expect(ended.status).toBe(200);
    await page.getByTestId('signin-username').waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the reconnecting indicator while the socket is away, and hides it when back', async () => {
    const { context, page, problems } = await demo.signIn(secretary(), {
      viewport: { width: 390, height: 844 },
    });
    // Sockets pass through to the server while allowed; otherwise they open to nobody (no
    // hello ever comes), as a server that cannot be reached.
    let allow = true;
    const routes: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/api\/v1\/ws$/, (ws) => {
      routes.push(ws);
      if (allow) ws.connectToServer();
    });
    await page.reload();
    await page.getByTestId('app-shell').waitFor();
    await expect.poll(() => routes.length).toBe(1);
    const indicator = page.getByTestId('realtime-reconnecting');
    expect(await indicator.count()).toBe(0);

    allow = false;
    await routes[0]?.close({ code: 4000, reason: 'network trouble' });
    await indicator.waitFor();
    expect(await indicator.innerText()).toBe('正在重新连接…');
    await expect.poll(() => routes.length).toBe(2);

    allow = true;
    await routes[1]?.close({ code: 4000, reason: 'network trouble' });
    await expect.poll(() => routes.length, { timeout: 10_000 }).toBe(3);
    await expect.poll(() => indicator.count(), { timeout: 10_000 }).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
