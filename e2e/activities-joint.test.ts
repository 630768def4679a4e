import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';
import { openNewPlan, planActivity, publish, WRITE } from './activity-steps.ts';

const DESK = { viewport: { width: 1440, height: 900 } };
const BRANCH = '机关第一党支部';
const PARTNER = '机关第二党支部';
interface PlannedRecord {
  record: { attendees: { name: string }[] };
}

/** 编辑 from the activity page: new topic and place, saved, back on the activity page. */
async function editTitleAndPlace(
  page: Page,
  activityPath: string,
  from: string,
  to: { title: string; place: string },
): Promise<void> {
  await page.getByTestId('activity-edit').click();
  await page.waitForURL(`**${activityPath}/edit`);
  const titleInput = page.getByTestId('activity-title-input');
  await expect.poll(() => titleInput.inputValue(), WRITE).toBe(from);
  // Type and host organisation are fixed once planned; the form shows them but locks them.
  expect(await page.getByTestId('activity-type').getAttribute('class')).toContain(
    'ant-select-disabled',
  );
  expect(await page.getByTestId('activity-org').getAttribute('class')).toContain(
    'ant-select-disabled',
  );
  await titleInput.fill(to.title);
  await page.getByTestId('activity-place-input').fill(to.place);
  await page.getByTestId('activity-save').click();
  await page.waitForURL((url) => url.pathname === activityPath);
  await expect.poll(() => page.getByTestId('activity-title').innerText(), WRITE).toBe(to.title);
  await expect
    .poll(() => page.getByTestId('activity-detail').innerText(), WRITE)
    .toContain(to.place);
}

describe('activities (组织生活): editing a plan and 联学联建 in the browser', () => {
  const demo = useDemoServer();
  const find = (test: (a: DemoAccount) => boolean, what: string): DemoAccount => {
    const found = demo.accounts().find(test);
    if (!found) throw new Error(`no demo account: ${what}`);
    return found;
  };
  const secretaryOf = (branch: string) =>
    find((a) => a.role.split('；').includes(`${branch} 书记`), `${branch} secretary`);

  it('a secretary edits a plan as a draft and again after publishing it', async () => {
    const stamp = Date.now();
    const first = `支部党员大会（编辑前） ${stamp}`;
    const second = `支部党员大会（草稿已修改） ${stamp}`;
    const third = `支部党员大会（发布后调整） ${stamp}`;

    const officer = await demo.signIn(secretaryOf(BRANCH), DESK);
    const page = officer.page;
    const { path: activityPath } = await planActivity(page, BRANCH, {
      title: first,
      place: '机关三楼党员活动室',
      agenda: '学习贯彻上级会议精神',
    });
    await expect.poll(() => page.getByTestId('activity-status').innerText(), WRITE).toBe('草稿');

    // A draft: topic and place change; it stays a draft.
    await editTitleAndPlace(page, activityPath, first, {
      title: second,
      place: '机关五楼第二会议室',
    });
    expect(await page.getByTestId('activity-status').innerText()).toBe('草稿');

    // Published: still editable (only finalising locks it), but no longer deletable.
    await publish(page);
    await expect.poll(() => page.getByTestId('activity-delete').count(), WRITE).toBe(0);
    await editTitleAndPlace(page, activityPath, second, {
      title: third,
      place: '机关一楼报告厅',
    });
    expect(await page.getByTestId('activity-status').innerText()).toBe('已发布');
    await page.screenshot({ path: path.join(SHOTS, 'activity-edited.png') });

    expect(officer.problems).toEqual([]);
    await officer.context.close();
  });

  it('a joint activity planned with a partner branch is listed and opened by its member', async () => {
    const member = find((a) => a.role === '党员' && a.organisation === PARTNER, 'partner member');
    const title = `联学联建：两个支部共学党章 ${Date.now()}`;

    const officer = await demo.signIn(secretaryOf(BRANCH), DESK);
    const page = officer.page;
    await openNewPlan(page, BRANCH);
    await page.getByTestId('activity-type').click();
    await page.locator('.ant-select-item-option[title="联学联建"]').click();
    // The partner's roster joins the default attendees once its candidates arrive.
    const partnerCandidates = page.waitForResponse(
      (r) => r.url().includes('/activities/candidates') && r.url().includes('partnerOrgIds'),
      WRITE,
    );
    await page.getByTestId('activity-partners').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: new RegExp(`${PARTNER}$`) })
      .click();
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('activity-partners').innerText(), WRITE)
      .toContain(PARTNER);
    const candidates = (await (await partnerCandidates).json()) as {
      defaultExpected: boolean;
    }[];
    const defaults = candidates.filter((c) => c.defaultExpected).length;
    await expect
      .poll(() => page.getByTestId('activity-form').innerText(), WRITE)
      .toContain(`取自花名册（${defaults} 人）`);
    await page.getByTestId('activity-title-input').fill(title);
    await page.getByTestId('activity-place-input').fill('机关三楼党员活动室');
    await page.getByTestId('activity-agenda-input').first().fill('共同学习党章第一章');
    await page.getByTestId('activity-save').click();
    await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
    const activityPath = new URL(page.url()).pathname;
    const planned = (await (
      await page.request.get(`/api/v1${activityPath}`)
    ).json()) as PlannedRecord;
    expect(planned.record.attendees.map((a) => a.name)).toContain(member.displayName);
    expect(await page.getByTestId('activity-detail').innerText()).toContain(PARTNER);
    await publish(page);

    // The partner branch's member finds it in their own list and opens it.
    const partner = await demo.signIn(member, DESK);
    const their = partner.page;
    await their.getByTestId('nav-activities').click();
    await their.waitForURL('**/activities');
    const line = their.getByTestId('activity-item').filter({ hasText: title });
    await expect.poll(() => line.count(), WRITE).toBe(1);
    expect(await line.innerText()).toContain('联学联建');
    await line.click();
    await their.waitForURL((url) => url.pathname === activityPath);
    await expect.poll(() => their.getByTestId('activity-title').innerText(), WRITE).toBe(title);
    const detail = await their.getByTestId('activity-detail').innerText();
    expect(detail).toContain(BRANCH);
    expect(detail).toContain(PARTNER);
    expect(await their.getByTestId('activity-status').innerText()).toBe('已发布');
    // A partner member sees it but does not manage it.
    expect(await their.getByTestId('activity-edit').count()).toBe(0);
    await their.screenshot({ path: path.join(SHOTS, 'activity-joint-partner.png') });

    expect(officer.problems).toEqual([]);
    expect(partner.problems).toEqual([]);
    await partner.context.close();
    await officer.context.close();
  });
});
