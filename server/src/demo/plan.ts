import type {
  AdminRole,
  Gender,
  MemberCondition,
  MemberStatus,
  OrgKind,
  Post,
} from '@tongxin/contract';
import { idCardCheckChar } from '@tongxin/contract';
import { addDays, addMonths, addYears } from './dates.ts';
import { nameGenerator, usernameAllocator, type Generation } from './names.ts';
import { mulberry32 } from './random.ts';

/**
 * The demo organisation, worked out in full before anything touches the database: a fixed
 * seed gives the same people every run; dates are counted back from `today`, so the demo
 * always looks current (probations running, one branch due for re-election soon).
 */

export const ROOT_NAME = '中共青山区科技园区委员会';
const ROOT_KEY = 'root';
const GENERAL_KEY = 'general';
const SEED = 0x5eed2026;

export const POST_LABELS: Record<Post, string> = {
  secretary: '书记',
  deputy_secretary: '副书记',
  organisation_officer: '组织委员',
  publicity_officer: '宣传委员',
  discipline_officer: '纪检委员',
  committee_member: '委员',
  group_leader: '组长',
};

export const ADMIN_LABELS: Record<AdminRole, string> = {
  system: '系统管理员',
  security: '安全管理员',
  audit: '审计管理员',
};

const ADMINISTRATORS: Record<AdminRole, { username: string; displayName: string }> = {
  system: { username: 'sysadmin', displayName: '韩志远' },
  security: { username: 'secadmin', displayName: '宋雅琴' },
  audit: { username: 'auditor', displayName: '唐文清' },
};

// ---------------------------------------------------------------------------------------------
// The people, branch by branch

type Band = 'retired' | 'senior' | 'mid' | 'young';

const BANDS: Record<
  Band,
  { ages: [number, number]; names: readonly Generation[]; male: number; joinAges: [number, number] }
> = {
  retired: { ages: [65, 76], names: ['older'], male: 0.7, joinAges: [21, 35] },
  senior: { ages: [46, 58], names: ['older', 'middle', 'middle'], male: 0.65, joinAges: [21, 32] },
  mid: { ages: [33, 45], names: ['middle'], male: 0.55, joinAges: [20, 28] },
  young: { ages: [22, 32], names: ['younger'], male: 0.5, joinAges: [19, 26] },
};

type HigherOrg = typeof ROOT_KEY | typeof GENERAL_KEY;

interface Slot {
  band: Band;
  job: string;
  group: number;
  status?: MemberStatus;
  condition?: MemberCondition;
  education?: string;
  /** 汉族 unless given. */
  ethnicity?: string;
  /** Posts on the branch committee. */
  posts?: readonly Post[];
  /** Leads the 党小组 the member is in. */
  leads?: true;
  /** Posts on the 党总支 or the 基层党委, held alongside branch membership. */
  above?: readonly { org: HigherOrg; post: Post }[];
  /** An account even without a post. */
  account?: true;
}

interface BranchSpec {
  key: string;
  name: string;
  parent: HigherOrg;
  /** Months since the committee (or secretary) was elected; a term is 3 years. */
  termMonthsAgo: number;
  unit: string;
  education: Partial<Record<Band, readonly string[]>>;
  groups: readonly string[];
  slots: readonly Slot[];
}

const OFFICE_EDUCATION = {
  senior: ['大学本科', '大学本科', '硕士研究生'],
  mid: ['硕士研究生', '大学本科', '大学本科'],
  young: ['大学本科', '硕士研究生', '硕士研究生'],
} as const;

const GENERAL_BRANCH = { key: GENERAL_KEY, name: '机关党总支', termMonthsAgo: 14 };
const ROOT_POSTS_MONTHS_AGO = 30;

const BRANCHES: readonly BranchSpec[] = [
  {
    key: 'office1',
    name: '机关第一党支部',
    parent: GENERAL_KEY,
    // Elected almost three years ago: 换届 is due in a month or two.
    termMonthsAgo: 34,
    unit: '青山区科技园区管委会',
    education: OFFICE_EDUCATION,
    groups: ['第一党小组', '第二党小组', '第三党小组'],
    slots: [
      {
        band: 'senior',
        job: '党群工作部部长',
        group: 0,
        posts: ['secretary'],
        above: [{ org: ROOT_KEY, post: 'organisation_officer' }],
      },
      { band: 'senior', job: '办公室主任', group: 1, posts: ['deputy_secretary'] },
      { band: 'mid', job: '党群工作部副部长', group: 2, posts: ['organisation_officer'] },
      {
        band: 'mid',
        job: '一级主任科员',
        group: 0,
        posts: ['publicity_officer'],
        above: [{ org: GENERAL_KEY, post: 'publicity_officer' }],
      },
      {
        band: 'mid',
        job: '纪检监察室主任',
        group: 1,
        posts: ['discipline_officer'],
        ethnicity: '回族',
      },
      { band: 'mid', job: '二级主任科员', group: 0, leads: true },
      { band: 'senior', job: '四级调研员', group: 1, leads: true },
      { band: 'mid', job: '经济发展局副局长', group: 2, leads: true },
      {
        band: 'senior',
        job: '管委会主任',
        group: 2,
        above: [{ org: ROOT_KEY, post: 'secretary' }],
      },
      {
        band: 'senior',
        job: '管委会副主任',
        group: 0,
        above: [{ org: ROOT_KEY, post: 'deputy_secretary' }],
      },
      {
        band: 'senior',
        job: '管委会副主任',
        group: 1,
        above: [{ org: GENERAL_KEY, post: 'secretary' }],
      },
      { band: 'young', job: '一级科员', group: 2, account: true },
      { band: 'mid', job: '三级主任科员', group: 0 },
      { band: 'young', job: '二级科员', group: 1, account: true },
      { band: 'young', job: '科员', group: 2, status: 'probationary', account: true },
      { band: 'young', job: '科员', group: 0, status: 'candidate' },
      { band: 'young', job: '科员', group: 1, status: 'activist' },
    ],
  },
  {
    key: 'office2',
    name: '机关第二党支部',
    parent: GENERAL_KEY,
    termMonthsAgo: 20,
    unit: '青山区科技园区管委会',
    education: OFFICE_EDUCATION,
    groups: ['第一党小组', '第二党小组'],
    slots: [
      { band: 'senior', job: '企业服务局局长', group: 0, posts: ['secretary'] },
      {
        band: 'mid',
        job: '规划建设局副局长',
        group: 1,
        posts: ['organisation_officer'],
        above: [{ org: GENERAL_KEY, post: 'organisation_officer' }],
      },
      { band: 'mid', job: '一级主任科员', group: 0, posts: ['publicity_officer'] },
      { band: 'mid', job: '二级主任科员', group: 0, leads: true },
      { band: 'mid', job: '财政金融局副局长', group: 1, leads: true },
      {
        band: 'senior',
        job: '纪工委书记',
        group: 1,
        above: [{ org: ROOT_KEY, post: 'discipline_officer' }],
      },
      { band: 'senior', job: '规划建设局局长', group: 0 },
      { band: 'mid', job: '三级主任科员', group: 1 },
      { band: 'young', job: '四级主任科员', group: 0 },
      { band: 'young', job: '一级科员', group: 1, account: true },
      { band: 'young', job: '科员', group: 0, ethnicity: '满族' },
      { band: 'young', job: '科员', group: 1, status: 'probationary', account: true },
      { band: 'young', job: '科员', group: 0, status: 'candidate' },
      { band: 'young', job: '科员', group: 1, status: 'applicant' },
    ],
  },
  {
    key: 'rnd',
    name: '研发中心党支部',
    parent: ROOT_KEY,
    termMonthsAgo: 8,
    unit: '青山区科技园区产业技术研发中心',
    education: {
      senior: ['博士研究生', '博士研究生', '硕士研究生'],
      mid: ['硕士研究生', '博士研究生', '硕士研究生', '大学本科'],
      young: ['硕士研究生', '大学本科', '大学本科', '博士研究生'],
    },
    groups: ['第一党小组', '第二党小组', '第三党小组'],
    slots: [
      { band: 'senior', job: '副主任、正高级工程师', group: 0, posts: ['secretary'] },
      { band: 'mid', job: '综合管理部部长', group: 1, posts: ['deputy_secretary'] },
      { band: 'mid', job: '高级工程师', group: 2, posts: ['organisation_officer'] },
      { band: 'mid', job: '工程师', group: 0, posts: ['publicity_officer'] },
      { band: 'mid', job: '质量管理部经理', group: 1, posts: ['discipline_officer'] },
      { band: 'mid', job: '高级工程师', group: 0, leads: true },
      { band: 'mid', job: '高级工程师', group: 1, leads: true, ethnicity: '蒙古族' },
      { band: 'mid', job: '项目经理', group: 2, leads: true },
      {
        band: 'senior',
        job: '主任、研究员',
        group: 2,
        above: [{ org: ROOT_KEY, post: 'publicity_officer' }],
      },
      { band: 'mid', job: '副研究员', group: 0 },
      { band: 'young', job: '工程师', group: 1, account: true },
      { band: 'young', job: '工程师', group: 2, account: true, ethnicity: '壮族' },
      { band: 'young', job: '工程师（外派驻外项目）', group: 0, condition: 'mobile_out' },
      {
        band: 'young',
        job: '原助理工程师（已离职）',
        group: 1,
        condition: 'lost_contact',
        education: '大学本科',
      },
      { band: 'mid', job: '高级工程师', group: 2 },
      { band: 'young', job: '助理研究员', group: 0, account: true },
      { band: 'young', job: '工程师', group: 1 },
      { band: 'young', job: '工程师', group: 2, status: 'probationary', account: true },
      { band: 'young', job: '助理工程师', group: 0, status: 'probationary' },
      { band: 'young', job: '工程师', group: 1, status: 'candidate' },
      { band: 'young', job: '助理工程师', group: 2, status: 'activist' },
      { band: 'young', job: '实验员', group: 0, status: 'activist', education: '大专' },
      { band: 'young', job: '技术员', group: 1, status: 'applicant', education: '大专' },
    ],
  },
  {
    key: 'retired',
    name: '离退休干部党支部',
    parent: ROOT_KEY,
    // Six members: below the seven that call for a committee, so a secretary alone.
    termMonthsAgo: 28,
    unit: '青山区科技园区管委会',
    education: { retired: ['大专', '高中', '大学本科', '中专', '高中'] },
    groups: ['第一党小组', '第二党小组'],
    slots: [
      { band: 'retired', job: '已退休（原办公室主任）', group: 0, posts: ['secretary'] },
      { band: 'retired', job: '已退休', group: 0, leads: true },
      { band: 'retired', job: '已退休', group: 1, leads: true },
      { band: 'retired', job: '已退休', group: 1, account: true, ethnicity: '满族' },
      { band: 'retired', job: '已退休', group: 0 },
      { band: 'retired', job: '已退休（随子女异地居住）', group: 1, condition: 'mobile_out' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// The plan

export interface DemoOrgPlan {
  key: string;
  parentKey: string;
  kind: OrgKind;
  name: string;
  termStartedOn: string | null;
}

export interface DemoMemberPlan {
  key: string;
  branchKey: string;
  groupKey: string;
  name: string;
  gender: Gender;
  ethnicity: string;
  birthDate: string;
  education: string;
  unit: string;
  job: string;
  joinedOn: string | null;
  fullMemberOn: string | null;
  status: MemberStatus;
  condition: MemberCondition;
  /** Invented: region 99xx00 exists nowhere, but the check character is right. */
  idCard: string;
  /** Invented, in the 199 0xxx range. */
  phone: string;
}

/** A membership transfer in the demo's history: accepted, or still waiting. */
export interface DemoTransferPlan {
  memberKey: string;
  toBranchKey: string;
  /** The 党小组 of the new branch, for accepted transfers. */
  toGroupKey: string | null;
  reason: string;
  accepted: boolean;
}

export interface DemoPostPlan {
  orgKey: string;
  memberKey: string;
  post: Post;
  termStartedOn: string;
}

export interface DemoAccountPlan {
  username: string;
  displayName: string;
  memberKey: string | null;
  adminRole: AdminRole | null;
  /** e.g. 系统管理员, 机关第一党支部 书记, 党员 */
  role: string;
  organisation: string;
}

export interface DemoPlan {
  rootName: string;
  /** Organisations below the root, parents before children. */
  orgs: DemoOrgPlan[];
  members: DemoMemberPlan[];
  posts: DemoPostPlan[];
  transfers: DemoTransferPlan[];
  /** Administrators first, then office holders from the top down, then ordinary members. */
  accounts: DemoAccountPlan[];
  /** When the organisations below the root were founded, for their history. */
  foundedOn: string;
  /** Earlier names: the organisation is founded under formerName and renamed on the day. */
  renames: DemoRenamePlan[];
}

export interface DemoRenamePlan {
  orgKey: string;
  formerName: string;
  on: string;
  reason: string;
}

/**
 * Two completed transfers and one waiting. Only members short of full membership move, so
 * every branch keeps the full members (and committee) it was planned with.
 */
const TRANSFERS: DemoTransferPlan[] = [
  {
    memberKey: 'office1.m17',
    toBranchKey: 'rnd',
    toGroupKey: 'rnd.g2',
    reason: '工作调动至产业技术研发中心',
    accepted: true,
  },
  {
    memberKey: 'office2.m14',
    toBranchKey: 'office1',
    toGroupKey: 'office1.g3',
    reason: '内设机构调整，调入党群工作部',
    accepted: true,
  },
  {
    memberKey: 'office1.m16',
    toBranchKey: 'office2',
    toGroupKey: null,
    reason: '借调至企业服务局，组织关系随转',
    accepted: false,
  },
];

/** 18 characters per GB 11643 with a region code no place has (99xx00). */
function demoIdCard(branchIndex: number, slot: number, birthDate: string, gender: Gender): string {
  const region = `99${String(branchIndex + 1).padStart(2, '0')}00`;
  // The sequence's last digit is odd for men and even for women.
  const sequence = String(10 + slot * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = `${region}${birthDate.replaceAll('-', '')}${sequence}`;
  return first17 + idCardCheckChar(first17);
}

const ORG_ORDER = [ROOT_KEY, GENERAL_KEY, ...BRANCHES.map((b) => b.key)];
const groupKey = (branchKey: string, index: number) => `${branchKey}.g${index + 1}`;

function memberDates(
  rng: ReturnType<typeof mulberry32>,
  today: string,
  band: Band,
  status: MemberStatus,
  officer: boolean,
) {
  const { ages, joinAges } = BANDS[band];
  const age = rng.int(ages[0], ages[1]);
  const birthDate = addDays(addYears(today, -age), -rng.int(0, 364));
  // Officers were full members before their term began (terms are at most 3 years old).
  const latestJoinAge = Math.min(joinAges[1], age - (officer ? 5 : 2));
  const joinAge = rng.int(Math.min(joinAges[0], latestJoinAge), latestJoinAge);
  const joinOffset = rng.int(0, 300);
  const probationDays = rng.int(20, 340);
  if (status === 'full') {
    const joinedOn = addDays(addYears(birthDate, joinAge), joinOffset);
    // 预备期 is one year; full membership counts from the day it ends.
    return { age, birthDate, joinedOn, fullMemberOn: addYears(joinedOn, 1) };
  }
  if (status === 'probationary') {
    return { age, birthDate, joinedOn: addDays(today, -probationDays), fullMemberOn: null };
  }
  return { age, birthDate, joinedOn: null, fullMemberOn: null };
}

/** Nobody holds a master's degree at 23 or a doctorate at 26. */
function plausibleEducation(education: string, age: number): string {
  if (age < 25 && (education === '硕士研究生' || education === '博士研究生')) return '大学本科';
  if (age < 28 && education === '博士研究生') return '硕士研究生';
  return education;
}

/** Terms start on the first of a month, as elections are usually reported. */
const termStart = (today: string, monthsAgo: number) =>
  `${addMonths(today, -monthsAgo).slice(0, 8)}01`;

export function buildDemoPlan(today: string): DemoPlan {
  const rng = mulberry32(SEED);
  const adminNames = Object.values(ADMINISTRATORS).map((a) => a.displayName);
  const nextName = nameGenerator(rng, adminNames);
  const nextUsername = usernameAllocator(Object.values(ADMINISTRATORS).map((a) => a.username));

  const generalTerm = termStart(today, GENERAL_BRANCH.termMonthsAgo);
  const rootPostsTerm = termStart(today, ROOT_POSTS_MONTHS_AGO);
  const orgs: DemoOrgPlan[] = [
    {
      key: GENERAL_KEY,
      parentKey: ROOT_KEY,
      kind: 'general_branch',
      name: GENERAL_BRANCH.name,
      termStartedOn: generalTerm,
    },
  ];
  const orgNames = new Map<string, string>([
    [ROOT_KEY, ROOT_NAME],
    [GENERAL_KEY, GENERAL_BRANCH.name],
  ]);
  const members: DemoMemberPlan[] = [];
  const posts: DemoPostPlan[] = [];
  const wantsAccount = new Set<string>();
  const usernames = new Map<string, string>();

  BRANCHES.forEach((branch, branchIndex) => {
    const term = termStart(today, branch.termMonthsAgo);
    orgs.push({
      key: branch.key,
      parentKey: branch.parent,
      kind: 'branch',
      name: branch.name,
      termStartedOn: term,
    });
    orgNames.set(branch.key, branch.name);
    branch.groups.forEach((name, i) => {
      const key = groupKey(branch.key, i);
      orgs.push({ key, parentKey: branch.key, kind: 'group', name, termStartedOn: null });
      orgNames.set(key, `${branch.name}${name}`);
    });

    branch.slots.forEach((slot, i) => {
      const key = `${branch.key}.m${i + 1}`;
      const band = BANDS[slot.band];
      const status = slot.status ?? 'full';
      const officer = Boolean(slot.posts?.length || slot.leads || slot.above?.length);
      const gender: Gender = rng.chance(band.male) ? 'male' : 'female';
      const person = nextName(gender, rng.pick(band.names));
      const { age, ...dates } = memberDates(rng, today, slot.band, status, officer);
      const education = plausibleEducation(
        slot.education ?? rng.pick(branch.education[slot.band] ?? ['大学本科']),
        age,
      );
      members.push({
        key,
        branchKey: branch.key,
        groupKey: groupKey(branch.key, slot.group),
        name: person.name,
        gender,
        ethnicity: slot.ethnicity ?? '汉族',
        education,
        unit: branch.unit,
        job: slot.job,
        status,
        condition: slot.condition ?? 'normal',
        ...dates,
        // Derived from the position, not the random stream, so the people stay as they were.
        idCard: demoIdCard(branchIndex, i, dates.birthDate, gender),
        phone: `1990${String(branchIndex + 1).padStart(2, '0')}${String(i + 1).padStart(5, '0')}`,
      });
      usernames.set(key, person.latin);
      for (const post of slot.posts ?? []) {
        posts.push({ orgKey: branch.key, memberKey: key, post, termStartedOn: term });
      }
      if (slot.leads) {
        posts.push({
          orgKey: groupKey(branch.key, slot.group),
          memberKey: key,
          post: 'group_leader',
          termStartedOn: term,
        });
      }
      for (const { org, post } of slot.above ?? []) {
        const termStartedOn = org === ROOT_KEY ? rootPostsTerm : generalTerm;
        posts.push({ orgKey: org, memberKey: key, post, termStartedOn });
      }
      if (slot.account) wantsAccount.add(key);
    });
  });

  // Accounts: the administrators, everyone holding a post (once, however many posts), then
  // the ordinary members chosen above.
  const accounts: DemoAccountPlan[] = (Object.keys(ADMINISTRATORS) as AdminRole[]).map((role) => ({
    ...ADMINISTRATORS[role],
    memberKey: null,
    adminRole: role,
    role: ADMIN_LABELS[role],
    organisation: ROOT_NAME,
  }));
  const rank = (orgKey: string) => {
    const top = ORG_ORDER.indexOf(orgKey);
    return top >= 0 ? top : ORG_ORDER.length + ORG_ORDER.indexOf(orgKey.split('.')[0] ?? '');
  };
  const officePosts = [...posts].sort((a, b) => rank(a.orgKey) - rank(b.orgKey));
  const holders = [...new Set(officePosts.map((p) => p.memberKey))];
  const memberByKey = new Map(members.map((m) => [m.key, m]));
  const personal = (key: string): { member: DemoMemberPlan; username: string } => {
    const member = memberByKey.get(key);
    const latin = usernames.get(key);
    if (!member || !latin) throw new Error(`demo plan: unknown member ${key}`);
    return { member, username: nextUsername(latin) };
  };
  for (const key of holders) {
    const { member, username } = personal(key);
    const held = officePosts.filter((p) => p.memberKey === key);
    accounts.push({
      username,
      displayName: member.name,
      memberKey: key,
      adminRole: null,
      role: held.map((p) => `${orgNames.get(p.orgKey) ?? ''} ${POST_LABELS[p.post]}`).join('；'),
      organisation: orgNames.get(held[0]?.orgKey ?? member.branchKey) ?? '',
    });
  }
  for (const key of wantsAccount) {
    if (holders.includes(key)) continue;
    const { member, username } = personal(key);
    accounts.push({
      username,
      displayName: member.name,
      memberKey: key,
      adminRole: null,
      role: member.status === 'probationary' ? '预备党员' : '党员',
      organisation: orgNames.get(member.branchKey) ?? '',
    });
  }

  // The research centre was the technology centre until a year ago: one rename in the history.
  const renames: DemoRenamePlan[] = [
    {
      orgKey: 'rnd',
      formerName: '技术中心党支部',
      on: addYears(today, -1),
      reason: '技术中心更名为产业技术研发中心，支部随之更名',
    },
  ];
  return {
    rootName: ROOT_NAME,
    orgs,
    members,
    posts,
    accounts,
    foundedOn: addYears(today, -6),
    renames,
    transfers: TRANSFERS,
  };
}
