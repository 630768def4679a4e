// page.evaluate bodies run in the browser.
/// <reference lib="dom" />
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1366, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Markdown that would run script if the app rendered it unsafely. */
const PAYLOAD = [
  '**学习体会**：<script>window.__pwned = 1</script>',
  '[点我查看](javascript:window.__pwned=2) <img src=x onerror="window.__pwned=3">',
].join('\n\n');

describe('online exchange in the browser', () => {
  const demo = useDemoServer();

  /** Two ordinary accounts of one branch: the demo has several per branch. */
  function twoOfOneBranch(): [DemoAccount, DemoAccount] {
    const members = demo.accounts().filter((a) => a.role === '党员' || a.role === '预备党员');
    for (const a of members) {
      const b = demo
        .accounts()
        .find((x) => x !== a && x.organisation === a.organisation && !x.role.endsWith('管理员'));
      if (b) return [a, b];
    }
    throw new Error('no two demo accounts share a branch');
  }

  async function openBranchSpace(page: Page, branch: string): Promise<string> {
    await page.getByTestId('nav-exchange').click();
    const row = page
      .locator('[data-testid="space-row"][data-space-kind="org"]')
      .filter({ hasText: branch })
      .first();
    await row.click();
    await expect.poll(() => page.getByTestId('topics-space-name').innerText()).toBe(branch);
    const id = await row.getAttribute('data-space-id');
    if (!id) throw new Error('space row without id');
    return id;
  }

  async function startTopic(page: Page, title: string, tag: string, body: string): Promise<void> {
    await page.getByTestId('topic-new').click();
    await page.getByTestId('topic-title').fill(title);
    await page.getByTestId('topic-tags').click();
    await page.locator('.ant-select-item-option').filter({ hasText: tag }).click();
    // Close the tag list without Escape, which would close the whole dialog.
    await page.getByTestId('topic-title').click();
    await page.getByTestId('topic-body').locator('textarea').fill(body);
    await page.getByTestId('topic-submit').click();
    await page.getByTestId('topic-title-header').filter({ hasText: title }).waitFor();
  }

  const messageWith = (page: Page, text: string) =>
    page.getByTestId('message').filter({ hasText: text }).last();
  const messageById = (page: Page, id: string | null) =>
    page.locator(`[data-testid="message"][data-message-id="${id ?? ''}"]`);

  it('lets two members of a branch talk in real time, and keeps a script payload inert', async () => {
    const [alice, bob] = twoOfOneBranch();
    const branch = alice.organisation;
    const a = await demo.signIn(alice, DESK);
    const b = await demo.signIn(bob, DESK);

    const spaceId = await openBranchSpace(a.page, branch);
    await openBranchSpace(b.page, branch);
    expect(b.page.url()).toContain(`/exchange/${spaceId}`);

    // A starts a tagged topic; B's list shows it without reloading.
    const title = `交流 ${Date.now().toString(36)}`;
    await startTopic(a.page, title, '经验分享', PAYLOAD);
    await messageWith(a.page, '学习体会').waitFor();
    // By id from here on: replies quote its text too.
    const firstId = await messageWith(a.page, '学习体会').getAttribute('data-message-id');
    const first = messageById(a.page, firstId);
    expect(await first.getByTestId('message-body').locator('strong').innerText()).toBe('学习体会');
    const bobsRow = b.page.getByTestId('topic-row').filter({ hasText: title });
    await bobsRow.waitFor({ timeout: 10_000 });
    expect(await bobsRow.getByTestId('topic-tag').allInnerTexts()).toEqual(['经验分享']);

    // The payload is text, not markup: no script, no javascript: link, no image.
    await bobsRow.click();
    const seen = messageById(b.page, firstId);
    await seen.waitFor();
    const body = seen.getByTestId('message-body');
    expect(await body.innerText()).toContain('<script>window.__pwned = 1</script>');
    expect(await body.locator('script, img, iframe, [onerror]').count()).toBe(0);
    for (const href of await body
      .locator('a')
      .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''))) {
      expect(href.toLowerCase()).not.toContain('javascript:');
    }
    expect(await b.page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await a.page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();

    // B replies (quoting A) with Enter, and reacts to A's message.
    await seen.hover();
    await seen.getByTestId('message-more').click();
    await b.page
      .locator('.ant-dropdown:not(.ant-dropdown-hidden)')
      .getByRole('menuitem', { name: '回复' })
      .click();
    await b.page.getByTestId('reply-chip').waitFor();
    const input = b.page.getByTestId('composer-input').locator('textarea');
    await input.fill('说得好，**我也有体会**');
    await input.press('Enter');
    await messageWith(b.page, '我也有体会').waitFor();
    expect(await input.inputValue()).toBe('');
    await seen.hover();
    await seen.getByTestId('message-react').click();
    await b.page.getByTestId('react-👍').click();
    await seen.locator('[data-testid="reaction"][data-emoji="👍"]').waitFor();

    // A sees both without reloading: the reply with its quote, and the reaction.
    const reply = messageWith(a.page, '我也有体会');
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.getByTestId('message-quote').innerText()).toContain(alice.displayName);
    const thumbs = first.locator('[data-testid="reaction"][data-emoji="👍"]');
    await thumbs.waitFor({ timeout: 10_000 });
    expect(await thumbs.innerText()).toContain('1');
    await a.page.screenshot({ path: path.join(SHOTS, 'exchange-desk.png') });

    // A's edit shows in place for B, marked as edited, with the earlier text in its history.
    await first.hover();
    await first.getByTestId('message-more').click();
    await a.page
      .locator('.ant-dropdown:not(.ant-dropdown-hidden)')
      .getByRole('menuitem', { name: '编辑' })
      .click();
    const editor = first.getByTestId('message-edit-input').locator('textarea');
    await editor.fill('**学习体会**（已补充）');
    await first.getByTestId('message-edit-save').click();
    const edited = messageById(b.page, firstId);
    await edited.getByTestId('message-edited').waitFor({ timeout: 10_000 });
    await edited.getByTestId('message-edited').click();
    await expect
      .poll(() => b.page.getByTestId('message-history').innerText())
      .toContain('<script>window.__pwned = 1</script>');
    await b.page.keyboard.press('Escape');

    // B withdraws the reply: A sees the placeholder, not the text.
    const replyId = await reply.getAttribute('data-message-id');
    const mine = messageWith(b.page, '我也有体会');
    await mine.hover();
    await mine.getByTestId('message-more').click();
    // Earlier menus stay in the page, hidden: use the open one.
    await b.page
      .locator('.ant-dropdown:not(.ant-dropdown-hidden)')
      .getByTestId('message-withdraw')
      .click();
    await b.page.getByTestId('withdraw-confirm').click();
    const gone = messageById(a.page, replyId);
    await gone.getByTestId('message-withdrawn').waitFor({ timeout: 10_000 });
    expect(await gone.innerText()).toContain('该消息已撤回');
    expect(await gone.innerText()).not.toContain('我也有体会');
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('works on a phone: spaces, then topics, then messages, with a way back', async () => {
    const [alice, bob] = twoOfOneBranch();
    const branch = alice.organisation;
    const a = await demo.signIn(alice, PHONE);
    const b = await demo.signIn(bob, DESK);
    await openBranchSpace(b.page, branch);

    await a.page.getByTestId('nav-open').click();
    await a.page.getByTestId('nav-exchange').click();
    // One pane at a time: the space list first.
    await a.page.getByTestId('exchange-spaces').waitFor();
    expect(await a.page.getByTestId('exchange-topics').count()).toBe(0);
    await a.page
      .locator('[data-testid="space-row"][data-space-kind="org"]')
      .filter({ hasText: branch })
      .first()
      .click();
    await a.page.getByTestId('exchange-topics').waitFor();
    expect(await a.page.getByTestId('exchange-spaces').count()).toBe(0);

    const title = `手机 ${Date.now().toString(36)}`;
    await startTopic(a.page, title, '工作交流', '在手机上发起的话题');
    await a.page.getByTestId('exchange-stream').waitFor();
    expect(await a.page.getByTestId('exchange-topics').count()).toBe(0);
    await messageWith(a.page, '在手机上发起的话题').waitFor();

    // On a phone Enter is a new line; the button sends.
    const input = a.page.getByTestId('composer-input').locator('textarea');
    await input.fill('第二条');
    await a.page.getByTestId('composer-send').click();
    await messageWith(a.page, '第二条').waitFor();
    await b.page.getByTestId('topic-row').filter({ hasText: title }).click();
    await messageWith(b.page, '第二条').waitFor();
    await b.page.getByTestId('composer-input').locator('textarea').fill('收到');
    await b.page.getByTestId('composer-input').locator('textarea').press('Enter');
    await messageWith(a.page, '收到').waitFor({ timeout: 10_000 });

    // Nothing sticks out sideways.
    const overflow = await a.page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
    await a.page.screenshot({ path: path.join(SHOTS, 'exchange-phone.png') });

    await a.page.getByTestId('exchange-back').click();
    await a.page.getByTestId('exchange-topics').waitFor();
    await a.page.getByTestId('topic-row').filter({ hasText: title }).waitFor();
    await a.page.getByTestId('exchange-back').click();
    await a.page.getByTestId('exchange-spaces').waitFor();
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('opens a direct message; the other side gets it with an unread badge that clears on reading', async () => {
    const [alice, bob] = twoOfOneBranch();
    const a = await demo.signIn(alice, DESK);
    const b = await demo.signIn(bob, DESK);
    await b.page.getByTestId('nav-exchange').click();
    await b.page.getByTestId('exchange-spaces').waitFor();

    await a.page.getByTestId('nav-exchange').click();
    await a.page.getByTestId('exchange-spaces-add').click();
    await a.page.getByTestId('exchange-new-dm').click();
    await a.page.getByTestId('dm-people').click();
    await a.page.keyboard.type(bob.displayName);
    await a.page
      .locator('.ant-select-item-option')
      .filter({ hasText: bob.displayName })
      .first()
      .click();
    await a.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect
      .poll(() => a.page.getByTestId('topics-space-name').innerText())
      .toContain(bob.displayName);
    await startTopic(a.page, '约个时间谈心', '工作交流', '本周四下午方便吗？');

    // B's list gains the conversation under 私信, with one unread message.
    const row = b.page.locator('[data-testid="space-row"][data-space-kind="dm"]').first();
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.getAttribute('data-unread')).toBe('1');
    await row.click();
    await b.page.getByTestId('topic-row').filter({ hasText: '约个时间谈心' }).click();
    await messageWith(b.page, '本周四下午方便吗').waitFor();
    // Seen on screen: the badge goes.
    await expect.poll(() => row.getAttribute('data-unread'), { timeout: 10_000 }).toBe('0');

    // A's typing shows under B's stream.
    await a.page.getByTestId('composer-input').locator('textarea').pressSequentially('稍等');
    await expect
      .poll(() => b.page.getByTestId('typing').innerText(), { timeout: 10_000 })
      .toContain(`${alice.displayName} 正在输入`);

    // B answers with a mention: Enter picks the name from the list, the next Enter sends.
    const input = b.page.getByTestId('composer-input').locator('textarea');
    await input.click();
    await input.pressSequentially(`@${alice.displayName.slice(0, 1)}`);
    await b.page
      .locator(
        '.ant-mentions-dropdown:not(.ant-mentions-dropdown-hidden) .ant-mentions-dropdown-menu-item',
      )
      .filter({ hasText: alice.displayName })
      .first()
      .waitFor();
    await input.press('Enter');
    expect(await input.inputValue()).toBe(`@${alice.displayName} `);
    await input.pressSequentially('可以');
    await input.press('Enter');
    const mentioned = messageWith(a.page, '可以');
    await mentioned.waitFor({ timeout: 10_000 });
    expect(await mentioned.locator('.mention').innerText()).toBe(`@${alice.displayName}`);
    // Only officers are offered @全体.
    await input.pressSequentially(' @');
    await b.page
      .locator(
        '.ant-mentions-dropdown:not(.ant-mentions-dropdown-hidden) .ant-mentions-dropdown-menu-item',
      )
      .first()
      .waitFor();
    expect(await b.page.getByTestId('mention-all-option').count()).toBe(0);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('loads earlier messages as the reader scrolls up, and opens at the first unread', async () => {
    const [alice, bob] = twoOfOneBranch();
    const a = await demo.signIn(alice, DESK);
    await openBranchSpace(a.page, alice.organisation);
    await startTopic(a.page, `长话题 ${Date.now().toString(36)}`, '理论学习', '第 0 条');
    const topicId = a.page.url().split('/').at(-1) ?? '';
    // Seventy more, through the API from the page (same origin, same session).
    await a.page.evaluate(async (id) => {
      for (let i = 1; i <= 70; i += 1) {
        const response = await fetch(`/api/v1/exchange/topics/${id}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ body: `第 ${i} 条` }),
        });
        if (!response.ok) throw new Error(`post ${i}: ${response.status}`);
      }
    }, topicId);

    // The author has read everything: a fresh load opens at the latest page only.
    await a.page.reload();
    const stream = a.page.getByTestId('message-stream');
    await messageWith(a.page, '第 70 条').waitFor();
    expect(await a.page.getByTestId('stream-start').count()).toBe(0);
    expect(await a.page.getByTestId('unread-marker').count()).toBe(0);
    const oldestId = await a.page.getByTestId('message').first().getAttribute('data-message-id');
    await stream.evaluate((el) => {
      el.scrollTop = 0;
    });
    await a.page.getByTestId('stream-start').waitFor({ timeout: 10_000 });
    await messageWith(a.page, '第 0 条').waitFor();
    // The message that was at the top is still on screen, not pushed away by the new page.
    const box = await messageById(a.page, oldestId).boundingBox();
    const view = await stream.boundingBox();
    expect(box && view && box.y >= view.y && box.y < view.y + view.height).toBe(true);

    // Someone who has read none of it opens at the first unread message, pages back.
    const b = await demo.signIn(bob, DESK);
    await b.page.goto(a.page.url());
    const marker = b.page.getByTestId('unread-marker');
    await marker.waitFor();
    const markerBox = await marker.boundingBox();
    const bView = await b.page.getByTestId('message-stream').boundingBox();
    expect(
      // On screen (scrollIntoView may leave it a fraction of a pixel above the edge).
      markerBox &&
        bView &&
        markerBox.y + markerBox.height > bView.y &&
        markerBox.y < bView.y + bView.height,
    ).toBe(true);
    await messageWith(b.page, '第 0 条').waitFor();
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
