import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type {
  EvaluationGrade,
  EvaluationRound,
  EvaluationSubject,
  EvaluationTally,
  MyEvaluationResult,
  MyPeerRatings,
} from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, signIn, useHarness } from '../../test/harness.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { buildFixture, type Fixture } from '../members/test-fixture.ts';

type User = 'sec.a' | 'pub.a' | 'member.a' | 'sec.b' | 'sec.general';
type Method = 'GET' | 'POST' | 'PUT';

describe.each(ENGINES)('democratic evaluation on %s', (engine) => {
  const h = useHarness(engine);
  let f: Fixture;
  let roundId = '';

  const call = async (method: Method, url: string, user: User | string, payload?: object) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: user.includes('=') ? user : await f.cookie(user as User) },
      ...(payload ? { payload } : {}),
    });
  const round = (suffix = '') => `/evaluation/rounds/${roundId}${suffix}`;
  /** A ballot giving each of A's three members a grade: [张建国 secA, 刘芳 pubA, 李秀英 memberA]. */
  const ballot = (secA: EvaluationGrade, pubA: EvaluationGrade, memberA: EvaluationGrade) => ({
    grades: [
      { memberId: f.members.secA, grade: secA },
      { memberId: f.members.pubA, grade: pubA },
      { memberId: f.members.memberA, grade: memberA },
    ],
  });

  it('is held by the branch committee and higher levels, never sideways', async () => {
    const { app, ctx } = h();
    f = await buildFixture(app, ctx);
    const body = { orgId: f.orgs.a, year: 2026, title: '2026年度民主评议党员' };

    expect((await call('POST', '/evaluation/rounds', 'member.a', body)).statusCode).toBe(403);
    expect((await call('POST', '/evaluation/rounds', 'sec.b', body)).statusCode).toBe(403);
    const sys = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    expect((await call('POST', '/evaluation/rounds', sys, body)).statusCode).toBe(403);
    // A 党总支 is not where members are evaluated.
    const general = await call('POST', '/evaluation/rounds', 'sec.general', {
      ...body,
      orgId: f.orgs.general,
    });
    expect(general.json().error.code).toBe('evaluation_not_branch');

    const res = await call('POST', '/evaluation/rounds', 'sec.a', body);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<EvaluationRound>();
    roundId = created.id;
    expect(created).toMatchObject({
      status: 'draft',
      orgName: '机关第一党支部',
      may: { manage: true, open: true, vote: false },
      mine: null,
    });
    const again = await call('POST', '/evaluation/rounds', 'sec.a', body);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'evaluation_year_taken']);

    // The 党总支 above supervises; the sibling branch and the administrators see nothing.
    const above = await call('GET', round(), 'sec.general');
    expect(above.json<EvaluationRound>().may.manage).toBe(true);
    expect((await call('GET', round(), 'sec.b')).statusCode).toBe(404);
    expect((await call('GET', round(), sys)).statusCode).toBe(404);
    expect((await call('GET', '/evaluation/rounds', 'sec.b')).json()).toEqual([]);
    // Before opening, an ordinary member is not in it yet.
    expect((await call('GET', round(), 'member.a')).statusCode).toBe(404);
    expect((await call('GET', '/evaluation/targets', 'member.a')).json()).toEqual([]);
  });

  it('opens with the branch’s members fixed as those evaluated and the roll', async () => {
    expect((await call('POST', round('/open'), 'member.a')).statusCode).toBe(404);
    expect((await call('POST', round('/open'), 'sec.b')).statusCode).toBe(404);
    const opened = await call('POST', round('/open'), 'sec.a');
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json<EvaluationRound>()).toMatchObject({
      status: 'open',
      progress: { evaluated: 3, voters: 3, voted: 0, selfAssessed: 0, peerRaters: 0 },
    });
    const twice = await call('POST', round('/open'), 'sec.a');
    expect(twice.json().error.code).toBe('evaluation_wrong_status');

    const mine = (await call('GET', round(), 'member.a')).json<EvaluationRound>();
    expect(mine.may).toMatchObject({ manage: false, vote: true, selfAssess: true, peerRate: true });
    const subjects = (await call('GET', round('/subjects'), 'member.a')).json<
      EvaluationSubject[]
    >();
    expect(subjects.map((s) => s.name).sort()).toEqual(['刘芳', '张建国', '李秀英'].sort());
    // No tally while voting: read after each ballot it would give each one away.
    const tally = await call('GET', round('/tally'), 'sec.a');
    expect(tally.json().error.code).toBe('evaluation_tally_not_ready');
  });

  it('takes self assessments and peer ratings from the members in the round', async () => {
    const self = await call('PUT', round('/self'), 'member.a', {
      text: '一年来认真学习党的理论，按时参加组织生活，按期交纳党费。',
      grade: 'qualified',
    });
    expect(self.statusCode, self.body).toBe(200);
    expect(self.json<EvaluationRound>().progress.selfAssessed).toBe(1);
    expect((await call('GET', round('/self'), 'member.a')).json()).toMatchObject({
      grade: 'qualified',
    });

    const ownRating = await call('PUT', round('/peer-ratings'), 'member.a', {
      ratings: [{ memberId: f.members.memberA, grade: 'excellent' }],
    });
    expect(ownRating.json().error.code).toBe('evaluation_self_rating');
    const outsider = await call('PUT', round('/peer-ratings'), 'member.a', {
      ratings: [{ memberId: f.members.secB, grade: 'qualified' }],
    });
    expect(outsider.json().error.code).toBe('evaluation_unknown_member');

    const rated = await call('PUT', round('/peer-ratings'), 'member.a', {
      ratings: [
        { memberId: f.members.secA, grade: 'excellent', comment: '带头作用明显' },
        { memberId: f.members.pubA, grade: 'basically_qualified' },
      ],
    });
    expect(rated.json<EvaluationRound>().mine?.ratedCount).toBe(2);
    // Rating the same member again replaces the first rating.
    await call('PUT', round('/peer-ratings'), 'member.a', {
      ratings: [{ memberId: f.members.pubA, grade: 'qualified' }],
    });
    await call('PUT', round('/peer-ratings'), 'pub.a', {
      ratings: [{ memberId: f.members.secA, grade: 'qualified', comment: '工作扎实' }],
    });
    const given = (await call('GET', round('/peer-ratings'), 'member.a')).json<MyPeerRatings>();
    expect(given.map((g) => [g.memberId, g.grade]).sort()).toEqual(
      [
        [f.members.secA, 'excellent'],
        [f.members.pubA, 'qualified'],
      ].sort(),
    );
    expect((await call('PUT', round('/peer-ratings'), 'sec.b', { ratings: [] })).statusCode).toBe(
      400,
    );
    const sideways = await call('PUT', round('/peer-ratings'), 'sec.b', {
      ratings: [{ memberId: f.members.secA, grade: 'qualified' }],
    });
    expect(sideways.statusCode).toBe(404);
  });

  it('takes one complete ballot per voter and refuses a second', async () => {
    const partial = await call('POST', round('/ballot'), 'sec.a', {
      grades: [{ memberId: f.members.secA, grade: 'excellent' }],
    });
    expect(partial.json().error.code).toBe('evaluation_ballot_incomplete');

    const first = await call(
      'POST',
      round('/ballot'),
      'sec.a',
      ballot('excellent', 'qualified', 'qualified'),
    );
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<EvaluationRound>()).toMatchObject({
      progress: { voted: 1 },
      mine: { voted: true },
      may: { vote: false },
    });
    const second = await call(
      'POST',
      round('/ballot'),
      'sec.a',
      ballot('qualified', 'qualified', 'qualified'),
    );
    expect([second.statusCode, second.json().error.code]).toEqual([
      409,
      'evaluation_already_voted',
    ]);
    expect(
      (await call('POST', round('/ballot'), 'sec.b', ballot('qualified', 'qualified', 'qualified')))
        .statusCode,
    ).toBe(404);
    // The 党总支's secretary supervises but is no member of the branch: no vote.
    const above = await call(
      'POST',
      round('/ballot'),
      'sec.general',
      ballot('qualified', 'qualified', 'qualified'),
    );
    expect(above.json().error.code).toBe('evaluation_not_participant');

    await call(
      'POST',
      round('/ballot'),
      'pub.a',
      ballot('excellent', 'basically_qualified', 'qualified'),
    );
    const last = await call(
      'POST',
      round('/ballot'),
      'member.a',
      ballot('qualified', 'qualified', 'unqualified'),
    );
    expect(last.json<EvaluationRound>().progress).toMatchObject({ voted: 3, voters: 3 });
  });

  it('stores ballots that nothing links to their voters', async () => {
    const { db } = h().ctx.database;
    const columns = async (table: string) =>
      queryRows<{ column_name: string; data_type: string }>(
        db,
        sql`select column_name, data_type from information_schema.columns
            where table_name = ${table} order by column_name`,
      );
    // The ballot holds its random id, its round and the grades; the roll no time at all.
    expect((await columns('evaluation_ballots')).map((c) => c.column_name)).toEqual([
      'grades',
      'id',
      'round_id',
    ]);
    expect((await columns('evaluation_voters')).map((c) => [c.column_name, c.data_type])).toEqual([
      ['member_id', 'uuid'],
      ['round_id', 'uuid'],
      ['voted', 'boolean'],
    ]);

    const ballots = await queryRows<{
      id: string;
      round_id: string;
      grades: Record<string, string>;
      xmin: string;
    }>(
      db,
      sql`select id, round_id, grades, xmin::text as xmin from evaluation_ballots where round_id = ${roundId}`,
    );
    const roll = await queryRows<{ member_id: string; voted: boolean; xmin: string }>(
      db,
      sql`select member_id, voted, xmin::text as xmin from evaluation_voters where round_id = ${roundId}`,
    );
    expect(ballots).toHaveLength(3);
    expect(roll.every((r) => r.voted)).toBe(true);
    const voters = Object.values(f.members);
    const accounts = await queryRows<{ id: string }>(db, sql`select id from users`);
    const identifying = new Set([...voters, ...accounts.map((a) => a.id)]);
    const subjects = [f.members.secA, f.members.pubA, f.members.memberA].sort();
    for (const b of ballots) {
      // Random (version 4) ids, neither a voter's nor an account's.
      expect(b.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(identifying.has(b.id)).toBe(false);
      // Every ballot names the same members, all those evaluated: nobody's ballot stands out.
      expect(Object.keys(b.grades).sort()).toEqual(subjects);
    }
    // The whole round was rewritten by the last vote: one transaction id on every ballot and
    // every roll entry, so the transaction that wrote a row says nothing about whose it is.
    const xmins = new Set([...ballots.map((b) => b.xmin), ...roll.map((r) => r.xmin)]);
    expect(xmins.size).toBe(1);

    // The audit log says who voted, never how.
    const votes = await queryRows<{ actor_name: string; details: unknown }>(
      db,
      sql`select actor_name, details from audit_log where action = 'evaluation.vote' and object_id = ${roundId}`,
    );
    expect(votes.map((v) => v.actor_name).sort()).toEqual(['member.a', 'pub.a', 'sec.a']);
    for (const v of votes)
      expect(JSON.stringify(v.details ?? {})).not.toMatch(/excellent|qualified/);
  });

  it('closes, tallies per member, and is finalised by the committee within the one-third rule', async () => {
    expect((await call('POST', round('/close'), 'member.a')).statusCode).toBe(403);
    const closed = await call('POST', round('/close'), 'sec.a');
    expect(closed.json<EvaluationRound>().status).toBe('closed');
    const late = await call(
      'POST',
      round('/ballot'),
      'member.a',
      ballot('qualified', 'qualified', 'qualified'),
    );
    expect(late.json().error.code).toBe('evaluation_wrong_status');

    expect((await call('GET', round('/tally'), 'member.a')).statusCode).toBe(403);
    expect((await call('GET', round('/tally'), 'sec.b')).statusCode).toBe(404);
    const tally = (await call('GET', round('/tally'), 'sec.a')).json<EvaluationTally>();
    expect(tally).toMatchObject({ ballots: 3, voters: 3, evaluated: 3, maxExcellent: 1 });
    const line = (id: string) => tally.lines.find((l) => l.memberId === id);
    expect(line(f.members.secA)).toMatchObject({
      ballots: { excellent: 2, qualified: 1, basically_qualified: 0, unqualified: 0 },
      peers: { excellent: 1, qualified: 1, basically_qualified: 0, unqualified: 0 },
      suggested: 'excellent',
      selfGrade: null,
    });
    expect(line(f.members.secA)?.peerComments.sort()).toEqual(['工作扎实', '带头作用明显'].sort());
    expect(line(f.members.pubA)).toMatchObject({
      ballots: { excellent: 0, qualified: 2, basically_qualified: 1, unqualified: 0 },
      peers: { qualified: 1 },
      suggested: 'qualified',
    });
    expect(line(f.members.memberA)).toMatchObject({
      ballots: { qualified: 2, unqualified: 1 },
      selfGrade: 'qualified',
      suggested: 'qualified',
    });

    const grades = (
      secA: EvaluationGrade,
      pubA: EvaluationGrade,
      memberA: EvaluationGrade,
      reason?: string,
    ) => ({
      grades: [
        { memberId: f.members.secA, grade: secA },
        { memberId: f.members.pubA, grade: pubA },
        { memberId: f.members.memberA, grade: memberA, ...(reason ? { reason } : {}) },
      ],
    });
    expect(
      (
        await call(
          'POST',
          round('/finalise'),
          'member.a',
          grades('qualified', 'qualified', 'qualified'),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call(
          'POST',
          round('/finalise'),
          'sec.b',
          grades('qualified', 'qualified', 'qualified'),
        )
      ).statusCode,
    ).toBe(404);
    // Two 优秀 of three evaluated: one third allows one.
    const tooMany = await call(
      'POST',
      round('/finalise'),
      'sec.a',
      grades('excellent', 'excellent', 'qualified'),
    );
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error).toMatchObject({
      code: 'evaluation_too_many_excellent',
      details: { excellent: 2, allowed: 1, evaluated: 3 },
    });
    const noReason = await call(
      'POST',
      round('/finalise'),
      'sec.a',
      grades('excellent', 'qualified', 'unqualified'),
    );
    expect(noReason.json().error.code).toBe('evaluation_reason_required');
    const incomplete = await call('POST', round('/finalise'), 'sec.a', {
      grades: [{ memberId: f.members.secA, grade: 'qualified' }],
    });
    expect(incomplete.json().error.code).toBe('evaluation_grades_incomplete');

    const done = await call(
      'POST',
      round('/finalise'),
      'sec.a',
      grades('excellent', 'qualified', 'basically_qualified'),
    );
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<EvaluationRound>()).toMatchObject({
      status: 'finalised',
      finalisedByName: 'sec.a',
    });
    const again = await call(
      'POST',
      round('/finalise'),
      'sec.a',
      grades('qualified', 'qualified', 'qualified'),
    );
    expect(again.json().error.code).toBe('evaluation_wrong_status');

    // The results went to the archive (党建档案) once: grades per member, nothing of the vote.
    const entries = await queryRows<{
      kind: string;
      version: number;
      org_id: string;
      content: string;
    }>(
      h().ctx.database.db,
      sql`select kind, version, org_id, content from archive_entries where ref_id = ${roundId}`,
    );
    expect(entries.map((e) => [e.kind, e.version, e.org_id])).toEqual([
      ['evaluation', 1, f.orgs.a],
    ]);
    const archived = JSON.parse(entries[0]?.content ?? '{}') as {
      year: number;
      evaluated: number;
      results: { memberId: string; grade: string; reason: string | null }[];
    };
    expect(archived).toMatchObject({ year: 2026, evaluated: 3 });
    expect(archived.results.map((r) => [r.memberId, r.grade]).sort()).toEqual(
      [
        [f.members.secA, 'excellent'],
        [f.members.pubA, 'qualified'],
        [f.members.memberA, 'basically_qualified'],
      ].sort(),
    );
    // No ballots, roll, peer ratings or self assessments: not their grades, nor their words.
    const text = entries[0]?.content ?? '';
    for (const absent of ['ballot', 'voter', 'voted', 'peer', 'self', '工作扎实', '带头作用明显']) {
      expect(text).not.toContain(absent);
    }
    expect(Object.keys(archived.results[0] ?? {}).sort()).toEqual(
      ['grade', 'memberId', 'name', 'probationary', 'reason'].sort(),
    );
  });

  it('shows each member their own result, and the committee and higher levels all of them', async () => {
    const mine = (await call('GET', round(), 'member.a')).json<EvaluationRound>();
    expect(mine.mine).toMatchObject({ finalGrade: 'basically_qualified', voted: true });
    const results = (await call('GET', '/evaluation/my-results', 'member.a')).json<
      MyEvaluationResult[]
    >();
    expect(results.map((r) => [r.year, r.grade])).toEqual([[2026, 'basically_qualified']]);
    expect(
      (await call('GET', '/evaluation/my-results', 'pub.a')).json<MyEvaluationResult[]>()[0]?.grade,
    ).toBe('qualified');
    // The tally with the final grades is for the committee and those above.
    const above = (await call('GET', round('/tally'), 'sec.general')).json<EvaluationTally>();
    expect(above.lines.map((l) => l.finalGrade).sort()).toEqual([
      'basically_qualified',
      'excellent',
      'qualified',
    ]);
    expect((await call('GET', round('/tally'), 'pub.a')).statusCode).toBe(200); // publicity officer sits on the committee
    expect((await call('GET', round('/tally'), 'member.a')).statusCode).toBe(403);

    const audit = await queryRows<{ action: string }>(
      h().ctx.database.db,
      sql`select action from audit_log where object_id = ${roundId} order by seq`,
    );
    expect(new Set(audit.map((a) => a.action))).toEqual(
      new Set([
        'evaluation.create',
        'evaluation.open',
        'evaluation.self_assess',
        'evaluation.peer_rate',
        'evaluation.vote',
        'evaluation.close',
        'evaluation.finalise',
      ]),
    );
  });
});
