import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SetupPlan } from '@tongxin/contract';
import type { ServiceContext } from '../platform/context.ts';
import { operatorActor, recordAudit, type Actor } from '../platform/audit/audit.ts';
import { AppError } from '../platform/http/errors.ts';
import { completeSetupFromPlan, setupNeeded } from '../modules/setup/service.ts';
import { assignPost, createOrgInTx, rootOrg } from '../modules/orgs/service.ts';
import { updateOrgInTx } from '../modules/orgs/structure.ts';
import { createMember } from '../modules/members/service.ts';
import { createAccount } from '../modules/identity/service.ts';
import { decideTransfer, startTransfer } from '../modules/transfers/service.ts';
import { buildDemoPlan, type DemoAccountPlan } from './plan.ts';
import { generatePassword } from './passwords.ts';
import { seedDemoArchive } from './archive.ts';
import { seedDemoNotices } from './notices.ts';
import { localToday } from './dates.ts';
import { seedDemoExchange } from './exchange.ts';
import { seedDemoEvaluation } from './evaluation.ts';
import { seedDemoTalks } from './talks.ts';
import { seedDemoActivities } from './activities.ts';
import { seedDemoOrgLife } from './orglife.ts';

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  /** 系统管理员 / 安全管理员 / 审计管理员, the posts held (机关第一党支部 书记), or 党员 */
  role: string;
  organisation: string;
}

export interface DemoAccounts {
  generatedAt: string;
  note: string;
  accounts: DemoAccount[];
}

export interface SeedOptions {
  /** The calendar date the demo is built around (YYYY-MM-DD); today by default. */
  today?: string;
}

const NOTE =
  'Tongxin demo accounts (演示账号). Passwords were generated at random for this run only and ' +
  'are stored nowhere else: keep this file private and delete it when the demo ends. ' +
  'Every person and organisation in the demo is invented.';

/**
 * Seeds an empty database with a realistic demo organisation through the same services,
 * rules and audit trail as real use: first-run setup, the organisation tree, about sixty
 * members with their posts, and accounts for the administrators, the office holders and a
 * few ordinary members. Their passwords go to `accountsFile` (mode 0600) and are returned.
 */
export async function seedDemo(
  ctx: ServiceContext,
  accountsFile: string,
  options: SeedOptions = {},
): Promise<DemoAccounts> {
  if (!(await setupNeeded(ctx)) || (await rootOrg(ctx.database.db))) {
    throw new AppError(
      409,
      'setup_done',
      'Refusing to seed demo data: this database is already set up. The demo needs an empty database.',
    );
  }
  const today = options.today ?? localToday();
  const plan = buildDemoPlan(today);
  const withPasswords = plan.accounts.map((a) => ({
    ...a,
    password: generatePassword(a.username),
  }));
  const admin = (role: NonNullable<DemoAccountPlan['adminRole']>) => {
    const account = withPasswords.find((a) => a.adminRole === role);
    if (!account) throw new Error(`demo plan has no ${role} administrator`);
    const { username, displayName, password } = account;
    return { username, displayName, password };
  };
  const setup: SetupPlan = {
    organisation: { name: plan.rootName },
    administrators: {
      system: admin('system'),
      security: admin('security'),
      audit: admin('audit'),
    },
  };
  await completeSetupFromPlan(ctx, setup);

  const actor = operatorActor('demo-seed');
  // The tree, the members and their posts: one transaction, so a failure leaves no half-built
  // organisation behind the administrators.
  const { memberIds, orgIds } = await ctx.database.write(async (tx) => {
    const root = await rootOrg(tx);
    if (!root) throw new Error('setup did not create the root organisation');
    const orgIds = new Map<string, string>([['root', root.id]]);
    const idOf = (key: string): string => {
      const id = orgIds.get(key);
      if (!id) throw new Error(`demo plan: organisation ${key} is used before it is created`);
      return id;
    };
    // Dated history: founded years ago, renamed and staffed on the days the plan says.
    const on = (date: string) => new Date(`${date}T09:00:00+08:00`);
    for (const org of plan.orgs) {
      const rename = plan.renames.find((r) => r.orgKey === org.key);
      const row = await createOrgInTx(
        tx,
        actor,
        {
          parentId: idOf(org.parentKey),
          kind: org.kind,
          name: rename?.formerName ?? org.name,
          ...(org.termStartedOn ? { termStartedOn: org.termStartedOn } : {}),
        },
        { at: on(plan.foundedOn) },
      );
      if (rename) {
        await updateOrgInTx(
          tx,
          actor,
          row.id,
          { name: org.name, reason: rename.reason },
          {
            at: on(rename.on),
          },
        );
      }
      orgIds.set(org.key, row.id);
    }
    const ids = new Map<string, string>();
    for (const { key, branchKey, groupKey, ...member } of plan.members) {
      ids.set(
        key,
        await createMember(
          tx,
          actor,
          {
            ...member,
            branchId: idOf(branchKey),
            groupId: idOf(groupKey),
          },
          ctx.crypto,
        ),
      );
    }
    for (const post of plan.posts) {
      const memberId = ids.get(post.memberKey);
      if (!memberId) throw new Error(`demo plan: unknown member ${post.memberKey}`);
      await assignPost(
        tx,
        actor,
        {
          orgId: idOf(post.orgKey),
          memberId,
          post: post.post,
          termStartedOn: post.termStartedOn,
        },
        { at: on(post.termStartedOn) },
      );
    }
    return { memberIds: ids, orgIds };
  });

  // The people's accounts: argon2 hashing dominates, so one transaction for all of them.
  const accountOf = new Map<string, Actor>();
  await ctx.database.write(async (tx) => {
    for (const account of withPasswords) {
      if (account.adminRole) continue;
      const memberId = account.memberKey ? memberIds.get(account.memberKey) : undefined;
      if (!memberId) throw new Error(`demo plan: account ${account.username} has no member`);
      const userId = await createAccount(tx, actor, {
        username: account.username,
        displayName: account.displayName,
        password: account.password,
        memberId,
        mustChangePassword: false,
      });
      if (account.memberKey) {
        accountOf.set(account.memberKey, {
          userId,
          name: account.username,
          role: 'member',
          ip: null,
        });
      }
    }
    await recordAudit(tx, actor, {
      action: 'demo.seed',
      details: {
        organisation: plan.rootName,
        organisations: plan.orgs.length + 1,
        members: plan.members.length,
        accounts: withPasswords.length,
      },
    });
  });

  // Transfers go through the same service as real ones, in the secretaries' names.
  const secretaryOf = (branchKey: string): Actor => {
    const post = plan.posts.find((p) => p.orgKey === branchKey && p.post === 'secretary');
    return (post && accountOf.get(post.memberKey)) ?? actor;
  };
  const keyOf = (map: Map<string, string>, key: string): string => {
    const id = map.get(key);
    if (!id) throw new Error(`demo plan: unknown key ${key}`);
    return id;
  };
  for (const transfer of plan.transfers) {
    const member = plan.members.find((m) => m.key === transfer.memberKey);
    if (!member) throw new Error(`demo plan: unknown member ${transfer.memberKey}`);
    const id = await startTransfer(
      ctx,
      secretaryOf(member.branchKey),
      keyOf(memberIds, member.key),
      {
        toBranchId: keyOf(orgIds, transfer.toBranchKey),
        reason: transfer.reason,
      },
    );
    if (transfer.accepted) {
      await decideTransfer(ctx, secretaryOf(transfer.toBranchKey), id, {
        kind: 'accept',
        groupId: transfer.toGroupKey ? keyOf(orgIds, transfer.toGroupKey) : null,
      });
    }
  }

  // A few months of online exchange among the people with accounts.
  await seedDemoExchange(ctx, { today, plan, orgIds, accountOf });
  await seedDemoNotices(ctx, plan, { orgIds, memberIds, accountOf });
  await seedDemoEvaluation(ctx, plan, { today, orgIds, memberIds, accountOf });
  await seedDemoTalks(ctx, { today, plan, orgIds, memberIds, accountOf });
  await seedDemoActivities(ctx, { today, plan, orgIds, memberIds, accountOf });
  await seedDemoOrgLife(ctx, { today, plan, orgIds, memberIds, accountOf });
  await seedDemoArchive(ctx, plan, { orgIds, accountOf });

  const result: DemoAccounts = {
    generatedAt: new Date().toISOString(),
    note: NOTE,
    accounts: withPasswords.map(({ username, password, displayName, role, organisation }) => ({
      username,
      password,
      displayName,
      role,
      organisation,
    })),
  };
  writePrivateFile(accountsFile, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/**
 * Writes a file only its owner can read: a fresh temporary file created 0600 and renamed over
 * the target, so the passwords are never readable by others, even for a moment or when an
 * older, more open file was there before.
 */
function writePrivateFile(file: string, content: string): void {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.chmodSync(file, 0o600);
}
