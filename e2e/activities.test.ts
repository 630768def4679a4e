import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';
import { planActivity, publish, WRITE } from './activity-steps.ts';

const DESK = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const BRANCH = '机关第一党支部';
// The quorum refusal is an error answer the secretary provokes on purpose.
const REFUSALS = [400, 409, 422];

describe('activities (组织生活) in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };

  it('a secretary plans a meeting, members sign in by QR, the minutes are finalised and exported', async () => {
    const secretary = find((a) => a.role.split('；').includes(`${BRANCH} 书记`), 'secretary');
    const member = find((a) => a.role === '党员' && a.organisation === BRANCH, 'member');
    const title = `第四季度支部党员大会 ${Date.now()}`;

    // The secretary plans a 支部党员大会 on a desktop; the form starts at the branch with the
    // roster's default attendees and the next half hour, so sign-in opens at once.
    const officer = await demo.signIn(secretary, DESK, REFUSALS);
    const page = officer.page;
    // The plan starts at the next half hour, which may already be tomorrow (or next month) in
    // Beijing: the calendar steps below pick the activity's own day rather than today.
    const planned = await planActivity(page, BRANCH, {
      title,
      place: '机关三楼党员活动室',
      agenda: '审议第四季度党费收缴情况',
      screenshot: path.join(SHOTS, 'activity-plan.png'),
    });
    const activityPath = planned.path;
    const activityDay = planned.day;
    // Publishing sends the notice and opens the discussion topic.
    await publish(page);
    await page.getByTestId('activity-topic').first().waitFor();
    await page.getByTestId('activity-notice').waitFor();

    // The officer shows the rotating QR code; its URL is what a phone camera would open.
    await page.getByTestId('activity-tab-qr').click();
    const qr = page.getByTestId('activity-qr');
    await expect.poll(() => qr.getAttribute('data-url'), WRITE).toMatch(/\/sign-in\?code=/);
    const signInUrl = new URL((await qr.getAttribute('data-url')) ?? '');
    await page.screenshot({ path: path.join(SHOTS, 'activity-qr.png') });

    // A member signs in on a phone with one tap.
    const phone = await demo.signIn(member, PHONE);
    await phone.page.goto(signInUrl.pathname + signInUrl.search);
    await phone.page.getByTestId('sign-in-page').waitFor();
    expect(await phone.page.getByTestId('sign-in-page').innerText()).toContain(title);
    await phone.page.getByTestId('sign-in-button').click();
    const result = phone.page.getByTestId('sign-in-result');
    await expect.poll(() => result.getAttribute('data-outcome'), WRITE).toBe('success');
    expect(await result.innerText()).toContain('签到成功');
    await phone.page.screenshot({ path: path.join(SHOTS, 'activity-phone-sign-in.png') });
    // The member's own view of the activity says present.
    await phone.page.goto(activityPath);
    await expect
      .poll(() => phone.page.getByTestId('activity-mine').innerText(), WRITE)
      .toContain('出席');
    await phone.page.screenshot({ path: path.join(SHOTS, 'activity-phone-detail.png') });

    // The sheet fills as members scan: the secretary sees the member present (by QR).
    await page.getByRole('tab', { name: '签到表' }).click();
    const memberRow = page
      .getByTestId('attendance-sheet')
      .locator('tr')
      .filter({ hasText: member.displayName });
    await expect.poll(() => memberRow.innerText(), WRITE).toContain('扫码');

    // Minutes with a resolution while one member is present: the quorum rule refuses them.
    await page.getByTestId('activity-tab-minutes').click();
    await page.getByTestId('minutes-edit').click();
    await expect
      .poll(() => page.getByTestId('minutes-agenda-title').first().inputValue(), WRITE)
      .toBe('审议第四季度党费收缴情况');
    await page.getByTestId('minutes-add-speech').click();
    await page.getByTestId('minutes-speaker-name').fill(secretary.displayName);
    await page.getByTestId('minutes-points').fill('通报党费收缴情况，全部按时足额缴纳。');
    await page.getByTestId('minutes-add-resolution').click();
    await page.getByTestId('minutes-resolution-title').fill('通过第四季度党费收缴情况报告');
    await page.getByTestId('minutes-votes-for').fill('1');
    await page.getByTestId('minutes-save').click();
    await expect
      .poll(() => page.getByTestId('minutes-error').innerText(), WRITE)
      .toContain('到会人数不足');
    await page.screenshot({ path: path.join(SHOTS, 'activity-quorum-refused.png') });

    // Everyone else came in person: the officer marks them, then the vote stands.
    await page.getByRole('tab', { name: '签到表' }).click();
    await page.getByTestId('attendance-mark-rest').click();
    await expect
      .poll(() => page.getByTestId('attendance-counts').innerText(), WRITE)
      .toMatch(/缺席 0 人/);
    await page.getByTestId('activity-tab-minutes').click();
    const quorum = page.getByTestId('minutes-quorum');
    await expect.poll(() => quorum.innerText(), WRITE).toMatch(/目前到会 (\d+) 人，应到 \1 人/);
    const voters = /应到 (\d+) 人/.exec(await quorum.innerText())?.[1] ?? '0';
    await page.getByTestId('minutes-votes-for').fill(voters);
    await page.getByTestId('minutes-save').click();
    const resolutions = page.getByTestId('minutes-resolutions');
    await expect.poll(() => resolutions.innerText(), WRITE).toContain('通过（有表决权');

    // Finalise: locked as version 1.
    await page.getByTestId('activity-finalise').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('activity-status').innerText(), WRITE).toBe('已定稿');
    await expect
      .poll(() => page.getByTestId('activity-version').innerText(), WRITE)
      .toBe('第 1 版');

    // A correction after finalising is an amendment with a reason: version 2, version 1 kept.
    await page.getByTestId('activity-tab-minutes').click();
    await page.getByTestId('minutes-edit').click();
    await page.getByTestId('minutes-summary').fill('会议应到人员全部到会，决议获一致通过。');
    await page.getByTestId('minutes-amend-reason').fill('补充会议小结');
    await page.getByTestId('minutes-save').click();
    await expect
      .poll(() => page.getByTestId('activity-version').innerText(), WRITE)
      .toBe('第 2 版');
    await page.getByTestId('activity-tab-versions').click();
    await expect.poll(() => page.getByTestId('version-item').count(), WRITE).toBe(2);
    expect(await page.getByTestId('versions').innerText()).toContain('补充会议小结');

    // 导出会议记录 (Word): a .docx arrives.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('activity-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const saved = path.join(SHOTS, 'activity-minutes.docx');
    await download.saveAs(saved);
    const bytes = fs.readFileSync(saved);
    // A Word document is a zip whose directory names word/document.xml.
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from('word/document.xml'))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'activity-finalised.png') });

    // The month calendar lists it for the branch.
    await page.getByTestId('nav-activities').click();
    await page.waitForURL('**/activities');
    await page.getByText('日历').click();
    await page.locator(`[data-testid="activity-calendar"] td[title="${activityDay}"]`).click();
    await expect
      .poll(() => page.getByTestId('activity-calendar').innerText(), WRITE)
      .toContain(title);

    // The member's phone: the month with a count on the day, the day's activities under it.
    await phone.page.getByTestId('nav-open').click();
    await phone.page.getByTestId('nav-activities').click();
    await phone.page.waitForURL('**/activities');
    await phone.page.getByText('日历').click();
    await phone.page
      .locator(`[data-testid="activity-calendar"] td[title="${activityDay}"]`)
      .click();
    await expect
      .poll(() => phone.page.getByTestId('activity-calendar').innerText(), WRITE)
      .toContain(title);
    await phone.page.screenshot({ path: path.join(SHOTS, 'activity-phone-calendar.png') });

    expect(officer.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
    await phone.context.close();
    await officer.context.close();
  });
});
