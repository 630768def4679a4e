import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const BRANCH = '机关第一党支部';

describe('search (搜索) in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };

  it('a member searches from the header, narrows to topics, activities and rectification items, opens hits; and on a phone', async () => {
    const member = find((a) => a.role === '党员' && a.organisation === BRANCH, 'member');
    const desk = await demo.signIn(member, DESK);
    // antd puts the test id on the search group or on the input itself, depending on version.
    const inputOf = (id: string) => `input[data-testid="${id}"], [data-testid="${id}"] input`;
    const box = desk.page.locator(inputOf('header-search')).first();
    await box.fill('主题党日');
    await box.press('Enter');
    await desk.page.waitForURL(/\/search\?q=/);
    const hits = desk.page.getByTestId('search-hit');
    await hits.first().waitFor();
    expect(await hits.first().innerHTML()).toContain('<mark>主题党日</mark>');
    await desk.page.screenshot({ path: path.join(SHOTS, 'search-desktop.png') });

    await desk.page.getByRole('tab', { name: /^话题/ }).click();
    await desk.page.waitForURL(/kind=topic/);
    await expect.poll(() => hits.first().innerText()).toContain('话题');
    await hits.first().click();
    await desk.page.waitForURL(/\/exchange\/[0-9a-f-]{36}\/[0-9a-f-]{36}/);

    // Activities (with their minutes) and rectification items are found the same way.
    await desk.page.goBack();
    await desk.page.waitForURL(/kind=topic/);
    await desk.page.getByRole('tab', { name: /^组织生活/ }).click();
    await desk.page.waitForURL(/kind=activity/);
    await expect.poll(() => hits.first().innerText()).toContain('组织生活');
    expect(await hits.first().innerHTML()).toContain('<mark>主题党日</mark>');
    await hits.first().click();
    await desk.page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
    await desk.page
      .getByText(/主题党日/)
      .first()
      .waitFor();

    await box.fill('值守');
    await box.press('Enter');
    await desk.page.waitForURL(/\/search\?q=/);
    await desk.page.getByRole('tab', { name: /^整改事项/ }).click();
    await desk.page.waitForURL(/kind=rectification/);
    await expect.poll(() => hits.first().innerText()).toContain('整改事项');
    expect(await hits.first().innerHTML()).toContain('<mark>值守</mark>');
    await hits.first().click();
    await desk.page.waitForURL(/\/org-life\/[0-9a-f-]{36}/);

    // On a phone the header holds a search button that opens the page.
    const phone = await demo.signIn(member, PHONE);
    await phone.page.getByTestId('header-search-open').click();
    await phone.page.waitForURL('**/search');
    const input = phone.page.locator(inputOf('search-input')).first();
    await input.fill('学习');
    await input.press('Enter');
    await phone.page.waitForURL(/q=/);
    await phone.page.getByTestId('search-hit').first().waitFor();
    expect(await phone.page.getByTestId('search-hit').first().innerHTML()).toContain('<mark>');
    await phone.page.screenshot({ path: path.join(SHOTS, 'search-phone.png') });
  });
});
