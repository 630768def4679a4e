import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../platform/context.ts';
import { operatorActor } from '../platform/audit/audit.ts';
import { assignPost, createOrgInTx, rootOrg } from '../modules/orgs/service.ts';
import { createMember } from '../modules/members/service.ts';
import { createAccount } from '../modules/identity/service.ts';
import { signIn } from './harness.ts';

export const FIXTURE_PASSWORD = 'Dangyuan#Fixture2026';

/** The people of the fixture, by the username their account signs in with. */
export const FIXTURE_USERS = ['secretary.a', 'member.a', 'secretary.b', 'member.b'] as const;
export type FixtureUser = (typeof FIXTURE_USERS)[number];

export interface TwoBranches {
  rootId: string;
  /** 甲党支部 and its 党小组, 乙党支部: siblings under the root, so neither may see the other. */
  branchA: string;
  groupA: string;
  branchB: string;
  /** Member ids. */
  members: Record<FixtureUser, string>;
  /** Signs in over HTTP and returns the Cookie header value. */
  cookie(app: FastifyInstance, user: FixtureUser): Promise<string>;
}

/**
 * Two sibling branches under the root, each with a secretary and an ordinary member who
 * have accounts: the smallest tree in which "see down, never sideways" can be tested.
 * Call after completeSetup; names are suffixed so several fixtures can share one database.
 */
export async function buildTwoBranches(ctx: ServiceContext, suffix = ''): Promise<TwoBranches> {
  const actor = operatorActor('test-fixture');
  const built = await ctx.database.write(async (tx) => {
    const root = await rootOrg(tx);
    if (!root) throw new Error('run completeSetup before buildTwoBranches');
    const branch = async (name: string, parentId: string, kind: 'branch' | 'group') =>
      (await createOrgInTx(tx, actor, { parentId, kind, name, termStartedOn: '2024-06-01' })).id;
    const branchA = await branch(`甲党支部${suffix}`, root.id, 'branch');
    const groupA = await branch(`甲党支部第一党小组${suffix}`, branchA, 'group');
    const branchB = await branch(`乙党支部${suffix}`, root.id, 'branch');
    const person = async (username: FixtureUser, name: string, branchId: string) => {
      const id = await createMember(tx, actor, {
        name,
        gender: 'female',
        status: 'full',
        branchId,
        groupId: branchId === branchA ? groupA : null,
      });
      await createAccount(tx, actor, {
        username: `${username}${suffix}`,
        displayName: name,
        password: FIXTURE_PASSWORD,
        memberId: id,
        mustChangePassword: false,
      });
      return id;
    };
    const members: Record<FixtureUser, string> = {
      'secretary.a': await person('secretary.a', '甲书记', branchA),
      'member.a': await person('member.a', '甲党员', branchA),
      'secretary.b': await person('secretary.b', '乙书记', branchB),
      'member.b': await person('member.b', '乙党员', branchB),
    };
    for (const [user, orgId] of [
      ['secretary.a', branchA],
      ['secretary.b', branchB],
    ] as const) {
      await assignPost(tx, actor, {
        orgId,
        memberId: members[user],
        post: 'secretary',
        termStartedOn: '2024-06-01',
      });
    }
    return { rootId: root.id, branchA, groupA, branchB, members };
  });
  return {
    ...built,
    cookie: (app, user) => signIn(app, `${user}${suffix}`, FIXTURE_PASSWORD),
  };
}
