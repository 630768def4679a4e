import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/*
 * The tamper-evident archive (党建档案). Entries are immutable; an amendment is a new version
 * linked to the one it supersedes. Every entry is a leaf of an append-only Merkle tree with the
 * structure of RFC 9162 (Certificate Transparency 2.0) hashed with SM3, and signed checkpoints
 * (tree size, root, time; SM2) pin the tree. The pure algorithms below are shared by the server,
 * the offline package verifier and the browser, which checks an entry's inclusion itself.
 */

// ---- kinds ---------------------------------------------------------------------------------

/** What an entry records; the producers are the modules that finalise such records. */
export const ARCHIVE_KINDS = [
  'notice',
  'topic',
  'activity',
  'minutes',
  'talk',
  'evaluation',
  'rectification',
] as const;
export const ArchiveKind = Type.Enum(ARCHIVE_KINDS);
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

export const ARCHIVE_ENTRY_FORMAT = 'tongxin-archive-entry/1';
export const ARCHIVE_CHECKPOINT_FORMAT = 'tongxin-archive-checkpoint/1';
export const ARCHIVE_PACKAGE_FORMAT = 'tongxin-archive-package/1';

// ---- canonical JSON ------------------------------------------------------------------------

/**
 * Canonical JSON: object keys sorted by UTF-16 code units at every level, no whitespace,
 * strings and numbers as JSON.stringify writes them, arrays in order. Undefined, functions,
 * non-finite numbers and anything but plain data are refused, so two writers can never
 * disagree about the bytes of one value.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError('canonicalJson: only plain objects');
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}

/** The fields of an entry that its leaf commits to (all of them). */
export interface ArchiveLeafFields {
  seq: number;
  id: string;
  orgId: string;
  orgName: string;
  kind: string;
  refId: string;
  version: number;
  /** seq of the version this one amends, or null for a first version. */
  supersedes: number | null;
  title: string;
  occurredAt: string;
  archivedAt: string;
  archivedBy: string;
  archivedById: string | null;
  content: unknown;
}

/** The leaf data: canonical JSON of the entry with its format tag, as UTF-8 text. */
export const leafDataText = (entry: ArchiveLeafFields): string =>
  canonicalJson({ format: ARCHIVE_ENTRY_FORMAT, ...entry });

// ---- RFC 9162 Merkle tree hashing and proof verification -----------------------------------

/** The tree hash (SM3 on the server and in the browser), bytes in, 32 bytes out. */
export type HashFn = (data: Uint8Array) => Uint8Array;

export const hexToBytes = (hex: string): Uint8Array => {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) throw new TypeError('not lower-case hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
};

export const bytesToHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const utf8 = new TextEncoder();

/** RFC 9162 §2.1.1: leaf hash = H(0x00 ‖ data). */
export function leafHash(h: HashFn, data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  const buf = new Uint8Array(bytes.length + 1);
  buf[0] = 0;
  buf.set(bytes, 1);
  return bytesToHex(h(buf));
}

/** RFC 9162 §2.1.1: interior node = H(0x01 ‖ left ‖ right). */
export function nodeHash(h: HashFn, left: string, right: string): string {
  const l = hexToBytes(left);
  const r = hexToBytes(right);
  const buf = new Uint8Array(1 + l.length + r.length);
  buf[0] = 1;
  buf.set(l, 1);
  buf.set(r, 1 + l.length);
  return bytesToHex(h(buf));
}

/** The root of the empty tree: H of the empty string. */
export const emptyRoot = (h: HashFn): string => bytesToHex(h(new Uint8Array(0)));

const HASH = /^[0-9a-f]{64}$/;
/** Proofs come from files and the network: anything but 32-byte hashes simply fails. */
const allHashes = (hashes: readonly unknown[]): boolean =>
  hashes.every((x) => typeof x === 'string' && HASH.test(x));

/** RFC 9162 §2.1.3.2: does `path` prove leaf `index` of a tree of `size` under `root`? */
export function verifyInclusion(
  h: HashFn,
  index: number,
  size: number,
  leaf: string,
  path: readonly string[],
  root: string,
): boolean {
  if (index < 0 || index >= size || !allHashes([leaf, root, ...path])) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(h, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(h, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** RFC 9162 §2.1.4.2: does `path` prove the tree of `first` leaves is a prefix of `second`? */
export function verifyConsistency(
  h: HashFn,
  first: number,
  second: number,
  firstRoot: string,
  secondRoot: string,
  path: readonly string[],
): boolean {
  if (first < 0 || second < first || !allHashes([firstRoot, secondRoot, ...path])) return false;
  if (first === second) return path.length === 0 && firstRoot === secondRoot;
  // The empty tree is a prefix of every tree; RFC 9162 defines no proof for it.
  if (first === 0) return path.length === 0;
  if (path.length === 0) return false;
  const proof = isPowerOfTwo(first) ? [firstRoot, ...path] : [...path];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = proof[0] as string;
  let sr = proof[0] as string;
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(h, c, fr);
      sr = nodeHash(h, c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(h, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr === firstRoot && sr === secondRoot && sn === 0;
}

/** The text an SM2 checkpoint signature covers (a signed note, one field a line). */
export const checkpointStatement = (c: {
  treeSize: number;
  rootHash: string;
  time: string;
}): string =>
  `${ARCHIVE_CHECKPOINT_FORMAT}\nsize ${c.treeSize}\nroot ${c.rootHash}\ntime ${c.time}\n`;

/** A public key's fingerprint: SM3 of its uncompressed point, hex, in groups of four. */
export const keyFingerprint = (h: HashFn, publicKeyHex: string): string =>
  (bytesToHex(h(hexToBytes(publicKeyHex))).match(/.{4}/g) ?? []).slice(0, 8).join(' ');

// ---- API -----------------------------------------------------------------------------------

const Stamp = Type.String({ format: 'date-time' });
const Hash = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Seq = Type.Integer({ minimum: 0 });

export const ArchiveCheckpoint = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  treeSize: Type.Integer({ minimum: 0 }),
  rootHash: Hash,
  time: Stamp,
  /** SM2 signature (r ‖ s, hex) over checkpointStatement(). */
  signature: Type.String(),
  /** Uncompressed SM2 public key, hex. */
  publicKey: Type.String(),
  fingerprint: Type.String(),
  reason: Type.String(),
});
export type ArchiveCheckpoint = Static<typeof ArchiveCheckpoint>;

export const ArchiveEntrySummary = Type.Object({
  seq: Seq,
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  kind: ArchiveKind,
  refId: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  supersedes: Type.Union([Seq, Type.Null()]),
  /** seq of a later version that amends this one, if any. */
  supersededBy: Type.Union([Seq, Type.Null()]),
  title: Type.String(),
  occurredAt: Stamp,
  archivedAt: Stamp,
  archivedBy: Type.String(),
  leafHash: Hash,
});
export type ArchiveEntrySummary = Static<typeof ArchiveEntrySummary>;

export const ArchiveEntry = Type.Intersect([
  ArchiveEntrySummary,
  Type.Object({
    /** The exact leaf data (canonical JSON) whose hash is the leaf: verify it yourself. */
    leafData: Type.String(),
    content: Type.Unknown(),
    /** Every version of the same record, oldest first. */
    versions: Type.Array(
      Type.Object({
        id: Uuid,
        seq: Seq,
        version: Type.Integer(),
        archivedAt: Stamp,
        archivedBy: Type.String(),
      }),
    ),
  }),
]);
export type ArchiveEntry = Static<typeof ArchiveEntry>;

export const ArchiveListQuery = Type.Object(
  {
    orgId: Type.Optional(Uuid),
    /** With orgId: the organisations below it too. */
    includeSubtree: Type.Optional(Type.Boolean({ default: false })),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })),
    kind: Type.Optional(ArchiveKind),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type ArchiveListQuery = Static<typeof ArchiveListQuery>;

export const ArchiveList = Type.Object({
  items: Type.Array(ArchiveEntrySummary),
  total: Type.Integer(),
  /** Years (Beijing time) that hold entries within the chosen organisation(s), newest first. */
  years: Type.Array(Type.Integer()),
});
export type ArchiveList = Static<typeof ArchiveList>;

export const ArchiveOrg = Type.Object({
  id: Uuid,
  name: Type.String(),
  path: Type.String(),
});
export const ArchiveOverview = Type.Object({
  /** Organisations the caller may browse. */
  orgs: Type.Array(ArchiveOrg),
  treeSize: Type.Integer(),
  latestCheckpoint: Type.Union([ArchiveCheckpoint, Type.Null()]),
  publicKey: Type.String(),
  fingerprint: Type.String(),
  /** browse: the 审计管理员 or a read_archive officer; verifyAll: the 审计管理员. */
  may: Type.Object({ browse: Type.Boolean(), verifyAll: Type.Boolean() }),
});
export type ArchiveOverview = Static<typeof ArchiveOverview>;

export const ArchiveInclusionProof = Type.Object({
  seq: Seq,
  leafHash: Hash,
  /** RFC 9162 inclusion path, bottom up. */
  path: Type.Array(Hash),
  checkpoint: ArchiveCheckpoint,
});
export type ArchiveInclusionProof = Static<typeof ArchiveInclusionProof>;

export const ArchiveConsistencyQuery = Type.Object(
  { first: Type.Integer({ minimum: 1 }), second: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const ArchiveConsistencyProof = Type.Object({
  first: ArchiveCheckpoint,
  second: ArchiveCheckpoint,
  path: Type.Array(Hash),
});
export type ArchiveConsistencyProof = Static<typeof ArchiveConsistencyProof>;

export const ArchiveCheckpointList = Type.Object({ items: Type.Array(ArchiveCheckpoint) });
export type ArchiveCheckpointList = Static<typeof ArchiveCheckpointList>;

/** What verification found; `firstBad` names the first entry or checkpoint that fails. */
export const ArchiveVerifyResult = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  checkpoints: Type.Integer(),
  firstBad: Type.Union([
    Type.Object({
      what: Type.Union([Type.Literal('entry'), Type.Literal('checkpoint')]),
      seq: Type.Integer(),
      reason: Type.String(),
    }),
    Type.Null(),
  ]),
});
export type ArchiveVerifyResult = Static<typeof ArchiveVerifyResult>;

export const ArchiveTopicRequest = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type ArchiveTopicRequest = Static<typeof ArchiveTopicRequest>;

export const ArchiveRecorded = Type.Object({ seq: Seq, version: Type.Integer({ minimum: 1 }) });
export type ArchiveRecorded = Static<typeof ArchiveRecorded>;

export const ArchiveExportRequest = Type.Object(
  {
    orgId: Uuid,
    includeSubtree: Type.Optional(Type.Boolean({ default: false })),
    from: Type.String({ format: 'date', description: 'First day (Beijing time), YYYY-MM-DD' }),
    to: Type.String({ format: 'date', description: 'Last day (Beijing time), YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);
export type ArchiveExportRequest = Static<typeof ArchiveExportRequest>;

export const ARCHIVE_EXPORT_STATES = ['running', 'done', 'failed'] as const;
export const ArchiveExport = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  includeSubtree: Type.Boolean(),
  from: Type.String(),
  to: Type.String(),
  status: Type.Enum(ARCHIVE_EXPORT_STATES),
  total: Type.Integer(),
  done: Type.Integer(),
  size: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Stamp,
  finishedAt: Type.Union([Stamp, Type.Null()]),
});
export type ArchiveExport = Static<typeof ArchiveExport>;
export const ArchiveExportList = Type.Object({ items: Type.Array(ArchiveExport) });
export type ArchiveExportList = Static<typeof ArchiveExportList>;
