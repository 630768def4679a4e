import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { auditLog, auditAnchor } from './schema.ts';
import type { Queryable, Tx } from '../db/types.ts';
import { queryRows } from '../db/rows.ts';
import {
  AT_FORMAT,
  AUDIT_CHAIN_LOCK,
  GENESIS_HASH,
  atText,
  entryHash,
  normaliseDetails,
} from './chain.ts';

/** Who did something: a signed-in account, or the operator at the command line. */
export interface Actor {
  userId: string | null;
  name: string;
  role: string;
  ip: string | null;
}

export const operatorActor = (what: string): Actor => ({
  userId: null,
  name: what,
  role: 'operator',
  ip: null,
});

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string;
  result?: 'success' | 'failure';
  details?: Record<string, unknown>;
}

export interface ChainHead {
  seq: bigint;
  hash: string;
}

/**
 * What the next entry chains to — the last entry, or the prune anchor when everything was
 * pruned, or the genesis — and the database clock, in one round trip.
 */
async function headAndClock(tx: Tx): Promise<ChainHead & { at: string }> {
  const [row] = await queryRows<{ seq: string | null; hash: string | null; at: string }>(
    tx,
    sql`select head.seq::text as seq, head.hash,
          to_char(clock_timestamp() at time zone 'UTC', ${AT_FORMAT}) as at
        from (values (1)) as one (n)
        left join lateral (
          (select e.seq, e.hash from ${auditLog} e order by e.seq desc limit 1)
          union all
          (select a.through_seq, a.hash from ${auditAnchor} a order by a.through_seq desc limit 1)
          order by 1 desc limit 1
        ) as head on true`,
  );
  if (!row) throw new Error('the database returned no chain head');
  return row.seq !== null && row.hash !== null
    ? { seq: BigInt(row.seq), hash: row.hash, at: row.at }
    : { seq: 0n, hash: GENESIS_HASH, at: row.at };
}

/** Runs work in the caller's transaction, or in a new one when handed the bare database. */
async function inTransaction<T>(db: Queryable, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return work(db as Tx);
  return db.transaction(work);
}

/**
 * Appends one entry to the chain. `at` is for tests and imports of old entries only; normal
 * entries take the database clock at the moment they join the chain.
 */
export async function appendAudit(
  db: Queryable,
  actor: Actor,
  entry: AuditEntry,
  options: { at?: Date } = {},
): Promise<ChainHead> {
  return inTransaction(db, async (tx) => {
    // Held until the caller's transaction ends, so the next writer (any node) reads this
    // entry as its predecessor. A separate statement: a snapshot taken before the lock was
    // granted could miss the entry committed just before.
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const head = await headAndClock(tx);
    const at = options.at ? atText(options.at) : head.at;
    const fields = {
      seq: head.seq + 1n,
      at,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: actor.role,
      action: entry.action,
      objectType: entry.objectType ?? null,
      objectId: entry.objectId ?? null,
      result: entry.result ?? 'success',
      sourceIp: actor.ip,
      details: normaliseDetails(entry.details),
      prevHash: head.hash,
    };
    const hash = entryHash(fields);
    await tx.insert(auditLog).values({ ...fields, at: sql`${at}::timestamptz`, hash });
    return { seq: fields.seq, hash };
  });
}

/**
 * Written inside the caller's transaction: if the entry cannot be written, the action
 * it records does not happen either. The chain lock is held from here to the caller's
 * commit, so call it as the last statement of the transaction where possible.
 */
export async function recordAudit(db: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await appendAudit(db, actor, entry);
}
