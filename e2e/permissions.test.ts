import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDemoPlan } from '../server/src/demo/plan.ts';
import { localToday } from '../server/src/demo/dates.ts';
import { SHOTS, useDemoServer, type DemoAccount } from './demo-server.ts';

const DESK = { viewport: { width: 1440, height: 900 } };

describe('the permission matrix in the browser', () => {
  const demo = useDemoServer();
  const plan = buildDemoPlan(localToday());
  const member = plan.members.find((m) => m.key === 'office1.m13');
  const holder = (post: string): DemoAccount => {
    const found = demo.accounts().find((a) => a.role.split('；').includes(post));
    if (!found) throw new Error(`no demo account for ${post}`);
    return found;
  };

  it('lets the 安全管理员 take a capability from a post; the change stays after reload and applies', async () => {
    if (!member) throw new Error('no demo member office1.m13');
    const { page, problems } = await demo.signIn(demo.account('secadmin'), DESK);
    await page.getByTestId('nav-permissions').click();
    await page.waitForURL('**/security/permissions');
    const cell = page.getByTestId('perm-reveal_personal-organisation_officer');
    await expect.poll(() => cell.isChecked()).toBe(true);
    expect(await page.getByTestId('perm-reveal_personal-publicity_officer').isChecked()).toBe(
      false,
    );

    await cell.click();
    await page.getByTestId('permissions-save').click();
    await page.getByText('权限已保存').waitFor();
    await page.reload();
    await expect
      .poll(() => page.getByTestId('perm-edit_members-organisation_officer').isChecked())
      .toBe(true);
    expect(await page.getByTestId('perm-reveal_personal-organisation_officer').isChecked()).toBe(
      false,
    );
    await page.screenshot({ path: path.join(SHOTS, 'permissions-matrix.png') });

    // The branch's organisation officer still sees the member, masked, but no longer has 显示.
    const officer = await demo.signIn(holder('机关第一党支部 组织委员'), DESK);
    const openMember = async () => {
      await officer.page.goto('/members');
      const search = officer.page.getByTestId('members-search').locator('input');
      await search.fill(member.name);
      await search.press('Enter');
      const table = officer.page.getByTestId('members-table');
      await expect.poll(() => table.innerText()).toContain(member.name);
      await table.getByText(member.name).first().click();
    };
    await openMember();
    const masked = `${member.phone.slice(0, 3)}****${member.phone.slice(-4)}`;
    await expect.poll(() => officer.page.getByTestId('member-phone').innerText()).toBe(masked);
    expect(await officer.page.getByTestId('reveal-phone').count()).toBe(0);

    // Back to the defaults: the organisation officer may reveal again.
    await page.getByTestId('permissions-reset').click();
    await page.getByTestId('permissions-reset-confirm').click();
    await page.getByText('权限已保存').last().waitFor();
    await page.reload();
    await expect
      .poll(() => page.getByTestId('perm-reveal_personal-organisation_officer').isChecked())
      .toBe(true);
    await openMember();
    await officer.page.getByTestId('reveal-phone').click();
    await expect
      .poll(() => officer.page.getByTestId('member-phone').innerText())
      .toBe(member.phone);

    expect(problems).toEqual([]);
    expect(officer.problems).toEqual([]);
    await officer.context.close();
  });

  it('lets the 安全管理员 add a security label and raise an account’s clearance', async () => {
    const { page, problems } = await demo.signIn(demo.account('secadmin'), DESK);
    await page.getByTestId('nav-labels').click();
    await page.waitForURL('**/security/labels');
    const labels = page.getByTestId('labels-table');
    await expect.poll(() => labels.innerText()).toContain('敏感');

    await page.getByTestId('label-add').click();
    await page.getByTestId('label-name').fill('机密');
    await page.getByTestId('label-level').fill('3');
    await page.getByTestId('label-submit').click();
    await page.getByText('密级标识已保存').waitFor();
    await expect.poll(() => labels.innerText()).toContain('机密');

    const account = holder('机关第一党支部 组织委员');
    const clearance = page.getByTestId(`clearance-${account.username}`);
    const find = async () => {
      await page.getByTestId('clearance-search').locator('input').fill(account.username);
      await page.getByTestId('clearance-search').locator('input').press('Enter');
    };
    await find();
    await expect.poll(() => clearance.innerText()).toBe('内部');
    await clearance.click();
    await page.locator('.ant-select-item-option').filter({ hasText: '机密' }).click();
    await page.getByText('可阅密级已保存').waitFor();
    await page.reload();
    await expect.poll(() => labels.innerText()).toContain('机密');
    await find();
    await expect.poll(() => clearance.innerText()).toBe('机密');
    await page.screenshot({ path: path.join(SHOTS, 'security-labels.png') });
    expect(problems).toEqual([]);
  });
});
