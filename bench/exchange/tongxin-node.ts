// One Tongxin node for the exchange benchmark, in a process of its own so its CPU and memory are
// measured apart from the load generator. It seeds a database with `clients` members in branches
// of `space-size` members each, gives every member an account and a live session, opens each
// branch's space and a topic in it, then serves. The tokens go to --out (mode 0600), not stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase } from '../../server/src/platform/db/open.ts';
import { applyMigrations } from '../../server/src/platform/db/migrate.ts';
import { buildApp } from '../../server/src/app.ts';
import { createServiceContext, type ServiceContext } from '../../server/src/platform/context.ts';
import { openEventBus } from '../../server/src/platform/bus/bus.ts';
import { operatorActor } from '../../server/src/platform/audit/audit.ts';
import { completeSetupFromPlan } from '../../server/src/modules/setup/service.ts';
import { createOrgInTx, rootOrg } from '../../server/src/modules/orgs/service.ts';
import { createMember } from '../../server/src/modules/members/service.ts';
import { hashPassword } from '../../server/src/modules/identity/passwords.ts';
import { hashToken, newToken } from '../../server/src/modules/identity/sessions.ts';
import { sessions, users } from '../../server/src/modules/identity/schema.ts';
import { createPostgresDatabase } from '../../server/src/test/engines.ts';
import { prepareBranchSpace } from './exchange-api.ts';

export interface SeededClient {
  token: string;
  accountId: string;
  space: number;
}

export interface SeededSpace {
  spaceId: string;
  topicId: string;
}

export interface Seeded {
  port: number;
  /** The throwaway PostgreSQL database's name (null on PGlite), to find its backends. */
  database: string | null;
  clients: SeededClient[];
  spaces: SeededSpace[];
}

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    'space-size': { type: 'string', default: '50' },
    out: { type: 'string' },
  },
});
const clientCount = Number(values.clients);
const spaceSize = Number(values['space-size']);
if (!values.out) throw new Error('--out is required');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-bench-'));
const postgres = process.env.DATABASE_URL ? await createPostgresDatabase() : null;
const config = loadConfig({
  ...process.env,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  WEB_DIR: '/nonexistent-web-dir',
  TONGXIN_MASTER_KEY: `t1:${randomBytes(32).toString('base64')}`,
  ...(postgres ? { DATABASE_URL: postgres.url } : {}),
});
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  pgliteDir: path.join(dataDir, 'pgdata'),
  pgliteDurability: config.pgliteDurability,
  poolMax: config.databasePoolMax,
});
await applyMigrations(database);
const bus = openEventBus(config.redisUrl);
const ctx: ServiceContext = createServiceContext(database, config, undefined, bus);

const password = () => `Bench#${randomBytes(9).toString('base64url')}`;
await completeSetupFromPlan(ctx, {
  organisation: { name: '中共压测园区委员会' },
  administrators: {
    system: { username: 'bench-sys', displayName: '压测系统', password: password() },
    security: { username: 'bench-sec', displayName: '压测安全', password: password() },
    audit: { username: 'bench-aud', displayName: '压测审计', password: password() },
  },
});

// Members and accounts, straight into the tables for speed: one argon2 hash shared by every
// account (nobody signs in with it; each gets a session below).
const sharedHash = await hashPassword(password());
const actor = operatorActor('bench-exchange');
const spaceCount = Math.ceil(clientCount / spaceSize);
const clients: SeededClient[] = [];
const branchIds: string[] = [];
const firstAccountOf: string[] = [];
for (let s = 0; s < spaceCount; s++) {
  const batch = await database.write(async (tx) => {
    const root = await rootOrg(tx);
    if (!root) throw new Error('setup created no root organisation');
    const branch = await createOrgInTx(tx, actor, {
      parentId: root.id,
      kind: 'branch',
      name: `第${s + 1}党支部`,
    });
    const made: SeededClient[] = [];
    const size = Math.min(spaceSize, clientCount - s * spaceSize);
    for (let m = 0; m < size; m++) {
      const n = s * spaceSize + m;
      const memberId = await createMember(tx, actor, {
        name: `党员${n + 1}`,
        gender: n % 2 ? 'female' : 'male',
        status: 'full',
        branchId: branch.id,
      });
      const [user] = await tx
        .insert(users)
        .values({
          username: `bench${n + 1}`,
          displayName: `党员${n + 1}`,
          passwordHash: sharedHash,
          memberId,
        })
        .returning({ id: users.id });
      if (!user) throw new Error('insert returned no row');
      const token = newToken();
      await tx.insert(sessions).values({
        userId: user.id,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + 24 * 3600_000),
      });
      made.push({ token, accountId: user.id, space: s });
    }
    return { branchId: branch.id, made };
  });
  branchIds.push(batch.branchId);
  firstAccountOf.push(batch.made[0]?.accountId ?? '');
  clients.push(...batch.made);
}

const spaces: SeededSpace[] = [];
for (let s = 0; s < spaceCount; s++) {
  spaces.push(await prepareBranchSpace(ctx, branchIds[s] ?? '', firstAccountOf[s] ?? ''));
}

const app = await buildApp({ config, database, bus });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const seeded: Seeded = {
  port,
  database: postgres ? new URL(postgres.url).pathname.slice(1) : null,
  clients,
  spaces,
};
fs.writeFileSync(values.out, JSON.stringify(seeded), { mode: 0o600 });
process.stdout.write(`READY ${JSON.stringify({ port })}\n`);

async function shutdown(): Promise<void> {
  await app.close();
  await bus.close();
  await database.close();
  await postgres?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
