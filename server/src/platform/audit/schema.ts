import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only: triggers refuse UPDATE and TRUNCATE always, and DELETE except the pruning of
 * an old prefix (see docs/audit.md). Every entry carries an SM3 hash over its content and the
 * previous entry's hash, so an edit, removal or insertion in the middle is detectable even by
 * someone who can switch the triggers off.
 *
 * `seq` is assigned by the writer (previous + 1, under an advisory lock), not by a sequence:
 * a rolled-back transaction would otherwise leave a gap indistinguishable from a deletion.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'bigint' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 6 }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    result: text('result', { enum: ['success', 'failure'] }).notNull(),
    sourceIp: text('source_ip'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_action_idx').on(t.action),
  ],
);

/**
 * Where the chain starts after pruning: the last pruned entry's seq and hash. One row per
 * prune, append-only; verification starts from the newest anchor.
 */
export const auditAnchor = pgTable('audit_anchor', {
  throughSeq: bigint('through_seq', { mode: 'bigint' }).primaryKey(),
  hash: text('hash').notNull(),
  prunedAt: timestamp('pruned_at', { withTimezone: true }).notNull().defaultNow(),
  prunedBefore: timestamp('pruned_before', { withTimezone: true }).notNull(),
  entries: bigint('entries', { mode: 'number' }).notNull(),
});
