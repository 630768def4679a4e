import { createHash } from 'node:crypto';

/** The previous hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Serialises every entry into the chain: one key across all nodes sharing the database. */
export const AUDIT_CHAIN_LOCK = 0x746f6e67786e02n;

/** Tag of the encoding below; a future encoding gets a new tag and verify learns both. */
const ENCODING = 'tongxin-audit/1';

/** The fields an entry's hash covers, exactly as stored. */
export interface ChainedFields {
  seq: bigint;
  /** UTC, microseconds, e.g. 2026-11-25T14:49:17.123456Z (see AT_TEXT). */
  at: string;
  actorId: string | null;
  actorName: string;
  actorRole: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: 'success' | 'failure';
  sourceIp: string | null;
  details: Record<string, unknown> | null;
  prevHash: string;
}

/** PostgreSQL's rendering of a timestamptz as hashed: the stored microseconds, in UTC. */
export const AT_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"';

/** JSON with object keys sorted at every level: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/**
 * What the database will hand back for these details: JSON has no undefined, Dates become
 * strings. Hashing the normalised value makes the write and the later verify agree.
 */
export function normaliseDetails(
  details: Record<string, unknown> | undefined | null,
): Record<string, unknown> | null {
  if (details === undefined || details === null) return null;
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}

/**
 * SM3 over a JSON array of the fields: JSON's quoting makes the encoding unambiguous (no
 * field can run into the next), and the details are canonical JSON so key order is irrelevant.
 */
export function entryHash(f: ChainedFields): string {
  const encoded = canonicalJson([
    ENCODING,
    f.seq.toString(),
    f.at,
    f.actorId,
    f.actorName,
    f.actorRole,
    f.action,
    f.objectType,
    f.objectId,
    f.result,
    f.sourceIp,
    f.details,
    f.prevHash,
  ]);
  return createHash('sm3').update(encoded, 'utf8').digest('hex');
}

/** A JavaScript Date (milliseconds) in the stored text form, for entries written with a given time. */
export function atText(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
