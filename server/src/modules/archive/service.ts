import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import {
  canonicalJson,
  leafDataText,
  verifyConsistency,
  type ArchiveCheckpoint,
  type ArchiveConsistencyProof,
  type ArchiveEntry,
  type ArchiveEntrySummary,
  type ArchiveInclusionProof,
  type ArchiveKind,
  type ArchiveList,
  type ArchiveListQuery,
  type ArchiveVerifyResult,
} from '@tongxin/contract';
import type { Config } from '../../config.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { MerkleAccumulator, MerkleTree, leafOf, sm3 } from '../../platform/archive/merkle.ts';
import {
  checkpointSignatureValid,
  fingerprintOf,
  readOrCreateSigningKey,
  signCheckpoint,
  type SigningKey,
} from '../../platform/archive/signing.ts';
import { findOrgAnyState } from '../orgs/service.ts';
import { archiveCheckpoints, archiveEntries } from './schema.ts';

/** Serialises appends and checkpoints across all nodes sharing the database. */
export const ARCHIVE_TREE_LOCK = 0x746f6e67786e41n;

export type EntryRow = typeof archiveEntries.$inferSelect;
export type CheckpointRow = typeof archiveCheckpoints.$inferSelect;

const keys = new Map<string, SigningKey>();
/** The signing key of this configuration, read (or created) on first use. */
export function signingKey(config: Config): SigningKey {
  const known = keys.get(config.archiveSigningKeyFile);
  if (known) return known;
  const key = readOrCreateSigningKey(config.archiveSigningKeyFile);
  keys.set(config.archiveSigningKeyFile, key);
  return key;
}

// ---- leaf data -------------------------------------------------------------------------------

/** The leaf data of a stored row, recomputed from its columns. */
export const leafDataOf = (row: EntryRow): string =>
  leafDataText({
    seq: row.seq,
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    kind: row.kind,
    refId: row.refId,
    version: row.version,
    supersedes: row.supersedes,
    title: row.title,
    occurredAt: row.occurredAt.toISOString(),
    archivedAt: row.archivedAt.toISOString(),
    archivedBy: row.archivedBy,
    archivedById: row.archivedById,
    content: JSON.parse(row.content) as unknown,
  });

// ---- writing ---------------------------------------------------------------------------------

/** What a producer hands to the archive. */
export interface ArchiveInput {
  orgId: string;
  kind: ArchiveKind;
  /** The source record's id: all versions of one record share it. */
  refId: string;
  title: string;
  /** When the recorded thing happened (the meeting, the sending); the browser files it by year. */
  occurredAt: Date | string;
  /** Plain JSON data (no undefined, no Dates); talk records pass their ciphertext. */
  content: Record<string, unknown>;
}

export interface Archived {
  seq: number;
  version: number;
}

const lockTree = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock(${ARCHIVE_TREE_LOCK})`);

async function treeSize(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(archiveEntries);
  return row?.n ?? 0;
}

async function latestCheckpointRow(db: Queryable): Promise<CheckpointRow | null> {
  const [row] = await db
    .select()
    .from(archiveCheckpoints)
    .orderBy(desc(archiveCheckpoints.seq))
    .limit(1);
  return row ?? null;
}

/**
 * Appends a record to the archive inside the caller's transaction and audits it
 * (`archive.record`). A record archived again (same kind and refId) becomes its next version,
 * linked to the one it supersedes; the earlier version stays as it was. Call it before the
 * caller's own recordAudit (the archive lock is taken before the audit chain's, everywhere).
 * A signed checkpoint follows when ARCHIVE_CHECKPOINT_ENTRIES entries have gathered.
 */
export async function archiveRecord(
  ctx: ServiceContext,
  tx: Tx,
  actor: Actor,
  input: ArchiveInput,
): Promise<Archived> {
  const org = await findOrgAnyState(tx, input.orgId);
  if (!org) throw notFound('Organisation');
  const content = canonicalJson(input.content);
  await lockTree(tx);
  const seq = await treeSize(tx);
  const [previous] = await tx
    .select()
    .from(archiveEntries)
    .where(and(eq(archiveEntries.kind, input.kind), eq(archiveEntries.refId, input.refId)))
    .orderBy(desc(archiveEntries.version))
    .limit(1);
  const row: EntryRow = {
    seq,
    id: randomUUID(),
    orgId: org.id,
    orgName: org.name,
    kind: input.kind,
    refId: input.refId,
    version: (previous?.version ?? 0) + 1,
    supersedes: previous?.seq ?? null,
    title: input.title.trim().slice(0, 500),
    occurredAt: new Date(input.occurredAt),
    archivedAt: new Date(),
    archivedBy: actor.name,
    archivedById: actor.userId,
    content,
    leafHash: '',
  };
  if (Number.isNaN(row.occurredAt.getTime())) throw new TypeError('archiveRecord: bad occurredAt');
  row.leafHash = leafOf(leafDataOf(row));
  await tx.insert(archiveEntries).values(row);
  const last = await latestCheckpointRow(tx);
  if (seq + 1 - (last?.treeSize ?? 0) >= ctx.config.archiveCheckpointEntries) {
    await appendCheckpoint(ctx.config, tx, 'entries');
  }
  await recordAudit(tx, actor, {
    action: 'archive.record',
    objectType: 'archive_entry',
    objectId: String(seq),
    details: { kind: input.kind, refId: input.refId, version: row.version, orgId: org.id },
  });
  return { seq, version: row.version };
}

/** The leaf hashes of the first `size` entries (all when omitted), in leaf order. */
async function leafHashes(db: Queryable, size?: number): Promise<string[]> {
  const rows = await db
    .select({ h: archiveEntries.leafHash })
    .from(archiveEntries)
    .where(size === undefined ? undefined : lt(archiveEntries.seq, size))
    .orderBy(asc(archiveEntries.seq));
  return rows.map((r) => r.h);
}

/** Signs the current tree, unless the latest checkpoint already covers it. Lock first. */
async function appendCheckpoint(
  config: Config,
  tx: Tx,
  reason: string,
): Promise<{ row: CheckpointRow; created: boolean }> {
  await lockTree(tx);
  const last = await latestCheckpointRow(tx);
  const leaves = await leafHashes(tx);
  if (last && last.treeSize === leaves.length) return { row: last, created: false };
  const signed = signCheckpoint(signingKey(config), {
    treeSize: leaves.length,
    rootHash: new MerkleTree(leaves).hash(),
    time: new Date().toISOString(),
  });
  const [row] = await tx
    .insert(archiveCheckpoints)
    .values({ seq: (last?.seq ?? 0) + 1, ...signed, reason })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return { row, created: true };
}

/** A checkpoint now (on demand, for an export, or on the interval), audited when made. */
export async function checkpointNow(
  ctx: ServiceContext,
  actor: Actor,
  reason: 'demand' | 'export' | 'interval',
): Promise<CheckpointRow> {
  return ctx.database.write(async (tx) => {
    const { row, created } = await appendCheckpoint(ctx.config, tx, reason);
    if (created) {
      await recordAudit(tx, actor, {
        action: 'archive.checkpoint',
        objectType: 'archive_checkpoint',
        objectId: String(row.seq),
        details: { treeSize: row.treeSize, reason },
      });
    }
    return row;
  });
}

/**
 * The interval rule: a checkpoint once the oldest entry it would be the first to cover is
 * ARCHIVE_CHECKPOINT_MINUTES old. Called by the server's timer; returns whether one was made.
 */
export async function checkpointIfDue(ctx: ServiceContext, now = new Date()): Promise<boolean> {
  const { db } = ctx.database;
  const last = await latestCheckpointRow(db);
  const [oldest] = await db
    .select({ at: archiveEntries.archivedAt })
    .from(archiveEntries)
    .where(eq(archiveEntries.seq, last?.treeSize ?? 0))
    .limit(1);
  if (!oldest) return false;
  if (now.getTime() - oldest.at.getTime() < ctx.config.archiveCheckpointMinutes * 60_000) {
    return false;
  }
  await checkpointNow(
    ctx,
    { userId: null, name: 'archive-timer', role: 'system', ip: null },
    'interval',
  );
  return true;
}

// ---- reading ---------------------------------------------------------------------------------

export const checkpointView = (row: CheckpointRow): ArchiveCheckpoint => ({
  seq: row.seq,
  treeSize: row.treeSize,
  rootHash: row.rootHash,
  time: row.time,
  signature: row.signature,
  publicKey: row.publicKey,
  fingerprint: fingerprintOf(row.publicKey),
  reason: row.reason,
});

export async function latestCheckpoint(db: Queryable): Promise<ArchiveCheckpoint | null> {
  const row = await latestCheckpointRow(db);
  return row ? checkpointView(row) : null;
}

export async function listCheckpoints(db: Queryable): Promise<ArchiveCheckpoint[]> {
  const rows = await db
    .select()
    .from(archiveCheckpoints)
    .orderBy(desc(archiveCheckpoints.seq))
    .limit(200);
  return rows.map(checkpointView);
}

export { treeSize };

/** Which organisations' entries a caller sees: every one (审计管理员) or a list. */
export type ArchiveScope = 'all' | readonly string[];

const inScope = (scope: ArchiveScope): SQL | undefined =>
  scope === 'all'
    ? undefined
    : scope.length > 0
      ? sql`${archiveEntries.orgId} in ${scope}`
      : sql`false`;

/** Beijing time has no daylight saving: the year of UTC+8. */
const beijingYear = sql<number>`extract(year from (${archiveEntries.occurredAt} at time zone 'UTC') + interval '8 hours')::int`;

async function supersededBy(db: Queryable, seqs: readonly number[]): Promise<Map<number, number>> {
  if (seqs.length === 0) return new Map();
  const rows = await db
    .select({ seq: archiveEntries.seq, supersedes: archiveEntries.supersedes })
    .from(archiveEntries)
    .where(sql`${archiveEntries.supersedes} in ${seqs}`);
  return new Map(rows.map((r) => [r.supersedes as number, r.seq]));
}

const summaryOf = (row: EntryRow, later: Map<number, number>): ArchiveEntrySummary => ({
  seq: row.seq,
  id: row.id,
  orgId: row.orgId,
  orgName: row.orgName,
  kind: row.kind,
  refId: row.refId,
  version: row.version,
  supersedes: row.supersedes,
  supersededBy: later.get(row.seq) ?? null,
  title: row.title,
  occurredAt: row.occurredAt.toISOString(),
  archivedAt: row.archivedAt.toISOString(),
  archivedBy: row.archivedBy,
  leafHash: row.leafHash,
});

/** The entries of the chosen organisations, newest first, with the years that hold any. */
export async function listEntries(
  db: Queryable,
  orgIds: ArchiveScope,
  query: ArchiveListQuery,
): Promise<ArchiveList> {
  const base = and(inScope(orgIds));
  const where = and(
    base,
    query.kind ? eq(archiveEntries.kind, query.kind) : undefined,
    query.year ? sql`${beijingYear} = ${query.year}` : undefined,
  );
  const [total] = await db.select({ n: count() }).from(archiveEntries).where(where);
  const rows = await db
    .select()
    .from(archiveEntries)
    .where(where)
    .orderBy(desc(archiveEntries.occurredAt), desc(archiveEntries.seq))
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0);
  const years = await db
    .selectDistinct({ year: beijingYear })
    .from(archiveEntries)
    .where(base)
    .orderBy(desc(beijingYear));
  const later = await supersededBy(
    db,
    rows.map((r) => r.seq),
  );
  return {
    items: rows.map((r) => summaryOf(r, later)),
    total: total?.n ?? 0,
    years: years.map((y) => Number(y.year)),
  };
}

export async function findEntry(db: Queryable, id: string): Promise<EntryRow | null> {
  const [row] = await db.select().from(archiveEntries).where(eq(archiveEntries.id, id)).limit(1);
  return row ?? null;
}

export async function entryDetail(db: Queryable, row: EntryRow): Promise<ArchiveEntry> {
  const versions = await db
    .select({
      id: archiveEntries.id,
      seq: archiveEntries.seq,
      version: archiveEntries.version,
      archivedAt: archiveEntries.archivedAt,
      archivedBy: archiveEntries.archivedBy,
    })
    .from(archiveEntries)
    .where(and(eq(archiveEntries.kind, row.kind), eq(archiveEntries.refId, row.refId)))
    .orderBy(asc(archiveEntries.version));
  const later = await supersededBy(db, [row.seq]);
  return {
    ...summaryOf(row, later),
    leafData: leafDataOf(row),
    content: JSON.parse(row.content) as unknown,
    versions: versions.map((v) => ({ ...v, archivedAt: v.archivedAt.toISOString() })),
  };
}

/** The entries an export takes: the organisations, the period, in leaf order. */
export async function entriesFor(
  db: Queryable,
  orgIds: readonly string[],
  from: Date,
  to: Date,
  maxSeq: number,
): Promise<EntryRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .select()
    .from(archiveEntries)
    .where(
      and(
        sql`${archiveEntries.orgId} in ${orgIds}`,
        sql`${archiveEntries.occurredAt} >= ${from.toISOString()}`,
        sql`${archiveEntries.occurredAt} < ${to.toISOString()}`,
        lt(archiveEntries.seq, maxSeq),
      ),
    )
    .orderBy(asc(archiveEntries.seq));
}

/** A tree over the first `size` leaves, for proofs. */
export async function treeOf(db: Queryable, size: number): Promise<MerkleTree> {
  return new MerkleTree(await leafHashes(db, size));
}

/** The inclusion proof of an entry in the latest checkpoint (409 until one covers it). */
export async function inclusionProof(db: Queryable, seq: number): Promise<ArchiveInclusionProof> {
  const [row] = await db.select().from(archiveEntries).where(eq(archiveEntries.seq, seq)).limit(1);
  if (!row) throw notFound('Archive entry');
  const [cp] = await db
    .select()
    .from(archiveCheckpoints)
    .where(gt(archiveCheckpoints.treeSize, seq))
    .orderBy(desc(archiveCheckpoints.seq))
    .limit(1);
  if (!cp) {
    throw new AppError(
      409,
      'archive_not_checkpointed',
      'No signed checkpoint covers this entry yet; make a checkpoint first',
    );
  }
  const tree = await treeOf(db, cp.treeSize);
  return {
    seq,
    leafHash: row.leafHash,
    path: tree.inclusionPath(seq, cp.treeSize),
    checkpoint: checkpointView(cp),
  };
}

/** The consistency proof between two checkpoints (by their numbers). */
export async function consistencyProof(
  db: Queryable,
  first: number,
  second: number,
): Promise<ArchiveConsistencyProof> {
  const rows = await db
    .select()
    .from(archiveCheckpoints)
    .where(sql`${archiveCheckpoints.seq} in ${[first, second]}`);
  const a = rows.find((r) => r.seq === first);
  const b = rows.find((r) => r.seq === second);
  if (!a || !b) throw notFound('Checkpoint');
  if (a.treeSize > b.treeSize) throw conflict('The first checkpoint must not be the larger one');
  const tree = await treeOf(db, b.treeSize);
  return {
    first: checkpointView(a),
    second: checkpointView(b),
    path: tree.consistencyProof(a.treeSize, b.treeSize),
  };
}

// ---- verification ----------------------------------------------------------------------------

type Bad = NonNullable<ArchiveVerifyResult['firstBad']>;

/**
 * Recomputes everything from the stored content: each entry's leaf hash and its place (seq
 * without gaps, version links), the root at every checkpoint, each checkpoint's SM2 signature
 * and key, and the RFC 9162 consistency proof between consecutive checkpoints. Names the first
 * bad entry, else the first bad checkpoint.
 */
export async function verifyArchive(
  db: Queryable,
  trustedPublicKey: string,
): Promise<ArchiveVerifyResult> {
  const checkpoints = await db
    .select()
    .from(archiveCheckpoints)
    .orderBy(asc(archiveCheckpoints.seq));
  const leaves: string[] = [];
  const acc = new MerkleAccumulator();
  const roots = new Map<number, string>();
  const wanted = new Set(checkpoints.map((c) => c.treeSize));
  const versions = new Map<number, { kind: string; refId: string; version: number }>();
  let entryBad: Bad | null = null;
  const BATCH = 1000;
  for (let after = -1; ;) {
    const rows = await db
      .select()
      .from(archiveEntries)
      .where(gt(archiveEntries.seq, after))
      .orderBy(asc(archiveEntries.seq))
      .limit(BATCH);
    for (const row of rows) {
      const expected = leaves.length;
      if (!entryBad && row.seq !== expected) {
        entryBad = {
          what: 'entry',
          seq: expected,
          reason: 'missing (deleted, or entries reordered)',
        };
      }
      let leaf: string;
      try {
        leaf = leafOf(leafDataOf(row));
      } catch {
        leaf = '';
      }
      if (!entryBad && leaf !== row.leafHash) {
        entryBad = { what: 'entry', seq: row.seq, reason: 'content changed (leaf hash differs)' };
      }
      if (!entryBad && row.supersedes !== null) {
        const prior = versions.get(row.supersedes);
        if (
          !prior ||
          prior.kind !== row.kind ||
          prior.refId !== row.refId ||
          prior.version !== row.version - 1
        ) {
          entryBad = { what: 'entry', seq: row.seq, reason: 'version link broken' };
        }
      }
      versions.set(row.seq, { kind: row.kind, refId: row.refId, version: row.version });
      leaves.push(leaf);
      acc.push(leaf);
      if (wanted.has(acc.size)) roots.set(acc.size, acc.root());
    }
    if (rows.length < BATCH) break;
    after = (rows.at(-1) as EntryRow).seq;
  }
  if (wanted.has(0)) roots.set(0, acc.size === 0 ? acc.root() : new MerkleAccumulator().root());

  let checkpointBad: Bad | null = null;
  const tree = new MerkleTree(leaves);
  let previous: CheckpointRow | null = null;
  for (const c of checkpoints) {
    const reason = !checkpointSignatureValid(c)
      ? 'signature does not verify'
      : c.publicKey !== trustedPublicKey
        ? 'signed by an unknown key'
        : previous && c.treeSize < previous.treeSize
          ? 'tree shrank after the previous checkpoint'
          : c.treeSize > leaves.length
            ? `covers ${c.treeSize} entries but only ${leaves.length} exist`
            : roots.get(c.treeSize) !== c.rootHash
              ? `root differs: an entry below seq ${c.treeSize} changed since it was signed`
              : previous &&
                  !verifyConsistency(
                    sm3,
                    previous.treeSize,
                    c.treeSize,
                    previous.rootHash,
                    c.rootHash,
                    tree.consistencyProof(previous.treeSize, c.treeSize),
                  )
                ? 'not consistent with the previous checkpoint'
                : null;
    if (reason) {
      checkpointBad = { what: 'checkpoint', seq: c.seq, reason };
      // A checkpoint that claims more entries than exist: entries at the end were deleted.
      if (!entryBad && c.treeSize > leaves.length && checkpointSignatureValid(c)) {
        entryBad = { what: 'entry', seq: leaves.length, reason: 'missing (deleted)' };
      }
      break;
    }
    previous = c;
  }
  const firstBad = entryBad ?? checkpointBad;
  return {
    ok: firstBad === null,
    entries: leaves.length,
    checkpoints: checkpoints.length,
    firstBad,
  };
}
