import { idCardCheckChar } from '@tongxin/contract';
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { completeSetup, signIn } from '../../test/harness.ts';
import { createAccount } from '../identity/service.ts';
import { assignPost, createOrgInTx, rootOrg } from '../orgs/service.ts';
import { createMember } from './service.ts';

/**
 * A small organisation for the members tests:
 *   root 基层党委 ─ 机关党总支 ─ 第一支部 (A, with a 党小组) and 第三支部 (C)
 *                └ 研发支部 (B)
 * Accounts (password MEMBER_PASSWORD): sec.a (A's secretary), pub.a (A's publicity
 * officer), member.a (ordinary, A), sec.b (B's secretary), sec.general (the 党总支's
 * secretary, a member of C).
 */
/** A valid 18-character number: invented region, given birth date, sequence (odd = male). */
export function fakeIdCard(birth: string, sequence: string, region = '990101'): string {
  const first17 = `${region}${birth.replaceAll('-', '')}${sequence}`;
  return first17 + idCardCheckChar(first17);
}

export const MEMBER_PASSWORD = 'Dangyuan#2026x';

export interface Fixture {
  orgs: { root: string; general: string; a: string; groupA: string; b: string; c: string };
  members: { secA: string; pubA: string; memberA: string; secB: string; secGeneral: string };
  cookie(username: 'sec.a' | 'pub.a' | 'member.a' | 'sec.b' | 'sec.general'): Promise<string>;
}

export async function buildFixture(app: FastifyInstance, ctx: ServiceContext): Promise<Fixture> {
  await completeSetup(ctx);
  const actor = operatorActor('test');
  const built = await ctx.database.write(async (tx) => {
    const root = await rootOrg(tx);
    if (!root) throw new Error('no root');
    const org = (parentId: string, kind: 'general_branch' | 'branch' | 'group', name: string) =>
      createOrgInTx(tx, actor, { parentId, kind, name }).then((r) => r.id);
    const general = await org(root.id, 'general_branch', '机关党总支');
    const a = await org(general, 'branch', '机关第一党支部');
    const groupA = await org(a, 'group', '第一党小组');
    const c = await org(general, 'branch', '机关第三党支部');
    const b = await org(root.id, 'branch', '研发中心党支部');
    const person = (name: string, gender: 'male' | 'female', branchId: string) =>
      createMember(tx, actor, { name, gender, status: 'full', branchId });
    const m = {
      secA: await person('张建国', 'male', a),
      pubA: await person('刘芳', 'female', a),
      memberA: await person('李秀英', 'female', a),
      secB: await person('王磊', 'male', b),
      secGeneral: await person('陈志强', 'male', c),
    };
    const post = (orgId: string, memberId: string, p: 'secretary' | 'publicity_officer') =>
      assignPost(tx, actor, { orgId, memberId, post: p, termStartedOn: '2025-01-01' });
    await post(a, m.secA, 'secretary');
    await post(a, m.pubA, 'publicity_officer');
    await post(b, m.secB, 'secretary');
    await post(general, m.secGeneral, 'secretary');
    const accounts: [string, string][] = [
      ['sec.a', m.secA],
      ['pub.a', m.pubA],
      ['member.a', m.memberA],
      ['sec.b', m.secB],
      ['sec.general', m.secGeneral],
    ];
    for (const [username, memberId] of accounts) {
      await createAccount(tx, actor, {
        username,
        displayName: username,
        password: MEMBER_PASSWORD,
        memberId,
      });
    }
    return { orgs: { root: root.id, general, a, groupA, b, c }, members: m };
  });
  const cookies = new Map<string, string>();
  return {
    ...built,
    async cookie(username) {
      const known = cookies.get(username);
      if (known) return known;
      const fresh = await signIn(app, username, MEMBER_PASSWORD);
      cookies.set(username, fresh);
      return fresh;
    },
  };
}
