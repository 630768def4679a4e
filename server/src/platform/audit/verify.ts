import { sql } from 'drizzle-orm';
import type { AuditBreak, AuditVerifyResult } from '@tongxin/contract';
import { auditAnchor, auditLog } from './schema.ts';
import type { Queryable } from '../db/types.ts';
import { queryRows } from '../db/rows.ts';
import { AT_FORMAT, GENESIS_HASH, entryHash } from './chain.ts';

const BATCH = 1000;

interface StoredRow {
  seq: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: 'success' | 'failure';
  source_ip: string | null;
  details: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

/** Where the chain must start: after the newest prune anchor, or at 1 from the genesis. */
async function chainStart(db: Queryable): Promise<{ seq: bigint; prevHash: string }> {
  const [anchor] = await queryRows<{ seq: string; hash: string }>(
    db,
    sql`select through_seq::text as seq, hash from ${auditAnchor} order by ${auditAnchor.throughSeq} desc limit 1`,
  );
  return anchor
    ? { seq: BigInt(anchor.seq) + 1n, prevHash: anchor.hash }
    : { seq: 1n, prevHash: GENESIS_HASH };
}

function breakOf(row: StoredRow, expectedSeq: bigint, expectedPrev: string): AuditBreak | null {
  if (BigInt(row.seq) !== expectedSeq) return 'seq_gap';
  if (row.prev_hash !== expectedPrev) return 'prev_hash_mismatch';
  const recomputed = entryHash({
    seq: BigInt(row.seq),
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    result: row.result,
    sourceIp: row.source_ip,
    details: row.details,
    prevHash: row.prev_hash,
  });
  return recomputed === row.hash ? null : 'hash_mismatch';
}

/**
 * Recomputes every hash in seq order, in batches, and names the first entry where the chain
 * breaks. Entries appended while it runs are checked too if they arrive before the end.
 */
export async function verifyAuditChain(db: Queryable): Promise<AuditVerifyResult> {
  const start = await chainStart(db);
  let expectedSeq = start.seq;
  let expectedPrev = start.prevHash;
  let checked = 0;
  let firstSeq: string | null = null;
  let lastSeq: string | null = null;
  // The first batch starts at the lowest seq present, whatever it is, so that leftover
  // entries before an anchor or a missing first entry are reported rather than skipped.
  let after = -1n;
  for (;;) {
    const rows = await queryRows<StoredRow>(
      db,
      sql`select seq::text as seq, to_char(at at time zone 'UTC', ${AT_FORMAT}) as at,
            actor_id, actor_name, actor_role, action, object_type, object_id, result,
            source_ip, details, prev_hash, hash
          from ${auditLog} where ${auditLog.seq} > ${after} order by ${auditLog.seq} limit ${BATCH}`,
    );
    for (const row of rows) {
      firstSeq ??= row.seq;
      const reason = breakOf(row, expectedSeq, expectedPrev);
      if (reason) {
        return { ok: false, checked, firstSeq, lastSeq, firstBroken: { seq: row.seq, reason } };
      }
      checked++;
      lastSeq = row.seq;
      expectedSeq++;
      expectedPrev = row.hash;
    }
    if (rows.length < BATCH) break;
    after = BigInt(lastSeq ?? after);
  }
  return { ok: true, checked, firstSeq, lastSeq };
}
