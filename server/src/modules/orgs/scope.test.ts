import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/engines.ts';
import { completeSetup, useHarness } from '../../test/harness.ts';
import { buildTwoBranches, type TwoBranches } from '../../test/org-fixture.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/http/access.ts';
import { assignPost } from './service.ts';
import { partyScopeOf } from './scope.ts';

const principal = (
  memberId: string | null,
  adminRole: Principal['adminRole'] = null,
): Principal => ({
  userId: '00000000-0000-4000-8000-00000000000a',
  username: 'x',
  displayName: 'x',
  adminRole,
  memberId,
  sessionId: '00000000-0000-4000-8000-00000000000b',
  gate: null,
});
const ids = (set: 'all' | ReadonlySet<string>) => (set === 'all' ? 'all' : new Set(set));

describe.each(ENGINES)('party scope on %s', (engine) => {
  const h = useHarness(engine);
  let f: TwoBranches;

  it('gives a plain member their own branch and its groups, nothing to manage', async () => {
    const { ctx } = h();
    await completeSetup(ctx);
    f = await buildTwoBranches(ctx);
    const scope = await partyScopeOf(ctx, principal(f.members['member.b']));
    expect(ids(scope.visible)).toEqual(new Set([f.branchB]));
    expect(ids(scope.manages)).toEqual(new Set());
    expect(scope.roles).toMatchObject([{ orgId: f.branchB, post: null }]);
  });

  it('lets a branch secretary see and manage below their branch, never sideways', async () => {
    const { ctx } = h();
    const scope = await partyScopeOf(ctx, principal(f.members['secretary.a']));
    expect(ids(scope.visible)).toEqual(new Set([f.branchA, f.groupA]));
    expect(ids(scope.manages)).toEqual(new Set([f.groupA]));
    expect([...scope.leads]).toEqual([f.branchA]);
  });

  it('lets an officer of the committee above see the whole subtree', async () => {
    const { ctx } = h();
    await ctx.database.write((tx) =>
      assignPost(tx, operatorActor('test'), {
        orgId: f.rootId,
        memberId: f.members['member.b'],
        post: 'organisation_officer',
        termStartedOn: '2025-01-01',
      }),
    );
    const scope = await partyScopeOf(ctx, principal(f.members['member.b']));
    expect(ids(scope.visible)).toEqual(new Set([f.rootId, f.branchA, f.groupA, f.branchB]));
    expect(ids(scope.manages)).toEqual(new Set([f.branchA, f.groupA, f.branchB]));
    expect(scope.roles.map((r) => [r.orgId, r.post])).toEqual([
      [f.rootId, 'organisation_officer'],
      [f.branchB, null],
    ]);
  });

  it('gives administrators the whole tree to see, and only the system administrator to change', async () => {
    const { ctx } = h();
    const system = await partyScopeOf(ctx, principal(null, 'system'));
    const audit = await partyScopeOf(ctx, principal(null, 'audit'));
    expect([system.visible, system.manages]).toEqual(['all', 'all']);
    expect(audit.visible).toBe('all');
    expect(ids(audit.manages)).toEqual(new Set());
    expect(ids((await partyScopeOf(ctx, principal(null))).visible)).toEqual(new Set());
  });

  it('computes once per request: the same principal object gets the same answer', async () => {
    const { ctx } = h();
    const p = principal(f.members['member.a']);
    expect(partyScopeOf(ctx, p)).toBe(partyScopeOf(ctx, p));
    expect(partyScopeOf(ctx, principal(f.members['member.a']))).not.toBe(partyScopeOf(ctx, p));
  });
});
