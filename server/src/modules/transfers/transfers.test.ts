import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { MemberDetail, Transfer, TransferDestination, TransferList } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { buildFixture, type Fixture } from '../members/test-fixture.ts';

describe.each(ENGINES)('membership transfers on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  const ids: Record<string, string> = {};

  const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });

  it('is started by the sending branch, and the member stays until accepted', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    const secA = await f.cookie('sec.a');
    const dest = await call('GET', '/transfers/destinations', secA);
    expect(dest.statusCode).toBe(200);
    const paths = dest.json<TransferDestination[]>().map((d) => d.path);
    expect(paths).toContain('机关党总支 / 机关第一党支部');
    expect(paths).toContain('研发中心党支部');

    const res = await call('POST', `/members/${f.members.memberA}/transfers`, secA, {
      toBranchId: f.orgs.b,
      reason: '工作调动到研发中心',
    });
    expect(res.statusCode, res.body).toBe(201);
    const t = res.json<Transfer>();
    ids.toB = t.id;
    expect(t).toMatchObject({
      state: 'requested',
      memberName: '李秀英',
      fromBranchName: '机关第一党支部',
      toBranchName: '研发中心党支部',
      requestedByName: 'sec.a',
      may: { accept: false, cancel: true },
    });
    const member = await call('GET', `/members/${f.members.memberA}`, secA);
    expect(member.json<MemberDetail>().member.branchId).toBe(f.orgs.a);

    const again = await call('POST', `/members/${f.members.memberA}/transfers`, secA, {
      toBranchId: f.orgs.c,
      reason: '重复申请',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('transfer_pending');
    const same = await call('POST', `/members/${f.members.pubA}/transfers`, secA, {
      toBranchId: f.orgs.a,
      reason: '原地转接',
    });
    expect(same.json().error.code).toBe('transfer_same_branch');
    const toGroup = await call('POST', `/members/${f.members.pubA}/transfers`, secA, {
      toBranchId: f.orgs.groupA,
      reason: '转到小组',
    });
    expect(toGroup.json().error.code).toBe('not_a_branch');
  });

  it('may not be started by others', async () => {
    const body = { toBranchId: f.orgs.c, reason: '越权转接' };
    const url = `/members/${f.members.pubA}/transfers`;
    expect((await call('POST', url, await f.cookie('pub.a'), body)).statusCode).toBe(403);
    expect((await call('POST', url, await f.cookie('member.a'), body)).statusCode).toBe(403);
    expect((await call('POST', url, await f.cookie('sec.b'), body)).statusCode).toBe(404);
    const sys = await signIn(h().app, 'sysadmin', ADMIN_PASSWORDS.system);
    expect((await call('POST', url, sys, body)).statusCode).toBe(403);
    expect((await call('GET', '/transfers/destinations', await f.cookie('pub.a'))).statusCode).toBe(
      403,
    );
    const auditor = await signIn(h().app, 'auditor', ADMIN_PASSWORDS.audit);
    expect((await call('GET', '/transfers', auditor)).statusCode).toBe(403);
  });

  it('shows up as incoming for the receiver and outgoing for the sender', async () => {
    const incoming = await call('GET', '/transfers?direction=incoming', await f.cookie('sec.b'));
    expect(incoming.statusCode).toBe(200);
    const list = incoming.json<TransferList>();
    expect(list.items.map((t) => [t.id, t.may.accept])).toEqual([[ids.toB, true]]);
    const outgoing = await call('GET', '/transfers?direction=outgoing', await f.cookie('sec.a'));
    expect(outgoing.json<TransferList>().items.map((t) => t.id)).toEqual([ids.toB]);
    const none = await call('GET', '/transfers?direction=incoming', await f.cookie('sec.a'));
    expect(none.json<TransferList>().total).toBe(0);
  });

  it('cannot be accepted sideways, nor by the sender', async () => {
    const secA = await f.cookie('sec.a');
    // The 党总支 sees the sending branch but not the receiving one: sideways for this decision.
    const general = await call(
      'POST',
      `/transfers/${ids.toB}/accept`,
      await f.cookie('sec.general'),
      {},
    );
    expect(general.statusCode).toBe(403);
    expect((await call('POST', `/transfers/${ids.toB}/accept`, secA, {})).statusCode).toBe(403);

    const toC = await call('POST', `/members/${f.members.pubA}/transfers`, secA, {
      toBranchId: f.orgs.c,
      reason: '调到第三支部',
    });
    ids.toC = toC.json<Transfer>().id;
    // Branch B is neither side of A → C: it cannot even see the transfer.
    const sideways = await call(
      'POST',
      `/transfers/${ids.toC}/accept`,
      await f.cookie('sec.b'),
      {},
    );
    expect(sideways.statusCode).toBe(404);
    expect((await call('GET', `/transfers/${ids.toC}`, await f.cookie('sec.b'))).statusCode).toBe(
      404,
    );
  });

  it('moves the member on acceptance and keeps the history', async () => {
    const secB = await f.cookie('sec.b');
    const accepted = await call('POST', `/transfers/${ids.toB}/accept`, secB, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<Transfer>()).toMatchObject({
      state: 'accepted',
      decidedByName: 'sec.b',
      may: { accept: false, cancel: false },
    });
    const member = await call('GET', `/members/${f.members.memberA}`, secB);
    expect(member.json<MemberDetail>().member).toMatchObject({ branchId: f.orgs.b, groupId: null });
    const twice = await call('POST', `/transfers/${ids.toB}/accept`, secB, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('transfer_not_pending');

    // Officers above the receiving branch decide too: the 党总支 rejects A → C.
    const rejected = await call(
      'POST',
      `/transfers/${ids.toC}/reject`,
      await f.cookie('sec.general'),
      {
        reason: '接收支部暂不具备条件',
      },
    );
    expect(rejected.json<Transfer>()).toMatchObject({
      state: 'rejected',
      decisionNote: '接收支部暂不具备条件',
    });

    // Now in B, a transfer back is started by B and withdrawn by B.
    const back = await call('POST', `/members/${f.members.memberA}/transfers`, secB, {
      toBranchId: f.orgs.a,
      reason: '回原单位',
    });
    const cancelOther = await call(
      'POST',
      `/transfers/${back.json<Transfer>().id}/cancel`,
      await f.cookie('sec.a'),
      {
        reason: '不是我方发起',
      },
    );
    expect(cancelOther.statusCode).toBe(403);
    const cancelled = await call('POST', `/transfers/${back.json<Transfer>().id}/cancel`, secB, {
      reason: '调动取消',
    });
    expect(cancelled.json<Transfer>().state).toBe('cancelled');

    const history = await call('GET', `/members/${f.members.memberA}/transfers`, secB);
    expect(history.json<Transfer[]>().map((t) => t.state)).toEqual(['cancelled', 'accepted']);
    // The old branch no longer sees the member, but still sees the transfer it sent.
    expect(
      (await call('GET', `/members/${f.members.memberA}`, await f.cookie('sec.a'))).statusCode,
    ).toBe(404);
    const sent = await call(
      'GET',
      `/transfers?orgId=${f.orgs.a}&state=accepted`,
      await f.cookie('sec.a'),
    );
    expect(sent.json<TransferList>().items.map((t) => t.id)).toEqual([ids.toB]);

    const audit = await queryRows<{ action: string }>(
      h().ctx.database.db,
      sql`select action from audit_log where action like 'transfer.%' or action = 'member.move' order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'transfer.request',
      'transfer.request',
      'member.move',
      'transfer.accept',
      'transfer.reject',
      'transfer.request',
      'transfer.cancel',
    ]);
  });
});
