import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type {
  NotificationPage,
  Talk,
  TalkBranch,
  TalkCandidate,
  TalkCoverage,
  TalkList,
} from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';
import { operatorActor } from '../../platform/audit/audit.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { CiphertextError } from '../../platform/crypto/provider.ts';
import { createAccount } from '../identity/service.ts';
import { createMember } from '../members/service.ts';
import { assignPost, createOrgInTx, rootOrg } from '../orgs/service.ts';

const PASSWORD = 'Tanxin#Talks2026';

/**
 * 甲支部 (A): secretary 甲书记, organisation officer 甲组委, members 甲一, 甲二, 甲三, and an
 * activist 甲积极分子 (not yet a party member).
 * 乙支部 (B): secretary 乙书记, member 乙一, and 党委书记 (the root's secretary, whose own
 * membership is in B) and 党委组委 (the root's organisation officer, also in B).
 */
const PEOPLE = [
  ['sec.a', '甲书记', 'a'],
  ['org.a', '甲组委', 'a'],
  ['m1', '甲一', 'a'],
  ['m2', '甲二', 'a'],
  ['m3', '甲三', 'a'],
  ['act', '甲积极分子', 'a'],
  ['sec.b', '乙书记', 'b'],
  ['mb', '乙一', 'b'],
  ['root.sec', '党委书记', 'b'],
  ['root.org', '党委组委', 'b'],
] as const;
type User = (typeof PEOPLE)[number][0];

const TOPIC = '思想动态与工作困难交流';
const RECORD = '谈话中甲一同志谈到近期家中老人生病，工作压力较大，希望支部给予关心。';
const NOTE = '请补充支部准备采取的帮扶措施。';

describe.each(ENGINES)('heart-to-heart talks on %s', (engine) => {
  const h = useHarness(engine);
  const ids = {} as Record<User, string> & { a: string; b: string; root: string };
  const cookies = new Map<string, string>();
  const cookie = async (user: User | 'sysadmin') => {
    const known = cookies.get(user);
    if (known) return known;
    const fresh =
      user === 'sysadmin'
        ? await signIn(h().app, 'sysadmin', ADMIN_PASSWORDS.system)
        : await signIn(h().app, user, PASSWORD);
    cookies.set(user, fresh);
    return fresh;
  };
  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    user: User | 'sysadmin',
    payload?: object,
  ) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: await cookie(user) },
      ...(payload ? { payload } : {}),
    });
  const schedule = (user: User, other: User, at = '2026-03-10T02:00:00Z', topic = TOPIC) =>
    call('POST', '/talks', user, {
      otherMemberId: ids[other],
      topic,
      scheduledAt: at,
      place: '支部活动室',
    });
  /** Schedule, record by the initiator, confirm by the other: one covered pair. */
  const fullTalk = async (user: User, other: User, at?: string) => {
    const res = await schedule(user, other, at);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<Talk>().id;
    expect((await call('PUT', `/talks/${id}/record`, user, { record: RECORD })).statusCode).toBe(
      200,
    );
    expect((await call('POST', `/talks/${id}/confirm`, other)).statusCode).toBe(200);
    return id;
  };
  let talkId = '';

  it('schedules a talk within the branch, derives the pair kind and tells the other party', async () => {
    const { ctx } = h();
    await completeSetup(ctx);
    const actor = operatorActor('test');
    await ctx.database.write(async (tx) => {
      const root = await rootOrg(tx);
      if (!root) throw new Error('no root');
      ids.root = root.id;
      ids.a = (
        await createOrgInTx(tx, actor, { parentId: root.id, kind: 'branch', name: '甲支部' })
      ).id;
      ids.b = (
        await createOrgInTx(tx, actor, { parentId: root.id, kind: 'branch', name: '乙支部' })
      ).id;
      for (const [username, name, branch] of PEOPLE) {
        ids[username] = await createMember(tx, actor, {
          name,
          gender: 'male',
          // An activist (入党积极分子) is on the roster but not a party member: no talks.
          status: username === 'act' ? 'activist' : 'full',
          branchId: ids[branch],
        });
        await createAccount(tx, actor, {
          username,
          displayName: name,
          password: PASSWORD,
          memberId: ids[username],
          mustChangePassword: false,
        });
      }
      const post = (orgId: string, user: User, p: 'secretary' | 'organisation_officer') =>
        assignPost(tx, actor, { orgId, memberId: ids[user], post: p, termStartedOn: '2024-01-01' });
      await post(ids.a, 'sec.a', 'secretary');
      await post(ids.a, 'org.a', 'organisation_officer');
      await post(ids.b, 'sec.b', 'secretary');
      await post(root.id, 'root.sec', 'secretary');
      await post(root.id, 'root.org', 'organisation_officer');
    });

    const candidates = (await call('GET', '/talks/candidates', 'm1')).json<TalkCandidate[]>();
    expect(candidates.map((c) => [c.name, c.pairKind])).toEqual(
      [
        ['甲二', 'member_member'],
        ['甲三', 'member_member'],
        ['甲书记', 'committee_member'],
        ['甲组委', 'committee_member'],
      ].sort((x, y) => (x[0] ?? '').localeCompare(y[0] ?? '', 'zh-CN')),
    );

    const res = await schedule('m1', 'sec.a');
    expect(res.statusCode, res.body).toBe(201);
    const talk = res.json<Talk>();
    talkId = talk.id;
    expect(talk).toMatchObject({
      branchName: '甲支部',
      pairKind: 'committee_member',
      status: 'scheduled',
      topic: TOPIC,
      record: null,
      party: true,
      may: { write: true, confirm: false, requestCorrection: false, cancel: true },
    });
    const bell = (await call('GET', '/notifications', 'sec.a')).json<NotificationPage>();
    expect(bell.items.map((n) => [n.kind, n.link])).toEqual([['talk', `/talks/${talk.id}`]]);
    // The notification says when and where, never what about.
    expect(JSON.stringify(bell.items)).not.toContain(TOPIC);

    const cc = await schedule('sec.a', 'org.a');
    expect(cc.json<Talk>().pairKind).toBe('committee_committee');
  });

  it('refuses parties outside the branch, oneself and administrators', async () => {
    const sideways = await schedule('m1', 'mb');
    expect(sideways.statusCode).toBe(422);
    expect(sideways.json().error.code).toBe('talk_party_out_of_scope');
    expect((await schedule('sec.b', 'm1')).json().error.code).toBe('talk_party_out_of_scope');
    expect((await schedule('m1', 'm1')).json().error.code).toBe('talk_with_self');
    expect((await schedule('m1', 'act')).json().error.code).toBe('talk_party_out_of_scope');
    const admin = await call('POST', '/talks', 'sysadmin', {
      otherMemberId: ids.m1,
      topic: TOPIC,
      scheduledAt: '2026-03-10T02:00:00Z',
      place: '会议室',
    });
    expect(admin.statusCode).toBe(403);
    // A committee member of a higher level talks with members below: counted for their branch.
    const down = await schedule('root.sec', 'm2');
    expect(down.statusCode, down.body).toBe(201);
    expect(down.json<Talk>()).toMatchObject({ branchName: '甲支部', pairKind: 'committee_member' });
    // In their own branch, where they hold no post, the same officer talks as a member.
    const own = await schedule('root.sec', 'mb');
    expect(own.json<Talk>()).toMatchObject({ branchName: '乙支部', pairKind: 'member_member' });
  });

  it('is read only by its two parties and the overseers above the branch (403 for anyone else)', async () => {
    const readAs = async (user: User | 'sysadmin') =>
      (await call('GET', `/talks/${talkId}`, user)).statusCode;
    expect(await readAs('m1')).toBe(200);
    expect(await readAs('sec.a')).toBe(200);
    // A third member of the branch, an officer of the branch who is not a party, another
    // branch's secretary, a higher officer without oversee_talks, and the administrator.
    expect(await readAs('m2')).toBe(403);
    expect(await readAs('org.a')).toBe(403);
    expect(await readAs('sec.b')).toBe(403);
    expect(await readAs('root.org')).toBe(403);
    expect(await readAs('sysadmin')).toBe(403);
    const denied = await call('GET', `/talks/${talkId}`, 'sec.b');
    expect(denied.json().error.code).toBe('talk_private');
    expect(JSON.stringify(denied.json())).not.toContain(TOPIC);
    // The designated higher-level officer reads it.
    const overseen = await call('GET', `/talks/${talkId}`, 'root.sec');
    expect(overseen.statusCode).toBe(200);
    expect(overseen.json<Talk>()).toMatchObject({
      topic: TOPIC,
      party: false,
      may: { write: false, confirm: false, requestCorrection: false, cancel: false },
    });
    expect(
      (await call('GET', '/talks/00000000-0000-4000-8000-000000000000', 'm1')).statusCode,
    ).toBe(404);

    // Writes by non-parties are refused the same way; the overseer only reads.
    expect(
      (await call('PUT', `/talks/${talkId}/record`, 'm2', { record: '冒名记录' })).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/talks/${talkId}/cancel`, 'root.sec', { reason: '不该能取消' }))
        .statusCode,
    ).toBe(403);

    // Lists: a party sees the topic; the overseer's list of the branch does not decrypt it.
    const mine = (await call('GET', '/talks', 'm2')).json<TalkList>();
    expect(mine.items.map((t) => t.id)).not.toContain(talkId);
    const oversee = await call('GET', `/talks?box=oversee&branchId=${ids.a}`, 'root.sec');
    expect(oversee.statusCode).toBe(200);
    const line = oversee.json<TalkList>().items.find((t) => t.id === talkId);
    expect(line?.topic).toBeNull();
    expect((await call('GET', `/talks?box=oversee&branchId=${ids.a}`, 'sec.a')).statusCode).toBe(
      403,
    );

    // Every opening is audited, with whom and in which role.
    const views = await queryRows<{ actor_name: string; details: { as: string } }>(
      h().ctx.database.db,
      sql`select actor_name, details from audit_log
          where action = 'talk.view' and object_id = ${talkId} order by seq`,
    );
    expect(views.map((v) => [v.actor_name, v.details.as])).toContainEqual(['root.sec', 'overseer']);
    expect(views.map((v) => v.actor_name)).not.toContain('sec.b');
  });

  it('is written by one party and confirmed by the other, with a correction round', async () => {
    const written = await call('PUT', `/talks/${talkId}/record`, 'm1', { record: RECORD });
    expect(written.statusCode, written.body).toBe(200);
    expect(written.json<Talk>()).toMatchObject({ status: 'recorded', record: RECORD });
    // The writer cannot confirm their own record; the other cannot overwrite it.
    expect((await call('POST', `/talks/${talkId}/confirm`, 'm1')).json().error.code).toBe(
      'talk_own_record',
    );
    const overwrite = await call('PUT', `/talks/${talkId}/record`, 'sec.a', { record: '另写一份' });
    expect(overwrite.json().error.code).toBe('talk_not_recorder');

    const asked = await call('POST', `/talks/${talkId}/correction`, 'sec.a', { note: NOTE });
    expect(asked.json<Talk>()).toMatchObject({
      status: 'recorded',
      correctionPending: true,
      correctionNote: NOTE,
    });
    const view = (await call('GET', `/talks/${talkId}`, 'm1')).json<Talk>();
    expect(view.may).toMatchObject({ write: true, confirm: false });
    const rewritten = await call('PUT', `/talks/${talkId}/record`, 'm1', {
      record: `${RECORD}支部将安排结对帮扶。`,
    });
    expect(rewritten.json<Talk>()).toMatchObject({
      correctionPending: false,
      correctionNote: null,
    });

    const confirmed = await call('POST', `/talks/${talkId}/confirm`, 'sec.a');
    expect(confirmed.json<Talk>()).toMatchObject({
      status: 'confirmed',
      recorder: { name: '甲一' },
    });
    expect(confirmed.json<Talk>().confirmedAt).not.toBeNull();
    // Confirmed is final.
    expect(
      (await call('PUT', `/talks/${talkId}/record`, 'm1', { record: '事后改写' })).json().error
        .code,
    ).toBe('talk_wrong_state');
    expect(
      (await call('POST', `/talks/${talkId}/cancel`, 'm1', { reason: '取消' })).json().error.code,
    ).toBe('talk_wrong_state');

    // A scheduled talk can be cancelled by either party, and then not recorded.
    const other = (await schedule('m2', 'm3')).json<Talk>();
    const cancelled = await call('POST', `/talks/${other.id}/cancel`, 'm3', { reason: '出差' });
    expect(cancelled.json<Talk>()).toMatchObject({ status: 'cancelled', cancelReason: '出差' });
    expect(
      (await call('PUT', `/talks/${other.id}/record`, 'm2', { record: RECORD })).json().error.code,
    ).toBe('talk_wrong_state');
  });

  it('stores only ciphertext for topics, records and notes', async () => {
    const { db } = h().ctx.database;
    const rows = await queryRows<Record<string, unknown>>(db, sql`select * from talks`);
    expect(rows.length).toBeGreaterThan(0);
    const raw = JSON.stringify(rows);
    for (const secret of [TOPIC, RECORD, NOTE, '甲一同志']) expect(raw).not.toContain(secret);
    const mine = rows.find((r) => r.id === talkId);
    expect(String(mine?.topic_cipher)).toMatch(/^tx1\./);
    expect(String(mine?.record_cipher)).toMatch(/^tx1\./);
    // Nor does anything else the module writes: notifications and the audit log.
    const elsewhere = JSON.stringify([
      await queryRows(db, sql`select title, excerpt from notifications`),
      await queryRows(db, sql`select details from audit_log where object_type = 'talk'`),
    ]);
    for (const secret of [TOPIC, RECORD, NOTE]) expect(elsewhere).not.toContain(secret);
    // Bound to its row and column: it opens only where it is stored.
    const { crypto } = h().ctx;
    const cipher = String(mine?.topic_cipher);
    expect(crypto.decrypt(cipher, { table: 'talks', column: 'topic', rowId: talkId })).toBe(TOPIC);
    const other = String(rows.find((r) => r.id !== talkId)?.id);
    expect(() => crypto.decrypt(cipher, { table: 'talks', column: 'topic', rowId: other })).toThrow(
      CiphertextError,
    );
    expect(() =>
      crypto.decrypt(cipher, { table: 'talks', column: 'record', rowId: talkId }),
    ).toThrow(CiphertextError);
  });

  it('archives a confirmed talk as its ciphertext and metadata only', async () => {
    const { db } = h().ctx.database;
    const entries = await queryRows<{
      kind: string;
      version: number;
      org_id: string;
      content: string;
    }>(
      db,
      sql`select kind, version, org_id, content from archive_entries where ref_id = ${talkId}`,
    );
    expect(entries.map((e) => [e.kind, e.version, e.org_id])).toEqual([['talk', 1, ids.a]]);
    const [row] = await queryRows<Record<string, unknown>>(
      db,
      sql`select * from talks where id = ${talkId}`,
    );
    const content = JSON.parse(entries[0]?.content ?? '{}') as {
      pairKind: string;
      encrypted: { topicCipher: string; recordCipher: string };
    };
    // The ciphertexts exactly as stored: they still open with the row's binding.
    expect(content.encrypted.topicCipher).toBe(row?.topic_cipher);
    expect(content.encrypted.recordCipher).toBe(row?.record_cipher);
    expect(
      h().ctx.crypto.decrypt(content.encrypted.recordCipher, {
        table: 'talks',
        column: 'record',
        rowId: talkId,
      }),
    ).toBe(`${RECORD}支部将安排结对帮扶。`);
    expect(content.pairKind).toBe(row?.pair_kind);
    // No plaintext anywhere in the archive (nor in its audit entries).
    const archived = JSON.stringify([
      await queryRows(db, sql`select * from archive_entries`),
      await queryRows(db, sql`select details from audit_log where action = 'archive.record'`),
    ]);
    for (const secret of [TOPIC, RECORD, NOTE, '结对帮扶']) expect(archived).not.toContain(secret);
    // Only confirmed talks are archived (not the cancelled or merely scheduled ones).
    const [counts] = await queryRows<{ archived: number; confirmed: number }>(
      db,
      sql`select (select count(*)::int from archive_entries where kind = 'talk') as archived,
        (select count(*)::int from talks where status = 'confirmed') as confirmed`,
    );
    expect(counts).toEqual({ archived: 1, confirmed: 1 });
  });

  it('shows a yearly coverage matrix of the required pairs, to the committee and higher levels', async () => {
    // 2026-01-01 01:00 in Shanghai is still 2025 in UTC: it counts for 2026.
    await fullTalk('m2', 'm3', '2025-12-31T17:00:00Z');
    await fullTalk('org.a', 'm3');
    await fullTalk('m1', 'org.a', '2025-06-01T02:00:00Z'); // the year before: not counted
    const down = (await call('GET', `/talks?box=oversee&branchId=${ids.a}`, 'root.sec'))
      .json<TalkList>()
      .items.find((t) => t.initiator.name === '党委书记');
    if (!down) throw new Error('the higher-level talk is missing');
    await call('PUT', `/talks/${down.id}/record`, 'root.sec', { record: RECORD });
    await call('POST', `/talks/${down.id}/confirm`, 'm2');

    const url = `/talks/coverage?branchId=${ids.a}&year=2026`;
    const res = await call('GET', url, 'sec.a');
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json<TalkCoverage>();
    expect(m.committee.map((p) => p.name).sort()).toEqual(['甲书记', '甲组委'].sort());
    expect(m.members.map((p) => p.name).sort()).toEqual(['甲一', '甲三', '甲二'].sort());
    // The secretary and the organisation officer scheduled a talk but never held it.
    expect(m.committeeCommittee).toHaveLength(1);
    expect(m.committeeCommittee[0]?.talks).toBe(0);
    const row = (rows: TalkCoverage['committeeMember'], name: string) =>
      rows.find((r) => r.name === name);
    expect(row(m.committeeMember, '甲一')?.partners.map((p) => [p.name, p.talks])).toEqual([
      ['甲书记', 1],
    ]);
    expect(row(m.committeeMember, '甲三')?.partners.map((p) => p.name)).toEqual(['甲组委']);
    expect(row(m.committeeMember, '甲二')?.covered).toBe(false);
    expect(row(m.memberMember, '甲二')?.covered).toBe(true);
    expect(row(m.memberMember, '甲三')?.covered).toBe(true);
    expect(row(m.memberMember, '甲一')?.covered).toBe(false);
    expect(m.summary).toEqual({
      committee_committee: { required: 1, covered: 0 },
      committee_member: { required: 3, covered: 2 },
      member_member: { required: 3, covered: 2 },
    });
    expect(m.withHigherLevels).toBe(1);
    expect(JSON.stringify(m)).not.toContain(TOPIC);

    const status = async (user: User) => (await call('GET', url, user)).statusCode;
    expect(await status('org.a')).toBe(200);
    expect(await status('root.sec')).toBe(200);
    expect(await status('root.org')).toBe(200);
    expect(await status('m1')).toBe(403);
    expect(await status('sec.b')).toBe(403);

    const branches = (await call('GET', '/talks/branches', 'root.sec')).json<TalkBranch[]>();
    expect(branches.map((b) => [b.name, b.oversee])).toEqual(
      [
        ['乙支部', true],
        ['甲支部', true],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]), 'zh-CN')),
    );
    expect((await call('GET', '/talks/branches', 'sec.a')).json<TalkBranch[]>()).toEqual([
      { id: ids.a, name: '甲支部', oversee: false },
    ]);
    expect((await call('GET', '/talks/branches', 'm1')).json()).toEqual([]);
  });
});
