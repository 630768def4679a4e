import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  electionStatus,
  idCardProblem,
  PHONE_REGEX,
  type Member,
  type Organisation,
} from '@tongxin/contract';
import { listTransfers } from '../modules/transfers/service.ts';
import { noticeTracking } from '../modules/notices/service.ts';
import { notices } from '../modules/notices/schema.ts';
import { evaluationRounds } from '../modules/evaluation/schema.ts';
import { roundTally } from '../modules/evaluation/service.ts';
import { activities, activityTopics } from '../modules/activities/schema.ts';
import { activitiesOf, buildRecord } from '../modules/activities/service.ts';
import { orgLifeMeetings } from '../modules/orglife/schema.ts';
import { orgLifeRights } from '../modules/orglife/policy.ts';
import { buildReport } from '../modules/orglife/service.ts';
import { ENGINES, openTestDatabase, testConfig, type TestDatabase } from '../test/engines.ts';
import { createServiceContext, type ServiceContext } from '../platform/context.ts';
import { listOrgs, orgDetail } from '../modules/orgs/service.ts';
import { listMembers } from '../modules/members/service.ts';
import { signIn } from '../modules/identity/sign-in.ts';
import { buildDemoPlan } from './plan.ts';
import { eq } from 'drizzle-orm';
import { users } from '../modules/identity/schema.ts';
import {
  listMessages,
  listSpaces,
  listTopics,
  requireViewer,
} from '../modules/exchange/service.ts';
import { seedDemo, type DemoAccounts } from './seed.ts';

const TODAY = '2026-11-24';
const COMMITTEE_POSTS = [
  'secretary',
  'deputy_secretary',
  'organisation_officer',
  'publicity_officer',
  'discipline_officer',
  'committee_member',
];

describe('the demo plan', () => {
  it('comes out the same on every run', () => {
    expect(buildDemoPlan(TODAY)).toEqual(buildDemoPlan(TODAY));
  });

  it('dates people plausibly against today', () => {
    const plan = buildDemoPlan(TODAY);
    const lastYear = '2025-11-24';
    for (const m of plan.members) {
      if (m.status === 'full') {
        expect(m.joinedOn, m.name).not.toBeNull();
        expect(m.fullMemberOn! > m.joinedOn!, m.name).toBe(true);
        expect(m.fullMemberOn! <= TODAY, m.name).toBe(true);
      } else if (m.status === 'probationary') {
        expect(m.joinedOn! > lastYear && m.joinedOn! <= TODAY, m.name).toBe(true);
      } else {
        expect([m.joinedOn, m.fullMemberOn], m.name).toEqual([null, null]);
      }
    }
    const years = plan.members.map((m) => Number(m.birthDate.slice(0, 4)));
    expect(Math.min(...years)).toBeLessThan(1960);
    expect(Math.max(...years)).toBeGreaterThanOrEqual(2000);
  });
});

describe('the demo plan’s personal data and transfers', () => {
  it('gives everyone a valid, unique, invented ID card number and a phone', () => {
    const plan = buildDemoPlan(TODAY);
    for (const m of plan.members) {
      expect(
        idCardProblem(m.idCard, { birthDate: m.birthDate, gender: m.gender }),
        m.name,
      ).toBeNull();
      expect(m.idCard.startsWith('99'), m.name).toBe(true);
      expect(m.phone).toMatch(PHONE_REGEX);
    }
    expect(new Set(plan.members.map((m) => m.idCard)).size).toBe(plan.members.length);
    expect(new Set(plan.members.map((m) => m.phone)).size).toBe(plan.members.length);
    expect(plan.transfers.filter((t) => t.accepted)).toHaveLength(2);
    expect(plan.transfers.filter((t) => !t.accepted)).toHaveLength(1);
  });
});

describe.each(ENGINES)('demo seed on %s', (engine) => {
  let testDb: TestDatabase;
  let ctx: ServiceContext;
  let dir: string;
  let accountsFile: string;
  let seeded: DemoAccounts;
  let orgs: Organisation[];
  const membersOf = new Map<string, Member[]>();

  beforeAll(async () => {
    testDb = await openTestDatabase(engine);
    ctx = createServiceContext(testDb.database, testConfig());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-demo-'));
    accountsFile = path.join(dir, 'demo-accounts.json');
    seeded = await seedDemo(ctx, accountsFile, { today: TODAY });
    orgs = await listOrgs(ctx, 'all');
    for (const branch of orgs.filter((o) => o.kind === 'branch')) {
      const { items } = await listMembers(ctx, branch.id, { limit: 200 });
      membersOf.set(branch.id, items);
    }
  });

  afterAll(async () => {
    await testDb?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const branches = () => orgs.filter((o) => o.kind === 'branch');
  const fullMembers = (branchId: string) =>
    (membersOf.get(branchId) ?? []).filter((m) => m.status === 'full');

  it('builds a committee, a general branch, four branches and their party groups', () => {
    expect(orgs.filter((o) => o.kind === 'committee').map((o) => o.name)).toEqual([
      '中共青山区科技园区委员会',
    ]);
    const general = orgs.filter((o) => o.kind === 'general_branch');
    expect(general).toHaveLength(1);
    expect(branches()).toHaveLength(4);
    expect(branches().filter((b) => b.parentId === general[0]!.id)).toHaveLength(2);
    for (const branch of branches()) {
      const groups = orgs.filter((o) => o.parentId === branch.id);
      expect(groups.length, branch.name).toBeGreaterThanOrEqual(2);
      expect(groups.length, branch.name).toBeLessThanOrEqual(3);
      expect(groups.every((g) => g.kind === 'group')).toBe(true);
      expect(branch.termStartedOn, branch.name).not.toBeNull();
    }
    const elections = branches().map((b) => b.nextElectionOn!);
    expect(elections.some((d) => d > TODAY && d <= '2027-02-28')).toBe(true);
  });

  it('tells a dated history: founded years ago, one rename a year ago, one election due soon', async () => {
    const rnd = orgs.find((o) => o.name === '研发中心党支部');
    if (!rnd) throw new Error('no 研发中心党支部');
    const { history } = await orgDetail(ctx, rnd.id);
    const rename = history.find((h) => h.action === 'rename');
    expect(rename).toMatchObject({ oldValue: '技术中心党支部', newValue: '研发中心党支部' });
    expect(rename?.at.slice(0, 4)).toBe('2025');
    expect(history.at(-1)).toMatchObject({ action: 'create', newValue: '技术中心党支部' });
    expect(history.at(-1)?.at.slice(0, 4)).toBe('2020');
    const due = branches().filter((b) => electionStatus(b.nextElectionOn, TODAY) === 'due_soon');
    expect(due.map((b) => b.name)).toEqual(['机关第一党支部']);
  });

  it('has about sixty members, at least three full members in every branch', () => {
    const total = [...membersOf.values()].reduce((n, items) => n + items.length, 0);
    expect(total).toBeGreaterThanOrEqual(55);
    expect(total).toBeLessThanOrEqual(65);
    for (const branch of branches()) {
      expect(fullMembers(branch.id).length, branch.name).toBeGreaterThanOrEqual(3);
    }
    const all = [...membersOf.values()].flat();
    const count = (pred: (m: Member) => boolean) => all.filter(pred).length;
    expect(count((m) => m.status === 'full')).toBeGreaterThan(all.length * 0.7);
    for (const status of ['probationary', 'candidate', 'activist', 'applicant'] as const) {
      expect(
        count((m) => m.status === status),
        status,
      ).toBeGreaterThan(0);
    }
    expect(count((m) => m.condition === 'mobile_out')).toBeGreaterThanOrEqual(1);
    expect(count((m) => m.condition === 'mobile_out')).toBeLessThanOrEqual(2);
    expect(count((m) => m.condition === 'lost_contact')).toBeLessThanOrEqual(1);
    expect(count((m) => m.ethnicity !== '汉族')).toBeGreaterThan(0);
    expect(count((m) => m.gender === 'female')).toBeGreaterThan(all.length * 0.25);
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
  });

  it('puts every member in a party group of their own branch, each group with a leader', async () => {
    for (const branch of branches()) {
      const groupIds = orgs.filter((o) => o.parentId === branch.id).map((o) => o.id);
      for (const m of membersOf.get(branch.id) ?? []) {
        expect(groupIds, m.name).toContain(m.groupId);
      }
    }
    for (const group of orgs.filter((o) => o.kind === 'group')) {
      const { posts } = await orgDetail(ctx, group.id);
      expect(
        posts.filter((p) => p.post === 'group_leader'),
        group.name,
      ).toHaveLength(1);
      expect(group.memberCount, group.name).toBeGreaterThan(0);
    }
  });

  it('gives branches of seven or more a committee of 3–5 and smaller ones a secretary', async () => {
    let small = 0;
    for (const branch of branches()) {
      const posts = (await orgDetail(ctx, branch.id)).posts.map((p) => p.post);
      expect(posts, branch.name).toContain('secretary');
      if (fullMembers(branch.id).length >= 7) {
        const committee = posts.filter((p) => COMMITTEE_POSTS.includes(p));
        expect(committee.length, branch.name).toBeGreaterThanOrEqual(3);
        expect(committee.length, branch.name).toBeLessThanOrEqual(5);
      } else {
        small++;
        expect(
          posts.every((p) => p === 'secretary' || p === 'deputy_secretary'),
          branch.name,
        ).toBe(true);
      }
    }
    expect(small).toBe(1);
  });

  it('writes the accounts file privately, and every account in it can sign in', async () => {
    expect(fs.statSync(accountsFile).mode & 0o777).toBe(0o600);
    const file = JSON.parse(fs.readFileSync(accountsFile, 'utf8')) as DemoAccounts;
    expect(file).toEqual(seeded);
    expect(file.accounts.length).toBeGreaterThanOrEqual(30);
    expect(file.accounts.slice(0, 3).map((a) => a.role)).toEqual([
      '系统管理员',
      '安全管理员',
      '审计管理员',
    ]);
    const roles = file.accounts.flatMap((a) => a.role.split('；'));
    for (const branch of branches()) expect(roles).toContain(`${branch.name} 书记`);
    expect(new Set(file.accounts.map((a) => a.password)).size).toBe(file.accounts.length);
    for (const account of file.accounts) {
      expect(account.username).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/);
      const outcome = await signIn(ctx, {
        username: account.username,
        password: account.password,
        ip: null,
        userAgent: 'seed.test',
        previousToken: null,
      });
      if (outcome.kind !== 'session') throw new Error('no second factor is enrolled in the demo');
      const { me } = outcome;
      expect(me.displayName).toBe(account.displayName);
      expect(me.mustChangePassword).toBe(false);
      expect(me.adminRole === null).toBe(me.memberId !== null);
    }
  });

  it('stores personal data encrypted and shows it masked, with transfers in the history', async () => {
    const all = [...membersOf.values()].flat();
    expect(
      all.every((m) => m.idCardMasked?.startsWith('99') && m.phoneMasked?.includes('****')),
    ).toBe(true);
    const transfers = await listTransfers(
      ctx,
      orgs.map((o) => o.id),
      { direction: 'all' },
      { rosterScope: [] },
    );
    expect(transfers.items.map((t) => t.state).sort()).toEqual([
      'accepted',
      'accepted',
      'requested',
    ]);
    expect(transfers.items.every((t) => t.requestedByName !== 'demo-seed')).toBe(true);
  });

  it('gives the organisation a few months of exchange, read except for two fresh messages', async () => {
    const file = JSON.parse(fs.readFileSync(accountsFile, 'utf8')) as DemoAccounts;
    const secretary = file.accounts.find((a) => a.role.includes('机关第一党支部 书记'));
    const [row] = await ctx.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, secretary?.username ?? ''));
    const viewer = await requireViewer(ctx, row?.id ?? '');
    const spaces = await listSpaces(ctx, viewer, false);
    // Their branch, their 党小组 and the 党委 they serve on; the announcements; a conversation.
    expect(spaces.map((sp) => sp.kind)).toEqual(['announcement', 'org', 'org', 'org', 'dm']);
    const branch = spaces.find((sp) => sp.name === '机关第一党支部');
    const topics = await listTopics(ctx, viewer, branch?.id ?? '', { limit: 50 });
    expect(topics.items.length).toBeGreaterThanOrEqual(3);
    expect(topics.items.every((t) => t.topic.tags.length === 1)).toBe(true);
    const oldest = topics.items.map((t) => t.topic.createdAt).sort()[0] ?? '';
    expect(oldest < '2026-09-01').toBe(true);
    // The secretary wrote one of the fresh messages and has not read the other.
    expect(branch?.unread).toBe(1);
    // The latest conversation (not the topic a published activity opened: see below).
    const opened = new Set(
      (await ctx.database.db.select({ id: activityTopics.topicId }).from(activityTopics)).map(
        (t) => t.id,
      ),
    );
    const latest = topics.items.find((t) => !opened.has(t.topic.id));
    const page = await listMessages(ctx, viewer, latest?.topic.id ?? '', {});
    expect(page.items.some((m) => m.reactions.length > 0)).toBe(true);
    expect(page.items.some((m) => m.replyTo !== null)).toBe(true);
  });

  it('sends a few notices, partly read and acknowledged, in the secretaries’ names', async () => {
    // Besides the notice sent when an activity is published (see the activities test below).
    const called = new Set(
      (await ctx.database.db.select({ id: activities.noticeId }).from(activities)).map((a) => a.id),
    );
    const sent = (await ctx.database.db.select().from(notices).orderBy(notices.sentAt)).filter(
      (n) => !called.has(n.id),
    );
    expect(sent.map((n) => n.title)).toEqual([
      '关于开展2026年度民主评议党员工作的通知',
      '关于召开十二月支部党员大会的通知',
      '请提交第四季度学习心得',
    ]);
    for (const n of sent) {
      expect(n.senderName).not.toBe('demo-seed');
      const { counts } = await noticeTracking(ctx.database.db, n);
      expect(counts.read, n.title).toBeGreaterThan(0);
      expect(counts.read, n.title).toBeLessThan(counts.recipients);
      if (n.requiresAck) expect(counts.acknowledged, n.title).toBeGreaterThan(0);
      expect(counts.acknowledged, n.title).toBeLessThan(counts.recipients);
    }
    // The committee's notice reached the whole tree, the branches' only their own.
    const [whole, office, rnd] = sent;
    expect(
      whole && office && rnd && whole.recipientCount > office.recipientCount + rnd.recipientCount,
    ).toBe(true);
  });

  it('holds last year’s democratic evaluation, finalised within the one-third rule', async () => {
    const rounds = await ctx.database.db.select().from(evaluationRounds);
    expect(rounds.map((r) => [r.year, r.status])).toEqual([[2025, 'finalised']]);
    const [round] = rounds;
    if (!round) throw new Error('no evaluation');
    const tally = await roundTally(ctx.database.db, round);
    expect(tally.ballots).toBe(tally.voters);
    const finals = tally.lines.map((l) => l.finalGrade);
    expect(finals.every((g) => g !== null)).toBe(true);
    const excellent = finals.filter((g) => g === 'excellent').length;
    expect(excellent).toBeGreaterThan(0);
    expect(excellent).toBeLessThanOrEqual(Math.floor(tally.evaluated / 3));
  });

  it('gives 机关第一党支部 a year of 三会一课 that respects the rules', async () => {
    const office1 = orgs.find((o) => o.name === '机关第一党支部')?.id ?? '';
    const rnd = orgs.find((o) => o.name === '研发中心党支部')?.id ?? '';
    const year = await activitiesOf(ctx.database.db, office1, {
      from: new Date('2025-11-24T00:00:00+08:00'),
    });
    const group = orgs.find((o) => o.parentId === office1 && o.name === '第一党小组')?.id ?? '';
    year.push(...(await activitiesOf(ctx.database.db, group, { from: year[0]?.startsAt })));
    const count = (type: string) => year.filter((a) => a.type === type).length;
    expect(count('committee_meeting')).toBeGreaterThanOrEqual(5);
    expect(count('group_meeting')).toBeGreaterThanOrEqual(5);
    expect(count('themed_day')).toBeGreaterThanOrEqual(5);
    expect(count('branch_general_meeting')).toBeGreaterThanOrEqual(4);
    expect(count('party_lecture')).toBeGreaterThanOrEqual(4);
    expect(year.filter((a) => a.status === 'finalised').length).toBeGreaterThan(15);
    // The joint activity counts for the partner branch too.
    const joint = await activitiesOf(ctx.database.db, rnd, { type: 'joint_activity' });
    expect(joint).toHaveLength(1);
    for (const row of year.filter((a) => a.status !== 'draft' && a.startsAt < new Date(TODAY))) {
      const record = await buildRecord(ctx.database.db, row);
      const { counts } = record;
      expect(counts.present + counts.absent + counts.leave, row.title).toBe(counts.expected);
      if (row.type === 'branch_general_meeting') {
        expect(counts.votingPresent * 2 > counts.votingExpected, row.title).toBe(true);
        expect(
          record.minutes.resolutions.every((r) => r.passed),
          row.title,
        ).toBe(true);
      }
    }
    // Coming up: published with its notice and topic.
    const next = year.find((a) => a.startsAt > new Date(TODAY) && a.status === 'published');
    expect(next?.noticeId).toBeTruthy();
  });

  it('holds last year’s org life meeting: opinions, criticisms, items closed and one overdue', async () => {
    const [meeting, ...others] = await ctx.database.db.select().from(orgLifeMeetings);
    expect(others).toEqual([]);
    if (!meeting) throw new Error('no org life meeting');
    expect(meeting).toMatchObject({ year: 2025, meetingDate: '2025-12-18', status: 'rectifying' });
    expect(orgs.find((o) => o.id === meeting.orgId)?.name).toBe('机关第一党支部');
    const rights = await orgLifeRights(ctx, {
      userId: meeting.createdBy,
      adminRole: null,
      memberId:
        (await ctx.database.db.select().from(users).where(eq(users.id, meeting.createdBy)))[0]
          ?.memberId ?? null,
    });
    const report = await buildReport(ctx, rights, meeting, new Date(`${TODAY}T04:00:00Z`));
    expect(report.opinions.total).toBe(5);
    expect(report.opinions.fromMasses).toBe(1);
    expect(report.opinions.anonymous).toBe(1);
    expect(report.members.filter((m) => m.selfCriticismExcerpt).length).toBeGreaterThan(5);
    expect(report.members.reduce((n, m) => n + m.criticismsReceived, 0)).toBe(5);
    expect(report.rectifications.map((r) => [r.status, r.overdue])).toEqual([
      ['done', false],
      ['done', false],
      ['in_progress', true],
      ['open', false],
    ]);
    expect(report.rectifications.filter((r) => r.closedByName === 'demo-seed')).toEqual([]);
  });

  it('refuses to seed a database that is already set up', async () => {
    const second = path.join(dir, 'second.json');
    await expect(seedDemo(ctx, second)).rejects.toThrow(/already set up/);
    expect(fs.existsSync(second)).toBe(false);
  });
});
