import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const BRANCH = '机关第一党支部';

describe('notices (通知公告) in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };

  it('a secretary sends a notice; a member reads and acknowledges it; the sender sees both', async () => {
    const secretary = find((a) => a.role.split('；').includes(`${BRANCH} 书记`), 'secretary');
    const member = find((a) => a.role === '党员' && a.organisation === BRANCH, 'member');
    const title = `关于参加十二月主题党日活动的通知 ${Date.now()}`;

    // The secretary composes on a desktop.
    const sender = await demo.signIn(secretary, DESK);
    await sender.page.getByTestId('nav-notices').click();
    await sender.page.waitForURL('**/notices');
    await sender.page.getByTestId('notice-compose').click();
    await sender.page.waitForURL('**/notices/new');
    await sender.page.getByTestId('notice-title-input').fill(title);
    // The secretary also serves the committee above; the composer starts at the branch.
    await expect
      .poll(() => sender.page.getByTestId('notice-org').innerText())
      .toMatch(new RegExp(`${BRANCH}$`));
    await sender.page
      .getByTestId('notice-body-input')
      .fill('请全体党员**按时参加**。\n\n- 地点：三楼会议室');
    await sender.page.getByRole('tab', { name: '预览' }).click();
    await expect
      .poll(() => sender.page.getByTestId('notice-preview').innerHTML())
      .toContain('<strong>按时参加</strong>');
    await sender.page.getByTestId('notice-requires-ack').click();
    await sender.page.getByTestId('notice-send').click();
    await sender.page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
    const noticeUrl = new URL(sender.page.url()).pathname;
    const progress = sender.page.getByTestId('notice-progress');
    await expect.poll(() => progress.innerText()).toMatch(/已读 0\/\d+/);

    // The member, on a phone in another browser context, finds it behind the bell.
    const reader = await demo.signIn(member, PHONE);
    const badge = reader.page.getByTestId('notification-badge');
    await expect
      .poll(async () => Number(await badge.getAttribute('data-unread')))
      .toBeGreaterThan(0);
    await reader.page.getByTestId('notification-bell').click();
    const item = reader.page.getByTestId('notification-item').filter({ hasText: title });
    await item.first().click();
    await reader.page.waitForURL(`**${noticeUrl}`);
    await expect
      .poll(() => reader.page.getByTestId('notice-body').innerText())
      .toContain('按时参加');
    await reader.page.getByTestId('notice-acknowledge').click();
    await reader.page.getByTestId('notice-acknowledged').waitFor();
    await reader.page.screenshot({ path: path.join(SHOTS, 'notice-phone-acknowledged.png') });
    // The phone's inbox, through the drawer menu: this one done, the demo's older ones listed.
    await reader.page.getByTestId('nav-open').click();
    await reader.page.getByTestId('nav-notices').click();
    await reader.page.waitForURL('**/notices');
    const mine = reader.page.getByTestId('notice-item').filter({ hasText: title });
    await expect.poll(() => mine.innerText()).toContain('已确认收到');
    expect(await reader.page.getByTestId('notice-item').count()).toBeGreaterThan(1);
    await reader.page.screenshot({ path: path.join(SHOTS, 'notice-phone-inbox.png') });

    // The sender's tracking view shows it read and acknowledged.
    await sender.page.reload();
    await expect.poll(() => progress.innerText()).toMatch(/已读 1\/\d+/);
    expect(await progress.innerText()).toMatch(/已确认 1\/\d+/);
    await sender.page.getByTestId('notice-tab-acked').click();
    await expect
      .poll(() => sender.page.getByTestId('notice-receipts').innerText())
      .toContain(member.displayName);
    await sender.page.screenshot({ path: path.join(SHOTS, 'notice-tracking.png') });

    // One reminder to the rest, then the limit.
    await sender.page.getByTestId('notice-remind').click();
    await sender.page.getByText(/已提醒 \d+ 人/).waitFor();

    expect(sender.problems).toEqual([]);
    expect(reader.problems).toEqual([]);
    await reader.context.close();
    await sender.context.close();
  });
});
