import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './server.ts';
import { operatorActor, recordAudit } from './platform/audit/audit.ts';
import { verifyAuditChain } from './platform/audit/verify.ts';
import { latestPruneDate, pruneAudit } from './platform/audit/prune.ts';
import type { Database } from './platform/db/types.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function withDatabase(work: (database: Database) => Promise<number>): Promise<number> {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function verify(): Promise<number> {
  return withDatabase(async (database) => {
    const result = await verifyAuditChain(database.db);
    // The operator's check is recorded like the 审计管理员's.
    await database.write((tx) =>
      recordAudit(tx, operatorActor('cli'), {
        action: 'audit.verify',
        details: {
          ok: result.ok,
          checked: result.checked,
          firstBroken: result.firstBroken ?? null,
        },
      }),
    );
    const range = result.firstSeq ? ` (seq ${result.firstSeq}–${result.lastSeq ?? '?'})` : '';
    if (result.ok) {
      console.log(`Audit chain intact: ${result.checked} entries verified${range}.`);
      return 0;
    }
    const broken = result.firstBroken;
    console.error(
      `Audit chain BROKEN at seq ${broken?.seq ?? '?'}: ${broken?.reason ?? 'unknown'} (${result.checked} entries verified before it).`,
    );
    return 1;
  });
}

async function prune(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { before: { type: 'string' } } });
  const before = values.before;
  if (!before || !DATE.test(before) || Number.isNaN(Date.parse(`${before}T00:00:00Z`))) {
    console.error('tongxin audit prune: --before YYYY-MM-DD is required');
    return 2;
  }
  const cutoff = new Date(`${before}T00:00:00Z`);
  if (cutoff.getTime() > latestPruneDate().getTime()) {
    console.error(
      `tongxin audit prune: ${before} is less than 180 days ago; audit entries are kept at least 180 days (latest allowed: ${latestPruneDate().toISOString().slice(0, 10)}).`,
    );
    return 1;
  }
  return withDatabase(async (database) => {
    const result = await pruneAudit(database, operatorActor('cli'), cutoff);
    console.log(
      result.pruned
        ? `Pruned ${result.pruned} audit entries through seq ${result.throughSeq}; the chain now starts after it.`
        : `No audit entries before ${before}.`,
    );
    return 0;
  });
}

/** `tongxin audit <verify|prune>` */
export async function auditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'verify') return verify();
  if (sub === 'prune') return prune(rest);
  console.error('Usage: tongxin audit verify | tongxin audit prune --before YYYY-MM-DD');
  return 2;
}
