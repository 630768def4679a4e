import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';
import { planActivity, publish, WRITE } from './activity-steps.ts';

const DESK = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const BRANCH = '机关第一党支部';

describe('activities (组织生活): leave and make-up study in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };

  it('a member asks for leave on a phone, the secretary approves it and records the 补学', async () => {
    const secretary = find((a) => a.role.split('；').includes(`${BRANCH} 书记`), 'secretary');
    const member = find((a) => a.role === '党员' && a.organisation === BRANCH, 'member');
    const title = `支部党员大会（请假与补学） ${Date.now()}`;
    const reason = '赴外地参加业务培训，无法到会';
    const makeupContent = '自学会议记录和上级文件精神，撰写学习体会一篇。';

    // The secretary plans a 支部党员大会 with the form's defaults: the branch's roster as the
    // expected attendees and the next half hour for two hours. The plan may land tomorrow in
    // Beijing (after 23:30); leave is open until the end either way, so nothing depends on it.
    const officer = await demo.signIn(secretary, DESK);
    const page = officer.page;
    const planned = await planActivity(page, BRANCH, {
      title,
      place: '机关三楼党员活动室',
      agenda: '学习贯彻上级会议精神',
    });
    const activityPath = planned.path;
    // Leave is asked while the activity has not ended: the plan must still be ahead of us.
    expect(new Date(planned.endsAt).getTime()).toBeGreaterThan(Date.now());
    const activityDay = planned.day;
    await publish(page);

    // 请假: the member opens the activity on a phone and asks for leave with a reason.
    const phone = await demo.signIn(member, PHONE);
    await phone.page.goto(activityPath);
    const mine = phone.page.getByTestId('activity-mine');
    await expect.poll(() => mine.innerText(), WRITE).toContain('我的出席');
    await phone.page.getByTestId('activity-ask-leave').click();
    await phone.page.getByTestId('activity-leave-reason').fill(reason);
    await phone.page
      .locator('.ant-modal')
      .filter({ hasText: '请假申请' })
      .locator('.ant-modal-footer .ant-btn-primary')
      .click();
    await expect.poll(() => mine.innerText(), WRITE).toContain('请假待审批');
    // One pending request at a time: the button is gone until the secretary decides.
    await expect.poll(() => phone.page.getByTestId('activity-ask-leave').count(), WRITE).toBe(0);

    // The secretary's open page refetches: the 请假 tab counts one pending request, theirs.
    const leaveTab = page.getByRole('tab', { name: /^请假/ });
    await expect.poll(() => leaveTab.innerText(), WRITE).toMatch(/[1-9]\d* 待审/);
    await leaveTab.click();
    const request = page
      .getByTestId('leave-request')
      .filter({ hasText: member.displayName })
      .filter({ hasText: reason });
    await expect.poll(() => request.innerText(), WRITE).toContain('请假待审批');
    await request.getByTestId('leave-approve').click();
    const approveDialog = page
      .locator('.ant-modal')
      .filter({ hasText: `批准 ${member.displayName} 的请假` });
    await expect.poll(() => approveDialog.innerText(), WRITE).toContain(reason);
    await approveDialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => request.innerText(), WRITE).toContain('请假已批准');
    expect(await request.innerText()).toContain(`${secretary.displayName} 于`);
    expect(await request.getByTestId('leave-approve').count()).toBe(0);

    // Approval marks the member 请假 on the sheet, with the reason as the note.
    await page.getByRole('tab', { name: '签到表' }).click();
    const sheetRow = page
      .getByTestId('attendance-sheet')
      .locator('tr')
      .filter({ hasText: member.displayName });
    await expect.poll(() => sheetRow.innerText(), WRITE).toContain('请假');
    expect(await sheetRow.innerText()).toContain(reason);
    await expect
      .poll(() => page.getByTestId('attendance-counts').innerText(), WRITE)
      .toMatch(/请假 1 人/);

    // The member's phone follows: attendance 请假, the request approved, no new request offered.
    await expect.poll(() => mine.innerText(), WRITE).toContain('请假已批准');
    expect(await mine.innerText()).toMatch(/我的出席：\s*请假/);
    expect(await phone.page.getByTestId('activity-ask-leave').count()).toBe(0);
    await phone.page.screenshot({ path: path.join(SHOTS, 'activity-leave.png') });

    // 补学: the member on leave is listed as 待补学; the secretary records date, way and content.
    await page.getByTestId('activity-tab-makeup').click();
    const makeup = page.getByTestId('makeup-item').filter({ hasText: member.displayName });
    await expect.poll(() => makeup.innerText(), WRITE).toContain('待补学');
    expect(await makeup.innerText()).toContain(reason);
    await makeup.getByTestId('makeup-record').click();
    const makeupDialog = page
      .locator('.ant-modal')
      .filter({ hasText: `${member.displayName} 的补学` });
    await makeupDialog.getByTestId('makeup-date').waitFor();
    // The picker's test id may sit on its wrapper or on the input itself: type into the input.
    const dateInput = makeupDialog
      .locator('[data-testid="makeup-date"] input, input[data-testid="makeup-date"]')
      .first();
    await dateInput.click();
    await dateInput.fill(activityDay);
    await dateInput.press('Enter');
    await expect.poll(() => dateInput.inputValue(), WRITE).toBe(activityDay);
    await makeupDialog.getByTestId('makeup-method').click();
    await page.locator('.ant-select-item-option[title="观看录像"]').click();
    await makeupDialog.getByTestId('makeup-content').fill(makeupContent);
    await makeupDialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => makeup.innerText(), WRITE).toContain('已补学');
    const recorded = await makeup.innerText();
    expect(recorded).toContain(`${activityDay} · 观看录像`);
    expect(recorded).toContain(makeupContent);
    expect(recorded).toContain(`${secretary.displayName} 于`);
    expect(await makeup.getByTestId('makeup-record').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'activity-makeup.png') });

    expect(officer.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
    await phone.context.close();
    await officer.context.close();
  });
});
