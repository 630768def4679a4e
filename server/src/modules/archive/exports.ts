import { and, desc, eq } from 'drizzle-orm';
import {
  ARCHIVE_PACKAGE_FORMAT,
  type ArchiveExport,
  type ArchiveExportRequest,
} from '@tongxin/contract';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { leafOf, sm3Hex } from '../../platform/archive/merkle.ts';
import {
  memberNames,
  sealPackage,
  type PackageManifest,
  type ProofFile,
} from '../../platform/archive/package.ts';
import { fingerprintOf } from '../../platform/archive/signing.ts';
import { findOrg, subtreeIds } from '../orgs/service.ts';
import { entryDocx } from './docx.ts';
import { archiveExports } from './schema.ts';
import { checkpointNow, entriesFor, leafDataOf, signingKey, treeOf } from './service.ts';

/*
 * Archive packages are built in the background: the request stores a job row and returns; the
 * job writes its progress (records done of total) to the row, which the web polls, and puts the
 * zip into storage. A job that dies with its process is marked failed when found stale.
 */

type ExportRow = typeof archiveExports.$inferSelect;
/** Progress is written every this many records (and at the end). */
const PROGRESS_EVERY = 5;
/** A running job whose row has not moved for this long died with its process. */
const STALE_MS = 10 * 60_000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 00:00 Beijing time of a calendar day, as a UTC instant. */
const beijingMidnight = (day: string, plusDays = 0): Date => {
  const m = DAY.exec(day);
  if (!m) throw new AppError(422, 'invalid_input', 'Dates are YYYY-MM-DD');
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays) - 8 * 3600_000);
};

export const exportView = (row: ExportRow, now = Date.now()): ArchiveExport => {
  const stale = row.status === 'running' && now - row.updatedAt.getTime() > STALE_MS;
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    includeSubtree: row.includeSubtree,
    from: row.fromDate,
    to: row.toDate,
    status: stale ? 'failed' : row.status,
    total: row.total,
    done: row.done,
    size: row.size,
    error: stale ? 'interrupted' : row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
};

export async function findExport(db: Queryable, id: string, accountId: string): Promise<ExportRow> {
  const [row] = await db
    .select()
    .from(archiveExports)
    .where(and(eq(archiveExports.id, id), eq(archiveExports.requestedBy, accountId)))
    .limit(1);
  if (!row) throw notFound('Export');
  return row;
}

export async function listExports(db: Queryable, accountId: string): Promise<ArchiveExport[]> {
  const rows = await db
    .select()
    .from(archiveExports)
    .where(eq(archiveExports.requestedBy, accountId))
    .orderBy(desc(archiveExports.createdAt))
    .limit(20);
  return rows.map((r) => exportView(r));
}

/** Starts an export job; the caller checked that the organisation is in its scope. */
export async function startExport(
  ctx: ServiceContext,
  actor: Actor & { userId: string },
  request: ArchiveExportRequest,
): Promise<ArchiveExport> {
  const org = await findOrg(ctx.database.db, request.orgId);
  if (!org) throw notFound('Organisation');
  const from = beijingMidnight(request.from);
  const to = beijingMidnight(request.to, 1);
  if (to <= from) {
    throw new AppError(422, 'archive_bad_period', 'The period ends before it starts', {
      field: 'to',
    });
  }
  const row = await ctx.database.write(async (tx) => {
    const [row] = await tx
      .insert(archiveExports)
      .values({
        orgId: org.id,
        orgName: org.name,
        includeSubtree: request.includeSubtree ?? false,
        fromDate: request.from,
        toDate: request.to,
        requestedBy: actor.userId,
        status: 'running',
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await recordAudit(tx, actor, {
      action: 'archive.export',
      objectType: 'archive_export',
      objectId: row.id,
      details: {
        orgId: org.id,
        includeSubtree: row.includeSubtree,
        from: request.from,
        to: request.to,
      },
    });
    return row;
  });
  // The job runs after the reply; its outcome is in the row, never an unhandled rejection.
  void runExport(ctx, actor, row, from, to).catch(async (err: unknown) => {
    await ctx.database
      .write((tx) =>
        tx
          .update(archiveExports)
          .set({
            status: 'failed',
            error: String((err as Error).message ?? err).slice(0, 500),
            updatedAt: new Date(),
            finishedAt: new Date(),
          })
          .where(eq(archiveExports.id, row.id)),
      )
      .catch(() => undefined);
  });
  return exportView(row);
}

const README = (fingerprint: string) => `Tongxin 同心 archive package (${ARCHIVE_PACKAGE_FORMAT})

验证方法 / How to verify:
  npx tongxin archive verify-package THIS.zip [--public-key HEX]
No server and no database are needed. The verifier checks every record's SM3 leaf hash and
RFC 9162 inclusion proof against the SM2-signed checkpoint, every member's SM3 against the
manifest, and the signatures in the zip comment; it names any member that was changed.
Compare the signing key's fingerprint with the one your organisation publishes:
  ${fingerprint}

records/<seq>.json  the archived record: its leaf hash is SM3(0x00 ‖ the file's bytes)
records/<seq>.docx  the same record as a Word document, for reading
proofs/<seq>.json   its inclusion path in the checkpoint's Merkle tree
checkpoint.json     the signed checkpoint (tree size, root hash, time, SM2 signature, public key)
manifest.json       the list of members with their SM3 hashes
`;

async function runExport(
  ctx: ServiceContext,
  actor: Actor,
  job: ExportRow,
  from: Date,
  to: Date,
): Promise<void> {
  const { db } = ctx.database;
  const progress = (set: Partial<ExportRow>) =>
    ctx.database.write((tx) =>
      tx
        .update(archiveExports)
        .set({ ...set, updatedAt: new Date() })
        .where(eq(archiveExports.id, job.id)),
    );
  // Every record in the package must be under a signed root: sign the tree as it is now.
  const checkpoint = await checkpointNow(ctx, actor, 'export');
  const orgIds = job.includeSubtree ? await subtreeIds(db, [job.orgId]) : [job.orgId];
  const entries = await entriesFor(db, orgIds, from, to, checkpoint.treeSize);
  await progress({ total: entries.length });
  const tree = await treeOf(db, checkpoint.treeSize);
  const members = new Map<string, Uint8Array>();
  const records: PackageManifest['records'] = [];
  const utf8 = new TextEncoder();
  for (const [i, row] of entries.entries()) {
    const data = leafDataOf(row);
    // Never sign a package over a damaged archive: the verifier would only find it later.
    if (leafOf(data) !== row.leafHash) {
      throw new Error(
        `archive entry ${row.seq} does not match its leaf hash; run tongxin archive verify`,
      );
    }
    const names = memberNames(row.seq);
    const json = utf8.encode(data);
    const docx = await entryDocx(row);
    const proof: ProofFile = {
      seq: row.seq,
      treeSize: checkpoint.treeSize,
      leafHash: row.leafHash,
      path: tree.inclusionPath(row.seq, checkpoint.treeSize),
    };
    const proofBytes = utf8.encode(`${JSON.stringify(proof, null, 2)}\n`);
    members.set(names.json, json).set(names.docx, docx).set(names.proof, proofBytes);
    records.push({
      seq: row.seq,
      kind: row.kind,
      title: row.title,
      version: row.version,
      supersedes: row.supersedes,
      occurredAt: row.occurredAt.toISOString(),
      leafHash: row.leafHash,
      ...names,
      sm3: { json: sm3Hex(json), docx: sm3Hex(docx), proof: sm3Hex(proofBytes) },
    });
    if ((i + 1) % PROGRESS_EVERY === 0) await progress({ done: i + 1 });
  }
  const signed = {
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    time: checkpoint.time,
    signature: checkpoint.signature,
    publicKey: checkpoint.publicKey,
  };
  const fingerprint = fingerprintOf(checkpoint.publicKey);
  const readme = utf8.encode(README(fingerprint));
  members.set('README.txt', readme);
  members.set('checkpoint.json', utf8.encode(`${JSON.stringify(signed, null, 2)}\n`));
  const manifest: PackageManifest = {
    format: ARCHIVE_PACKAGE_FORMAT,
    organisation: { id: job.orgId, name: job.orgName, includeSubtree: job.includeSubtree },
    period: { from: job.fromDate, to: job.toDate },
    generatedAt: new Date().toISOString(),
    generatedBy: actor.name,
    checkpoint: signed,
    fingerprint,
    records,
    readme: { name: 'README.txt', sm3: sm3Hex(readme) },
  };
  const zip = sealPackage(
    utf8.encode(`${JSON.stringify(manifest, null, 2)}\n`),
    members,
    signingKey(ctx.config),
  );
  const stored = await ctx.storage.put(
    (async function* () {
      yield zip;
    })(),
  );
  await progress({
    status: 'done',
    done: entries.length,
    fileKey: stored.key,
    size: stored.size,
    finishedAt: new Date(),
  });
}
