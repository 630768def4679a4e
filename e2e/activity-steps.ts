import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Publishing fans out a notice and opens a topic: a poll's default second is not enough. */
export const WRITE = { timeout: 20_000 };

export interface PlannedActivity {
  /** `/activities/<id>`. */
  path: string;
  startsAt: string;
  endsAt: string;
  /** The activity's own day in Beijing (YYYY-MM-DD): a plan made after 23:30 starts tomorrow. */
  day: string;
}

/** Opens 新建活动 and waits for the form to start at the secretary's branch with its roster. */
export async function openNewPlan(page: Page, branch: string): Promise<void> {
  await page.getByTestId('nav-activities').click();
  await page.waitForURL('**/activities');
  await page.getByTestId('activity-new').click();
  await page.waitForURL('**/activities/new');
  await expect
    .poll(async () => (await page.getByTestId('activity-org').innerText()).endsWith(branch), WRITE)
    .toBe(true);
  await expect
    .poll(
      () => page.locator('[data-testid="activity-expected"] .ant-select-selection-item').count(),
      WRITE,
    )
    .toBeGreaterThan(0);
}

/** 发布 with its confirmation, from a draft's page; the status turns 已发布. */
export async function publish(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('activity-status').innerText(), WRITE).toBe('草稿');
  await page.getByTestId('activity-publish').click();
  await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await expect.poll(() => page.getByTestId('activity-status').innerText(), WRITE).toBe('已发布');
}

/**
 * A secretary plans an activity from the activities page with the form's defaults (their
 * branch, its roster as the expected attendees, the next half hour for two hours) and saves
 * the draft (a screenshot of the filled form first, when asked); returns where it is and when.
 */
export async function planActivity(
  page: Page,
  branch: string,
  plan: { title: string; place: string; agenda: string; screenshot?: string },
): Promise<PlannedActivity> {
  await openNewPlan(page, branch);
  await page.getByTestId('activity-title-input').fill(plan.title);
  await page.getByTestId('activity-place-input').fill(plan.place);
  await page.getByTestId('activity-agenda-input').first().fill(plan.agenda);
  if (plan.screenshot) await page.screenshot({ path: plan.screenshot });
  await page.getByTestId('activity-save').click();
  await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
  const path = new URL(page.url()).pathname;
  const { record } = (await (await page.request.get(`/api/v1${path}`)).json()) as {
    record: { startsAt: string; endsAt: string };
  };
  const day = new Date(record.startsAt).toLocaleDateString('sv-SE', {
    timeZone: 'Asia/Shanghai',
  });
  return { path, startsAt: record.startsAt, endsAt: record.endsAt, day };
}
