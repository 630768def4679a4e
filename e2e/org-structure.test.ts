import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, useDemoServer } from './demo-server.ts';

const DESK = { viewport: { width: 1280, height: 900 } };

describe('changing the organisation structure in the browser', () => {
  const demo = useDemoServer();

  it('renames and moves a group, refuses to dissolve a full branch, dissolves an empty group', async () => {
    // 409: dissolving a branch that still has members is refused on purpose.
    const { context, page, problems } = await demo.signIn(demo.account('sysadmin'), DESK, [409]);
    await page.getByTestId('nav-orgs').click();
    const tree = page.getByTestId('org-tree');
    const detail = page.getByTestId('org-detail');
    await expect.poll(() => tree.innerText()).toContain('研发中心党支部');
    // The branch elected almost three years ago carries its reminder in the tree.
    expect(await tree.getByTestId('election-soon').count()).toBeGreaterThan(0);

    // A new, still empty group under the research centre's branch.
    await tree.getByText('研发中心党支部', { exact: true }).click();
    await expect.poll(() => detail.innerText()).toContain('技术中心党支部 → 研发中心党支部');
    await page.getByTestId('org-create').click();
    await page.getByTestId('org-create-name').fill('临时党小组');
    await page.getByTestId('org-create-submit').click();
    await expect.poll(() => tree.innerText()).toContain('临时党小组');
    await expect.poll(() => detail.innerText()).toContain('临时党小组');

    // Rename it.
    await page.getByTestId('org-rename-open').click();
    await page.getByTestId('org-rename-name').fill('课题攻关党小组');
    await page.getByTestId('org-rename-submit').click();
    await expect.poll(() => tree.innerText()).toContain('课题攻关党小组');
    await expect.poll(() => detail.innerText()).toContain('更名：临时党小组 → 课题攻关党小组');

    // Move it to another branch: only branches are offered as parents of a 党小组.
    await page.getByTestId('org-move-open').click();
    await page.getByTestId('org-move').locator('.ant-select').click();
    const options = page.locator('.ant-select-item-option');
    await expect.poll(() => options.allInnerTexts()).toContain('机关第二党支部（党支部）');
    expect((await options.allInnerTexts()).some((o) => o.includes('党总支'))).toBe(false);
    await options.filter({ hasText: '机关第二党支部' }).click();
    await page.getByTestId('org-move-submit').click();
    await expect
      .poll(() => detail.innerText())
      .toContain('隶属关系调整：研发中心党支部 → 机关第二党支部');
    expect(await detail.locator('.ant-breadcrumb').innerText()).toContain('机关第二党支部');
    await page.screenshot({ path: path.join(SHOTS, 'orgs-history.png') });

    // A branch with members cannot be dissolved: the refusal says why.
    await tree.getByText('离退休干部党支部', { exact: true }).click();
    await expect.poll(() => detail.innerText()).toContain('离退休干部党支部');
    await page.getByTestId('org-dissolve-open').click();
    await page.getByTestId('org-dissolve-reason').fill('测试撤销');
    await page.getByTestId('org-dissolve-submit').click();
    await expect
      .poll(() => page.getByTestId('org-dissolve-error').innerText())
      .toMatch(/该组织不能撤销：还有 \d+ 名党员、2 个下级组织/);
    await page.screenshot({ path: path.join(SHOTS, 'orgs-dissolve-refused.png') });
    await page.keyboard.press('Escape');

    // The empty group can go; it leaves the tree but its history stays with its branch.
    await tree.getByText('课题攻关党小组', { exact: true }).click();
    await expect.poll(() => detail.innerText()).toContain('课题攻关党小组');
    await page.getByTestId('org-dissolve-open').click();
    await page.getByTestId('org-dissolve-reason').fill('攻关任务完成');
    await page.getByTestId('org-dissolve-submit').click();
    await expect.poll(() => tree.innerText()).not.toContain('课题攻关党小组');
    await expect.poll(() => detail.innerText()).toContain('已撤销的下级组织');
    await detail.getByText('课题攻关党小组', { exact: true }).click();
    await page.getByTestId('org-dissolved').waitFor();
    const history = await page.getByTestId('org-history').innerText();
    expect(history).toContain('撤销“课题攻关党小组”');
    expect(history).toContain('原因：攻关任务完成');
    expect(history).toContain('更名：临时党小组 → 课题攻关党小组');
    expect(history).toContain('成立“临时党小组”');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a branch secretary their post on the home page, not just 党员', async () => {
    const secretary = demo.accounts().find((a) => a.role.includes('研发中心党支部 书记'));
    if (!secretary) throw new Error('no secretary of 研发中心党支部 in the demo');
    const { context, page, problems } = await demo.signIn(secretary, DESK);
    await expect
      .poll(() => page.getByTestId('home-roles').innerText())
      .toContain('研发中心党支部 书记');
    // A branch secretary staffs the branch's groups but does not restructure the branch itself.
    await page.getByTestId('nav-orgs').click();
    const detail = page.getByTestId('org-detail');
    await expect.poll(() => detail.innerText()).toContain('研发中心党支部');
    expect(await page.getByTestId('org-rename-open').count()).toBe(0);
    expect(await page.getByTestId('org-create').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
