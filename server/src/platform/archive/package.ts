import { unzipSync, zipSync } from 'fflate';
import { ARCHIVE_PACKAGE_FORMAT, verifyInclusion, type ArchiveLeafFields } from '@tongxin/contract';
import { leafOf, sm3, sm3Hex } from './merkle.ts';
import {
  checkpointSignatureValid,
  fingerprintOf,
  signText,
  verifyText,
  type SignedCheckpoint,
  type SigningKey,
} from './signing.ts';

/*
 * Archive packages (.zip): the container format and its offline verifier. No database and no
 * server: everything needed is in the file, and the signer's public key is printed so that it
 * can be compared with the one the organisation publishes (or pinned with --public-key).
 *
 * Members (stored, not compressed, so a changed byte stays a changed byte of that member):
 *   manifest.json        what is inside, with the SM3 of every other member
 *   checkpoint.json      the signed checkpoint every proof leads to
 *   records/<seq>.json   the entry's leaf data: its SM3 leaf hash is H(0x00 ‖ these bytes)
 *   records/<seq>.docx   the same record as a readable Word document
 *   proofs/<seq>.json    RFC 9162 inclusion path of the leaf in the checkpoint's tree
 *   README.txt           how to verify
 * The zip comment carries two SM2 signatures: over the SM3 of manifest.json, and over the SM3
 * of the whole zip without its comment, so a change to any byte (headers included) is detected.
 */

export interface PackageRecord {
  seq: number;
  kind: string;
  title: string;
  version: number;
  supersedes: number | null;
  occurredAt: string;
  leafHash: string;
  json: string;
  docx: string;
  proof: string;
  sm3: { json: string; docx: string; proof: string };
}

export interface PackageManifest {
  format: typeof ARCHIVE_PACKAGE_FORMAT;
  organisation: { id: string; name: string; includeSubtree: boolean };
  period: { from: string; to: string };
  generatedAt: string;
  generatedBy: string;
  checkpoint: SignedCheckpoint;
  fingerprint: string;
  records: PackageRecord[];
  readme: { name: string; sm3: string };
}

export interface ProofFile {
  seq: number;
  treeSize: number;
  leafHash: string;
  path: string[];
}

const SIG_PREFIX = 'TONGXIN-SIG ';
const EOCD = 0x06054b50;
/** A fixed member time: the package's bytes depend on its content only. */
const MTIME = new Date('2000-01-01T00:00:00Z');

const pad = (seq: number): string => String(seq).padStart(10, '0');
export const memberNames = (seq: number) => ({
  json: `records/${pad(seq)}.json`,
  docx: `records/${pad(seq)}.docx`,
  proof: `proofs/${pad(seq)}.json`,
});

const manifestStatement = (manifestSm3: string): string =>
  `${ARCHIVE_PACKAGE_FORMAT}\nmanifest ${manifestSm3}\n`;
const zipStatement = (zipSm3: string): string => `${ARCHIVE_PACKAGE_FORMAT}\nzip ${zipSm3}\n`;

/** Zips the members (manifest first) and signs the result in the zip comment. */
export function sealPackage(
  manifest: Uint8Array,
  members: ReadonlyMap<string, Uint8Array>,
  key: SigningKey,
): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {
    'manifest.json': [manifest, { level: 0, mtime: MTIME }],
  };
  for (const [name, bytes] of members) files[name] = [bytes, { level: 0, mtime: MTIME }];
  const zip = zipSync(files, { level: 0, mtime: MTIME });
  const comment = new TextEncoder().encode(
    `${SIG_PREFIX}${signText(key, manifestStatement(sm3Hex(manifest)))} ${signText(key, zipStatement(sm3Hex(zip)))}`,
  );
  const out = new Uint8Array(zip.length + comment.length);
  out.set(zip);
  out.set(comment, zip.length);
  new DataView(out.buffer).setUint16(zip.length - 2, comment.length, true);
  return out;
}

/** The zip as it was before signing and the signature in its comment, if there is one. */
function splitSignature(file: Uint8Array): { zip: Uint8Array; signature: string } | null {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let p = file.length - 22; p >= Math.max(0, file.length - 22 - 0xffff); p -= 1) {
    if (view.getUint32(p, true) !== EOCD) continue;
    const length = view.getUint16(p + 20, true);
    if (p + 22 + length !== file.length) continue;
    const comment = new TextDecoder().decode(file.subarray(p + 22));
    if (!comment.startsWith(SIG_PREFIX)) return null;
    const zip = file.slice(0, p + 22);
    new DataView(zip.buffer).setUint16(p + 20, 0, true);
    return { zip, signature: comment.slice(SIG_PREFIX.length) };
  }
  return null;
}

export interface PackageProblem {
  /** The member (file inside the zip) that fails, or "(zip)" for the container itself. */
  member: string;
  reason: string;
}

export interface PackageReport {
  ok: boolean;
  problems: PackageProblem[];
  records: number;
  organisation: string | null;
  period: { from: string; to: string } | null;
  checkpoint: { treeSize: number; rootHash: string; time: string } | null;
  fingerprint: string | null;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function asCheckpoint(v: unknown): SignedCheckpoint | null {
  if (!isObject(v)) return null;
  const { treeSize, rootHash, time, signature, publicKey } = v;
  if (
    typeof treeSize !== 'number' ||
    typeof rootHash !== 'string' ||
    typeof time !== 'string' ||
    typeof signature !== 'string' ||
    typeof publicKey !== 'string'
  ) {
    return null;
  }
  return { treeSize, rootHash, time, signature, publicKey };
}

const sameCheckpoint = (a: SignedCheckpoint, b: SignedCheckpoint): boolean =>
  a.treeSize === b.treeSize &&
  a.rootHash === b.rootHash &&
  a.time === b.time &&
  a.signature === b.signature &&
  a.publicKey === b.publicKey;

/**
 * Verifies a package offline. Every member is checked on its own, so the report names each
 * one that was changed; `publicKey` pins the signer (otherwise the package's key is used and
 * its fingerprint reported for comparison).
 */
export function verifyPackage(
  file: Uint8Array,
  options: { publicKey?: string } = {},
): PackageReport {
  const problems: PackageProblem[] = [];
  const report = (extra: Partial<PackageReport> = {}): PackageReport => ({
    ok: problems.length === 0,
    problems,
    records: 0,
    organisation: null,
    period: null,
    checkpoint: null,
    fingerprint: null,
    ...extra,
  });
  const split = splitSignature(file);
  if (!split) {
    problems.push({ member: '(zip)', reason: 'no package signature in the zip comment' });
    return report();
  }
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(split.zip);
  } catch (err) {
    problems.push({ member: '(zip)', reason: `not a readable zip: ${(err as Error).message}` });
    return report();
  }

  const checkpoint = asCheckpoint(parseJson(members['checkpoint.json']));
  if (!checkpoint) {
    problems.push({ member: 'checkpoint.json', reason: 'missing or not a checkpoint' });
    return report();
  }
  const fingerprint = fingerprintOf(checkpoint.publicKey);
  if (!checkpointSignatureValid(checkpoint)) {
    problems.push({ member: 'checkpoint.json', reason: 'checkpoint signature does not verify' });
  }
  if (options.publicKey && options.publicKey !== checkpoint.publicKey) {
    problems.push({
      member: 'checkpoint.json',
      reason: 'signed by another key than the pinned one',
    });
  }

  const manifestBytes = members['manifest.json'];
  const manifest = parseJson(manifestBytes) as PackageManifest | undefined;
  const [manifestSig = '', zipSig = ''] = split.signature.split(' ');
  const manifestSignatureOk =
    manifestBytes !== undefined &&
    verifyText(checkpoint.publicKey, manifestStatement(sm3Hex(manifestBytes)), manifestSig);
  const zipSignatureOk = verifyText(checkpoint.publicKey, zipStatement(sm3Hex(split.zip)), zipSig);
  // Named first: a changed manifest misdirects every check that follows it.
  if (!manifestSignatureOk) {
    problems.push({ member: 'manifest.json', reason: 'changed after the package was signed' });
  }
  if (!isObject(manifest) || !Array.isArray(manifest.records) || !isObject(manifest.checkpoint)) {
    if (manifestSignatureOk) {
      problems.push({ member: 'manifest.json', reason: 'missing or not a package manifest' });
    }
    return report({ fingerprint });
  }
  const manifestCheckpoint = asCheckpoint(manifest.checkpoint);
  if (!manifestCheckpoint || !sameCheckpoint(manifestCheckpoint, checkpoint)) {
    problems.push({
      member: 'manifest.json',
      reason: 'its checkpoint differs from checkpoint.json',
    });
  }

  const listed = new Set(['manifest.json', 'checkpoint.json']);
  const checkMember = (name: string, expected: string | undefined): Uint8Array | null => {
    listed.add(name);
    const bytes = members[name];
    if (!bytes) {
      problems.push({ member: name, reason: 'missing' });
      return null;
    }
    if (sm3Hex(bytes) !== expected) {
      problems.push({ member: name, reason: 'content changed (SM3 differs from the manifest)' });
      return null;
    }
    return bytes;
  };
  if (isObject(manifest.readme)) {
    checkMember(String(manifest.readme.name), String(manifest.readme.sm3));
  }
  for (const r of manifest.records) {
    const json = checkMember(r.json, r.sm3.json);
    checkMember(r.docx, r.sm3.docx);
    const proofBytes = checkMember(r.proof, r.sm3.proof);
    // The leaf data is checked against the signed root on its own, whatever the manifest says.
    const data = members[r.json];
    if (data) {
      const leaf = leafOf(data);
      const proof = parseJson(members[r.proof]) as ProofFile | undefined;
      const fields = parseJson(data) as ArchiveLeafFields | undefined;
      if (
        !proof ||
        !Array.isArray(proof.path) ||
        !verifyInclusion(sm3, r.seq, checkpoint.treeSize, leaf, proof.path, checkpoint.rootHash)
      ) {
        if (json && proofBytes) {
          problems.push({ member: r.json, reason: 'not included in the signed tree' });
        }
      } else if (!fields || fields.seq !== r.seq) {
        problems.push({ member: r.json, reason: 'record is not the one the manifest lists' });
      }
    }
  }
  for (const name of Object.keys(members)) {
    if (!listed.has(name)) problems.push({ member: name, reason: 'not listed in the manifest' });
  }
  // Every member checked out, yet the whole file does not: headers or the signature changed.
  if (!zipSignatureOk && problems.length === 0) {
    problems.push({
      member: '(zip)',
      reason: 'package signature does not verify: zip headers or the signature were changed',
    });
  }
  return report({
    records: manifest.records.length,
    organisation: manifest.organisation?.name ?? null,
    period: manifest.period ?? null,
    checkpoint: {
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash,
      time: checkpoint.time,
    },
    fingerprint,
  });
}
