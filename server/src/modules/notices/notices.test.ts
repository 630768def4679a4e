import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type {
  EventPage,
  Notice,
  NoticeCandidate,
  NoticeList,
  NoticeTarget,
  NoticeTracking,
  NotificationPage,
} from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { buildFixture, type Fixture } from '../members/test-fixture.ts';
import { notices } from './schema.ts';

type User = 'sec.a' | 'pub.a' | 'member.a' | 'sec.b' | 'sec.general';

describe.each(ENGINES)('notices on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  const ids: Record<string, string> = {};

  const call = async (method: 'GET' | 'POST', url: string, user: User | string, payload?: object) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: user.includes('=') ? user : await f.cookie(user as User) },
      ...(payload ? { payload } : {}),
    });

  /** Event heads before an action, so a test sees exactly the events it caused. */
  const heads = async (users: readonly User[]) => {
    const out = new Map<User, number>();
    for (const u of users) out.set(u, (await call('GET', '/events', u)).json<EventPage>().head);
    return out;
  };
  const eventsSince = async (user: User, since: number) =>
    (await call('GET', `/events?since=${since}`, user)).json<EventPage>().items;

  const send = (user: User | string, body: object) =>
    call('POST', '/notices', user, {
      title: '关于开展主题党日活动的通知',
      body: '请**按时**参加。',
      ...body,
    });

  it('reaches the organisation and its whole subtree, resolved at send time', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    const before = await heads(['sec.a', 'pub.a', 'member.a', 'sec.b']);

    const targets = await call('GET', '/notices/targets', 'sec.general');
    expect(targets.json<NoticeTarget[]>().map((t) => t.path)).toEqual([
      '机关党总支',
      '机关党总支 / 机关第一党支部',
      '机关党总支 / 机关第一党支部 / 第一党小组',
      '机关党总支 / 机关第三党支部',
    ]);

    // The 党总支 alone holds only its own officer, who is the sender: nobody to send to.
    const alone = await send('sec.general', { orgId: f.orgs.general });
    expect(alone.statusCode).toBe(422);
    expect(alone.json().error.code).toBe('notice_no_recipients');

    const res = await send('sec.general', { orgId: f.orgs.general, includeSubtree: true });
    expect(res.statusCode, res.body).toBe(201);
    const sent = res.json<Notice>();
    ids.subtree = sent.id;
    expect(sent).toMatchObject({
      orgName: '机关党总支',
      includeSubtree: true,
      bodyHtml: '<p>请<strong>按时</strong>参加。</p>\n',
      counts: { recipients: 3, read: 0, acknowledged: 0 },
      may: { track: true, withdraw: true },
      mine: null,
    });
    const tracking = await call('GET', `/notices/${sent.id}/tracking`, 'sec.general');
    expect(
      tracking
        .json<NoticeTracking>()
        .receipts.map((r) => r.name)
        .sort(),
    ).toEqual(['刘芳', '张建国', '李秀英'].sort());

    // Each recipient got a notice notification and its event; the other branch got nothing.
    for (const u of ['sec.a', 'pub.a', 'member.a'] as const) {
      const events = await eventsSince(u, before.get(u) ?? 0);
      expect(events.map((e) => [e.type, e.payload.kind, e.payload.link])).toEqual([
        ['notification.created', 'notice', `/notices/${sent.id}`],
      ]);
    }
    expect(await eventsSince('sec.b', before.get('sec.b') ?? 0)).toEqual([]);
    const inboxB = await call('GET', '/notices', 'sec.b');
    expect(inboxB.json<NoticeList>()).toMatchObject({ items: [], total: 0, unread: 0 });
  });

  it('is sent by officers only, within their own organisation', async () => {
    expect((await send('member.a', { orgId: f.orgs.a })).statusCode).toBe(403);
    expect((await call('GET', '/notices/targets', 'member.a')).json()).toEqual([]);
    expect((await call('POST', '/notices/preview', 'member.a', { body: 'x' })).statusCode).toBe(
      403,
    );
    expect((await send('sec.a', { orgId: f.orgs.b })).statusCode).toBe(403);
    expect((await send('sec.a', { orgId: f.orgs.general })).statusCode).toBe(403);
    const sys = await signIn(h().app, 'sysadmin', ADMIN_PASSWORDS.system);
    expect((await send(sys, { orgId: f.orgs.a })).statusCode).toBe(403);
    const candidates = await call('GET', `/notices/candidates?orgId=${f.orgs.b}`, 'sec.a');
    expect(candidates.statusCode).toBe(404);
    const past = await send('sec.a', { orgId: f.orgs.a, deadline: '2020-01-01T00:00:00Z' });
    expect(past.json().error.code).toBe('notice_deadline_past');
  });

  it('goes to chosen members under the organisation only', async () => {
    const candidates = await call('GET', `/notices/candidates?orgId=${f.orgs.a}`, 'sec.a');
    expect(
      candidates
        .json<NoticeCandidate[]>()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['刘芳', '张建国', '李秀英'].sort());
    const outside = await send('sec.a', { orgId: f.orgs.a, memberIds: [f.members.secB] });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('notice_member_out_of_scope');
    const chosen = await send('sec.a', {
      orgId: f.orgs.a,
      memberIds: [f.members.memberA],
      title: '请李秀英同志准备发言',
    });
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect(chosen.json<Notice>()).toMatchObject({
      chosenMembers: true,
      counts: { recipients: 1 },
    });
    // pub.a was not chosen, but as a branch committee member tracks the branch's notices.
    expect((await call('GET', `/notices/${chosen.json<Notice>().id}`, 'pub.a')).statusCode).toBe(
      200,
    );
  });

  it('tracks reads and acknowledgements, and hides the notice from everyone else', async () => {
    const res = await send('sec.a', {
      orgId: f.orgs.a,
      requiresAck: true,
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<Notice>().id;
    ids.ack = id;
    // Sideways and below-the-line callers see nothing at all.
    expect((await call('GET', `/notices/${id}`, 'sec.b')).statusCode).toBe(404);
    expect((await call('POST', `/notices/${id}/read`, 'sec.b')).statusCode).toBe(404);
    expect((await call('GET', `/notices/${id}/tracking`, 'sec.b')).statusCode).toBe(404);
    // A recipient reads but does not track.
    expect((await call('GET', `/notices/${id}/tracking`, 'member.a')).statusCode).toBe(403);
    const inbox = (await call('GET', '/notices?unread=true', 'member.a')).json<NoticeList>();
    expect(inbox.items.map((n) => n.id)).toContain(id);
    expect(inbox.items.find((n) => n.id === id)).toMatchObject({
      counts: null,
      mine: { readAt: null, acknowledgedAt: null },
      may: { track: false },
    });

    const secBefore = (await heads(['sec.a'])).get('sec.a') ?? 0;
    const read = await call('POST', `/notices/${id}/read`, 'member.a');
    expect(read.statusCode, read.body).toBe(200);
    const firstRead = read.json<Notice>().mine?.readAt;
    expect(firstRead).toBeTruthy();
    // Reading twice keeps the first time.
    const again = await call('POST', `/notices/${id}/read`, 'member.a');
    expect(again.json<Notice>().mine?.readAt).toBe(firstRead);
    const ack = await call('POST', `/notices/${id}/acknowledge`, 'pub.a');
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json<Notice>().mine).toMatchObject({
      readAt: expect.any(String),
      acknowledgedAt: expect.any(String),
    });
    // The sender's screens hear of each change of receipt, nothing more.
    const receipts = await eventsSince('sec.a', secBefore);
    expect(receipts.map((e) => e.type)).toEqual(['notice.receipt', 'notice.receipt']);

    const tracking = (await call('GET', `/notices/${id}/tracking`, 'sec.a')).json<NoticeTracking>();
    expect(tracking.counts).toEqual({ recipients: 2, read: 2, acknowledged: 1 });
    expect(tracking.receipts.map((r) => [r.name, !!r.readAt, !!r.acknowledgedAt])).toEqual([
      ['李秀英', true, false],
      ['刘芳', true, true],
    ]);
    // Officers above the branch track it too.
    const above = await call('GET', `/notices/${id}/tracking`, 'sec.general');
    expect(above.json<NoticeTracking>().counts).toEqual(tracking.counts);

    // Opening the notice read its notification too.
    const list = (await call('GET', '/notifications', 'member.a')).json<NotificationPage>();
    expect(list.items.find((n) => n.sourceId === id)?.readAt).toBeTruthy();
    const noAck = await call('POST', `/notices/${ids.subtree}/acknowledge`, 'member.a');
    expect(noAck.json().error.code).toBe('notice_no_ack');
  });

  it('reminds only those still owing a read or an acknowledgement, at most once in 10 minutes', async () => {
    const id = ids.ack ?? '';
    const before = await heads(['member.a', 'pub.a']);
    expect((await call('POST', `/notices/${id}/remind`, 'member.a')).statusCode).toBe(403);
    const res = await call('POST', `/notices/${id}/remind`, 'sec.a');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ reminded: 1 });
    const toMember = await eventsSince('member.a', before.get('member.a') ?? 0);
    expect(toMember.map((e) => [e.type, e.payload.kind])).toEqual([
      ['notification.created', 'notice_reminder'],
    ]);
    expect(await eventsSince('pub.a', before.get('pub.a') ?? 0)).toEqual([]);

    const soon = await call('POST', `/notices/${id}/remind`, 'sec.general');
    expect(soon.statusCode).toBe(429);
    expect(soon.json().error.code).toBe('notice_remind_too_soon');
    expect(soon.json().error.details.retryAfterSeconds).toBeGreaterThan(590);
    const tracking = (await call('GET', `/notices/${id}/tracking`, 'sec.a')).json<NoticeTracking>();
    expect(tracking.nextRemindAt).not.toBeNull();
    expect(tracking.receipts.find((r) => r.name === '李秀英')?.remindedAt).toBeTruthy();

    // Eleven minutes later the next reminder may go; once all acknowledge, nobody is left.
    const past = new Date(Date.now() - 11 * 60_000);
    const { db } = h().ctx.database;
    await db.update(notices).set({ lastRemindedAt: past }).where(eq(notices.id, id));
    expect((await call('POST', `/notices/${id}/remind`, 'sec.a')).json()).toEqual({ reminded: 1 });
    await call('POST', `/notices/${id}/acknowledge`, 'member.a');
    await db.update(notices).set({ lastRemindedAt: past }).where(eq(notices.id, id));
    const none = await call('POST', `/notices/${id}/remind`, 'sec.a');
    expect(none.statusCode).toBe(409);
  });

  it('is withdrawn by its sender or officers, leaving recipients only the title', async () => {
    const id = ids.subtree ?? '';
    const unreadOf = async (user: User) =>
      (await call('GET', '/notifications?unread=true', user))
        .json<NotificationPage>()
        .items.filter((n) => n.sourceId === id).length;
    expect(await unreadOf('sec.a')).toBe(1);
    const denied = await call('POST', `/notices/${id}/withdraw`, 'member.a', { reason: '发错了' });
    expect(denied.statusCode, denied.body).toBe(403);
    const res = await call('POST', `/notices/${id}/withdraw`, 'sec.general', {
      reason: '时间调整，另行通知',
    });
    expect(res.statusCode, res.body).toBe(200);
    const seen = (await call('GET', `/notices/${id}`, 'member.a')).json<Notice>();
    expect(seen).toMatchObject({
      bodyHtml: '',
      withdrawReason: '时间调整，另行通知',
      withdrawnByName: 'sec.general',
    });
    expect(seen.withdrawnAt).not.toBeNull();
    // Nothing left to read: the bell no longer counts it.
    expect(await unreadOf('sec.a')).toBe(0);
    // Never opened, but withdrawn: nothing left to read, so not among the unread.
    const unread = (await call('GET', '/notices?unread=true', 'member.a')).json<NoticeList>();
    expect(unread.items.map((n) => n.id)).not.toContain(id);
    const all = (await call('GET', '/notices', 'member.a')).json<NoticeList>();
    expect(all.items.find((n) => n.id === id)?.mine?.readAt).toBeNull();
    const sender = (await call('GET', `/notices/${id}`, 'sec.general')).json<Notice>();
    expect(sender.bodyHtml).not.toBe('');
    expect((await call('POST', `/notices/${id}/remind`, 'sec.general')).statusCode).toBe(409);
    const twice = await call('POST', `/notices/${id}/withdraw`, 'sec.general', { reason: '再撤' });
    expect(twice.json().error.code).toBe('notice_withdrawn');

    const audit = await queryRows<{ action: string }>(
      h().ctx.database.db,
      sql`select action from audit_log where action like 'notice.%' order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'notice.send',
      'notice.send',
      'notice.send',
      'notice.remind',
      'notice.remind',
      'notice.withdraw',
    ]);
  });

  it('lists the sent box for its trackers', async () => {
    const sent = (await call('GET', '/notices?box=sent', 'sec.a')).json<NoticeList>();
    // Branch A's two notices; the 党总支's notice is not the branch's to track.
    expect(sent.total).toBe(2);
    const above = (await call('GET', '/notices?box=sent', 'sec.general')).json<NoticeList>();
    expect(
      above.items.map((n) => n.title),
      JSON.stringify(above),
    ).toHaveLength(3);
    expect((await call('GET', '/notices?box=sent', 'member.a')).json<NoticeList>().total).toBe(0);
  });
});
