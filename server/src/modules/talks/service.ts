import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type {
  ScheduleTalkRequest,
  Talk,
  TalkBranch,
  TalkCandidate,
  TalkCoverage,
  TalkCoveragePair,
  TalkCoverageRow,
  TalkList,
  TalkListQuery,
  TalkParty,
  TalkSummary,
} from '@tongxin/contract';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { CryptoProvider } from '../../platform/crypto/provider.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { AppError, forbidden, notFound } from '../../platform/http/errors.ts';
import { archiveRecord, type ArchiveInput } from '../archive/service.ts';
import { accountsOfMembers } from '../identity/service.ts';
import { memberHome, memberNames, memberRow, membersIn } from '../members/service.ts';
import { notify } from '../notifications/service.ts';
import { officeHoldersOf } from '../orgs/service.ts';
import {
  canRead,
  isParty,
  pairKindOf,
  talkBranchOf,
  type OrgTree,
  type PostBook,
  type TalkRights,
} from './policy.ts';
import { talks } from './schema.ts';

export type TalkRow = typeof talks.$inferSelect;
type Column = 'topic' | 'record' | 'correction';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const linkOf = (id: string): string => `/talks/${id}`;
const adOf = (rowId: string, column: Column) => ({ table: 'talks', column, rowId });
const seal = (crypto: CryptoProvider, rowId: string, column: Column, plain: string): string =>
  crypto.encrypt(plain, adOf(rowId, column));
const open = (crypto: CryptoProvider, rowId: string, column: Column, cipher: string): string =>
  crypto.decrypt(cipher, adOf(rowId, column));

/** The year as it is lived in the branch (Asia/Shanghai, UTC+8, no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const yearRange = (year: number): { from: Date; to: Date } => ({
  from: new Date(Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS),
  to: new Date(Date.UTC(year + 1, 0, 1) - SHANGHAI_OFFSET_MS),
});
const shanghaiTime = (d: Date): string =>
  d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);

export async function findTalk(db: Queryable, id: string): Promise<TalkRow | null> {
  const [row] = await db.select().from(talks).where(eq(talks.id, id)).limit(1);
  return row ?? null;
}

/** The talk if the caller may read it: 404 when there is none, 403 when it is not theirs. */
export async function readableTalk(
  db: Queryable,
  rights: TalkRights,
  id: string,
): Promise<TalkRow> {
  const row = await findTalk(db, id);
  if (!row) throw notFound('Talk');
  if (!canRead(rights, row)) {
    throw new AppError(
      403,
      'talk_private',
      'A talk is read only by its two parties and the designated officers above the branch',
    );
  }
  return row;
}

/**
 * Talks are among party members: full and probationary members whose membership is not
 * suspended. Applicants, activists and candidates for membership are left out.
 */
async function partyMembersOnly<T extends { id: string }>(
  db: Queryable,
  people: T[],
): Promise<T[]> {
  const out: T[] = [];
  for (const p of people) {
    const row = await memberRow(db, p.id);
    if (
      row &&
      (row.status === 'full' || row.status === 'probationary') &&
      row.condition !== 'suspended'
    ) {
      out.push(p);
    }
  }
  return out;
}

/** Who acts on a talk: a signed-in member, with the account that receives notifications. */
export interface TalkCaller {
  actor: Actor;
  memberId: string;
  accountId: string;
}

/**
 * Members the caller may schedule a talk with, each with the pair kind it would be: their own
 * branch, and the branches below any organisation on whose committee they sit. Only members
 * with an account, since the other party confirms the record.
 */
export async function talkCandidates(
  db: Queryable,
  tree: OrgTree,
  book: PostBook,
  memberId: string,
): Promise<TalkCandidate[]> {
  const home = (await memberHome(db, memberId))?.branchId ?? null;
  const reach = new Set<string>(home ? [home] : []);
  for (const orgId of await book.committeeOrgs(memberId)) {
    for (const o of tree.subtree(orgId)) reach.add(o);
  }
  const people = await partyMembersOnly(
    db,
    (await membersIn(db, [...reach])).filter((p) => p.id !== memberId),
  );
  // A committee member whose own membership is elsewhere still talks with their branch.
  if (home) {
    const known = new Set(people.map((p) => p.id));
    const names = await memberNames(db, await officeHoldersOf(db, [home]));
    for (const [id, name] of names) {
      if (id !== memberId && !known.has(id) && (await book.committeeOrgs(id)).includes(home)) {
        people.push({ id, name, branchId: home });
      }
    }
  }
  const accounts = await accountsOfMembers(
    db,
    people.map((p) => p.id),
  );
  const out: TalkCandidate[] = [];
  for (const p of people) {
    if (!accounts.has(p.id)) continue;
    const branchId = await talkBranchOf(db, tree, book, memberId, p.id);
    if (!branchId) continue;
    out.push({
      memberId: p.id,
      name: p.name,
      branchName: tree.name(p.branchId),
      pairKind: await pairKindOf(tree, book, branchId, memberId, p.id),
    });
  }
  return out.sort((a, b) =>
    a.branchName === b.branchName
      ? a.name.localeCompare(b.name, 'zh-CN')
      : a.branchName.localeCompare(b.branchName, 'zh-CN'),
  );
}

/** Options the demo uses to seed a past year; everyone else acts now. */
export interface At {
  at?: Date;
}

/** Schedules a talk and tells the other party; audited without its topic. */
export async function scheduleTalk(
  ctx: ServiceContext,
  tree: OrgTree,
  book: PostBook,
  caller: TalkCaller,
  input: ScheduleTalkRequest,
  options: At = {},
): Promise<string> {
  const { db } = ctx.database;
  if (input.otherMemberId === caller.memberId) {
    throw new AppError(422, 'talk_with_self', 'A talk needs another party', {
      field: 'otherMemberId',
    });
  }
  const branchId = await talkBranchOf(db, tree, book, caller.memberId, input.otherMemberId);
  const members = await partyMembersOnly(db, [
    { id: caller.memberId },
    { id: input.otherMemberId },
  ]);
  if (!branchId || members.length < 2) {
    throw new AppError(
      422,
      'talk_party_out_of_scope',
      'Talk with party members of your own branch, or, as a committee member, of the organisations below',
      { field: 'otherMemberId' },
    );
  }
  const other = (await accountsOfMembers(db, [input.otherMemberId])).get(input.otherMemberId);
  if (!other) {
    throw new AppError(
      422,
      'talk_party_without_account',
      'The other party has no account to confirm the record with',
      { field: 'otherMemberId' },
    );
  }
  const pairKind = await pairKindOf(tree, book, branchId, caller.memberId, input.otherMemberId);
  const names = await memberNames(db, [caller.memberId]);
  const scheduledAt = new Date(input.scheduledAt);
  const id = randomUUID();
  const stored = await ctx.database.write(async (tx) => {
    await tx.insert(talks).values({
      id,
      branchId,
      initiatorMemberId: caller.memberId,
      otherMemberId: input.otherMemberId,
      pairKind,
      topicCipher: seal(ctx.crypto, id, 'topic', input.topic.trim()),
      scheduledAt,
      place: input.place.trim(),
      status: 'scheduled',
      ...(options.at ? { createdAt: options.at } : {}),
    });
    await recordAudit(tx, caller.actor, {
      action: 'talk.schedule',
      objectType: 'talk',
      objectId: id,
      details: { branchId, pairKind, otherMemberId: input.otherMemberId },
    });
    // The notification is stored in the clear: it names the time and place, never the topic.
    return notify(tx, [
      {
        accountId: other.accountId,
        kind: 'talk',
        title: '谈心谈话安排',
        excerpt: `${names.get(caller.memberId) ?? ''}约您谈心谈话：${shanghaiTime(scheduledAt)}，${input.place.trim()}`,
        link: linkOf(id),
        sourceId: id,
        actorAccountId: caller.accountId,
      },
    ]);
  });
  await ctx.bus.publish(stored);
  return id;
}

async function lockTalk(tx: Tx, id: string): Promise<TalkRow> {
  const [row] = await tx.select().from(talks).where(eq(talks.id, id)).limit(1).for('update');
  if (!row) throw notFound('Talk');
  return row;
}

const requireParty = (row: TalkRow, memberId: string): void => {
  if (row.initiatorMemberId !== memberId && row.otherMemberId !== memberId) {
    throw forbidden('Only the two parties act on a talk');
  }
};
const otherParty = (row: TalkRow, memberId: string): string =>
  row.initiatorMemberId === memberId ? row.otherMemberId : row.initiatorMemberId;
const wrongState = (message: string): AppError => new AppError(409, 'talk_wrong_state', message);

/**
 * One write on a talk by a party: locks the row, applies `change`, audits, and notifies the
 * party named by `tell`; events after commit.
 */
async function actOnTalk(
  ctx: ServiceContext,
  caller: TalkCaller,
  id: string,
  action: string,
  change: (row: TalkRow, tx: Tx) => Promise<{ tell: string; title: string; excerpt: string }>,
): Promise<void> {
  const stored = await ctx.database.write(async (tx) => {
    const row = await lockTalk(tx, id);
    requireParty(row, caller.memberId);
    const { tell, title, excerpt } = await change(row, tx);
    await recordAudit(tx, caller.actor, {
      action,
      objectType: 'talk',
      objectId: id,
      details: { branchId: row.branchId },
    });
    const account = (await accountsOfMembers(tx, [tell])).get(tell);
    if (!account) return [];
    return notify(tx, [
      {
        accountId: account.accountId,
        kind: 'talk',
        title,
        excerpt,
        link: linkOf(id),
        sourceId: id,
        actorAccountId: caller.accountId,
      },
    ]);
  });
  await ctx.bus.publish(stored);
}

/**
 * Writes (or, after a correction request, rewrites) the record: either party writes first and
 * becomes the recorder; only the recorder rewrites. The other party is asked to confirm.
 */
export async function writeTalkRecord(
  ctx: ServiceContext,
  caller: TalkCaller,
  id: string,
  record: string,
  options: At = {},
): Promise<void> {
  await actOnTalk(ctx, caller, id, 'talk.record', async (row, tx) => {
    if (row.status === 'recorded' && row.recorderMemberId !== caller.memberId) {
      throw new AppError(
        409,
        'talk_not_recorder',
        'The other party wrote this record: confirm it or ask for a correction',
      );
    }
    if (row.status !== 'scheduled' && row.status !== 'recorded') {
      throw wrongState(`A ${row.status} talk's record cannot be changed`);
    }
    await tx
      .update(talks)
      .set({
        status: 'recorded',
        recorderMemberId: caller.memberId,
        recordCipher: seal(ctx.crypto, id, 'record', record.trim()),
        recordedAt: options.at ?? new Date(),
        correctionCipher: null,
        correctionRequestedAt: null,
      })
      .where(eq(talks.id, id));
    return {
      tell: otherParty(row, caller.memberId),
      title: '谈话记录待确认',
      excerpt: '对方已填写谈心谈话记录，请查看并确认',
    };
  });
}

/**
 * The archive entry (党建档案, kind `talk`) of a confirmed talk: the metadata any officer over
 * the branch sees in the coverage matrix (who with whom, kind, when, where) and the stored
 * ciphertexts exactly as they are, never plaintext. The ciphertexts are bound to this table,
 * column and talk id (see docs/security-crypto.md), so only this installation's key opens them.
 */
async function talkArchiveInput(tx: Tx, row: TalkRow, confirmedAt: Date): Promise<ArchiveInput> {
  const names = await memberNames(tx, [row.initiatorMemberId, row.otherMemberId]);
  const party = (memberId: string) => ({ memberId, name: names.get(memberId) ?? '' });
  return {
    orgId: row.branchId,
    kind: 'talk',
    refId: row.id,
    title: `谈心谈话：${party(row.initiatorMemberId).name}、${party(row.otherMemberId).name}`,
    occurredAt: row.scheduledAt,
    content: {
      talkId: row.id,
      pairKind: row.pairKind,
      initiator: party(row.initiatorMemberId),
      other: party(row.otherMemberId),
      recorderMemberId: row.recorderMemberId,
      scheduledAt: row.scheduledAt.toISOString(),
      place: row.place,
      recordedAt: iso(row.recordedAt),
      confirmedAt: confirmedAt.toISOString(),
      encrypted: {
        table: 'talks',
        boundTo: 'table, column and talk id',
        topicCipher: row.topicCipher,
        recordCipher: row.recordCipher,
        correctionCipher: row.correctionCipher,
      },
    },
  };
}

/** The party who did not write the record confirms it: the talk is done. */
export async function confirmTalk(
  ctx: ServiceContext,
  caller: TalkCaller,
  id: string,
  options: At = {},
): Promise<void> {
  await actOnTalk(ctx, caller, id, 'talk.confirm', async (row, tx) => {
    if (row.status !== 'recorded') throw wrongState('Only a written record can be confirmed');
    if (row.recorderMemberId === caller.memberId) {
      throw new AppError(409, 'talk_own_record', 'The other party confirms the record you wrote');
    }
    const confirmedAt = options.at ?? new Date();
    await tx.update(talks).set({ status: 'confirmed', confirmedAt }).where(eq(talks.id, id));
    // Runs before actOnTalk audits (archive lock before the audit chain's).
    await archiveRecord(ctx, tx, caller.actor, await talkArchiveInput(tx, row, confirmedAt));
    return {
      tell: row.recorderMemberId ?? otherParty(row, caller.memberId),
      title: '谈话记录已确认',
      excerpt: '对方已确认谈心谈话记录',
    };
  });
}

/** The other party asks the recorder to correct the record; it stays recorded, with the note. */
export async function requestTalkCorrection(
  ctx: ServiceContext,
  caller: TalkCaller,
  id: string,
  note: string,
): Promise<void> {
  await actOnTalk(ctx, caller, id, 'talk.request_correction', async (row, tx) => {
    if (row.status !== 'recorded') throw wrongState('Only a written record can be corrected');
    if (row.recorderMemberId === caller.memberId) {
      throw new AppError(409, 'talk_own_record', 'Edit your own record instead');
    }
    await tx
      .update(talks)
      .set({
        correctionCipher: seal(ctx.crypto, id, 'correction', note.trim()),
        correctionRequestedAt: new Date(),
      })
      .where(eq(talks.id, id));
    return {
      tell: row.recorderMemberId ?? otherParty(row, caller.memberId),
      title: '谈话记录需修改',
      excerpt: '对方请您修改谈心谈话记录',
    };
  });
}

/** Either party cancels a talk that has not been recorded yet. */
export async function cancelTalk(
  ctx: ServiceContext,
  caller: TalkCaller,
  id: string,
  reason: string,
): Promise<void> {
  await actOnTalk(ctx, caller, id, 'talk.cancel', async (row, tx) => {
    if (row.status !== 'scheduled') throw wrongState('Only a scheduled talk can be cancelled');
    await tx
      .update(talks)
      .set({ status: 'cancelled', cancelledAt: new Date(), cancelReason: reason.trim() })
      .where(eq(talks.id, id));
    return {
      tell: otherParty(row, caller.memberId),
      title: '谈心谈话已取消',
      excerpt: `${shanghaiTime(row.scheduledAt)}的谈心谈话已取消`,
    };
  });
}

async function partiesOf(db: Queryable, rows: readonly TalkRow[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const r of rows) {
    ids.add(r.initiatorMemberId);
    ids.add(r.otherMemberId);
  }
  return memberNames(db, [...ids]);
}

function summaryOf(
  crypto: CryptoProvider,
  tree: OrgTree,
  names: Map<string, string>,
  row: TalkRow,
  withTopic: boolean,
): TalkSummary {
  const party = (memberId: string): TalkParty => ({ memberId, name: names.get(memberId) ?? '' });
  return {
    id: row.id,
    branchId: row.branchId,
    branchName: tree.name(row.branchId),
    initiator: party(row.initiatorMemberId),
    other: party(row.otherMemberId),
    pairKind: row.pairKind,
    topic: withTopic ? open(crypto, row.id, 'topic', row.topicCipher) : null,
    scheduledAt: row.scheduledAt.toISOString(),
    place: row.place,
    status: row.status,
    correctionPending: row.status === 'recorded' && row.correctionRequestedAt !== null,
  };
}

/**
 * Opens a talk for a caller who may read it. Every opening is audited (who, which talk, as a
 * party or as an overseer), in its own transaction before anything is returned.
 */
export async function viewTalk(
  ctx: ServiceContext,
  tree: OrgTree,
  rights: TalkRights,
  actor: Actor,
  row: TalkRow,
): Promise<Talk> {
  const party = isParty(rights, row);
  await ctx.database.write((tx) =>
    recordAudit(tx, actor, {
      action: 'talk.view',
      objectType: 'talk',
      objectId: row.id,
      details: { branchId: row.branchId, as: party ? 'party' : 'overseer' },
    }),
  );
  const names = await partiesOf(ctx.database.db, [row]);
  const base = summaryOf(ctx.crypto, tree, names, row, true);
  const me = rights.memberId;
  const recorder = row.recorderMemberId;
  const notRecorder = party && row.status === 'recorded' && recorder !== me;
  return {
    ...base,
    topic: base.topic ?? '',
    record: row.recordCipher ? open(ctx.crypto, row.id, 'record', row.recordCipher) : null,
    recorder: recorder ? { memberId: recorder, name: names.get(recorder) ?? '' } : null,
    recordedAt: iso(row.recordedAt),
    correctionNote:
      row.correctionCipher && row.status === 'recorded'
        ? open(ctx.crypto, row.id, 'correction', row.correctionCipher)
        : null,
    correctionRequestedAt: row.status === 'recorded' ? iso(row.correctionRequestedAt) : null,
    confirmedAt: iso(row.confirmedAt),
    cancelledAt: iso(row.cancelledAt),
    cancelReason: row.cancelReason,
    may: {
      write:
        party && (row.status === 'scheduled' || (row.status === 'recorded' && recorder === me)),
      confirm: notRecorder,
      requestCorrection: notRecorder,
      cancel: party && row.status === 'scheduled',
    },
    party,
  };
}

/** The caller's own talks, or (oversee) a branch's talks without topics; newest first. */
export async function listTalks(
  ctx: ServiceContext,
  tree: OrgTree,
  rights: TalkRights,
  query: TalkListQuery,
): Promise<TalkList> {
  const { db } = ctx.database;
  const oversee = (query.box ?? 'mine') === 'oversee';
  const where: SQL[] = [];
  if (oversee) {
    if (!query.branchId) {
      throw new AppError(400, 'invalid_input', 'Choose a branch', { field: 'query.branchId' });
    }
    if (!rights.oversee.has(query.branchId)) {
      throw new AppError(
        403,
        'talk_private',
        'Only the designated officers above a branch read its talks',
      );
    }
    where.push(eq(talks.branchId, query.branchId));
  } else {
    if (!rights.memberId) return { items: [], total: 0 };
    const me = rights.memberId;
    const mine = or(eq(talks.initiatorMemberId, me), eq(talks.otherMemberId, me));
    if (mine) where.push(mine);
    if (query.branchId) where.push(eq(talks.branchId, query.branchId));
  }
  if (query.year) {
    const { from, to } = yearRange(query.year);
    where.push(gte(talks.scheduledAt, from), lt(talks.scheduledAt, to));
  }
  if (query.status) where.push(eq(talks.status, query.status));
  const [total] = await db
    .select({ n: count() })
    .from(talks)
    .where(and(...where));
  const rows = await db
    .select()
    .from(talks)
    .where(and(...where))
    .orderBy(desc(talks.scheduledAt), talks.id)
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0);
  const names = await partiesOf(db, rows);
  return {
    items: rows.map((r) => summaryOf(ctx.crypto, tree, names, r, !oversee && isParty(rights, r))),
    total: total?.n ?? 0,
  };
}

/** Branches whose matrix the caller may open, marking those whose talks they may read. */
export function talkBranches(tree: OrgTree, rights: TalkRights): TalkBranch[] {
  const ids = new Set([...rights.coverage, ...rights.oversee]);
  return [...ids]
    .map((id) => ({ id, name: tree.name(id), oversee: rights.oversee.has(id) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * The yearly coverage matrix of a branch (rule in docs/talks.md): from confirmed talks held in
 * the year between today's committee of the branch and its members. Counts only: no topic,
 * no record, nothing decrypted.
 */
export async function talkCoverage(
  ctx: ServiceContext,
  tree: OrgTree,
  book: PostBook,
  branchId: string,
  year: number,
): Promise<TalkCoverage> {
  const { db } = ctx.database;
  const roster = await partyMembersOnly(db, await membersIn(db, [branchId]));
  const holders = await officeHoldersOf(db, [branchId]);
  const committeeIds: string[] = [];
  for (const id of holders) {
    if (await book.onBranchCommittee(id, branchId)) committeeIds.push(id);
  }
  const names = await memberNames(db, [...committeeIds, ...roster.map((r) => r.id)]);
  const byName = (a: TalkParty, b: TalkParty) => a.name.localeCompare(b.name, 'zh-CN');
  const party = (memberId: string): TalkParty => ({ memberId, name: names.get(memberId) ?? '' });
  const committee = committeeIds.map(party).sort(byName);
  const inCommittee = new Set(committeeIds);
  const ordinary = roster
    .filter((r) => !inCommittee.has(r.id))
    .map((r) => party(r.id))
    .sort(byName);
  const people = new Set([...committeeIds, ...ordinary.map((p) => p.memberId)]);

  const { from, to } = yearRange(year);
  const rows = await db
    .select({ a: talks.initiatorMemberId, b: talks.otherMemberId })
    .from(talks)
    .where(
      and(
        eq(talks.branchId, branchId),
        eq(talks.status, 'confirmed'),
        gte(talks.scheduledAt, from),
        lt(talks.scheduledAt, to),
      ),
    );
  const pairs = new Map<string, number>();
  let withHigherLevels = 0;
  for (const r of rows) {
    if (!people.has(r.a) || !people.has(r.b)) {
      withHigherLevels += 1;
      continue;
    }
    const key = pairKey(r.a, r.b);
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  const talksOf = (a: string, b: string): number => pairs.get(pairKey(a, b)) ?? 0;

  const committeeCommittee: TalkCoveragePair[] = [];
  for (let i = 0; i < committee.length; i += 1) {
    for (let j = i + 1; j < committee.length; j += 1) {
      const a = committee[i];
      const b = committee[j];
      if (a && b) committeeCommittee.push({ a, b, talks: talksOf(a.memberId, b.memberId) });
    }
  }
  const accounts = await accountsOfMembers(db, [...people]);
  const rowOf = (m: TalkParty, others: readonly TalkParty[]): TalkCoverageRow => {
    const partners = others
      .filter((o) => o.memberId !== m.memberId)
      .map((o) => ({ ...o, talks: talksOf(m.memberId, o.memberId) }))
      .filter((o) => o.talks > 0);
    return {
      ...m,
      partners,
      covered: partners.length > 0,
      hasAccount: accounts.has(m.memberId),
    };
  };
  const committeeMember = ordinary.map((m) => rowOf(m, committee));
  const memberMember = ordinary.map((m) => rowOf(m, ordinary));
  const tally = (covered: readonly boolean[]) => ({
    required: covered.length,
    covered: covered.filter(Boolean).length,
  });
  return {
    branchId,
    branchName: tree.name(branchId),
    year,
    committee,
    members: ordinary,
    committeeCommittee,
    committeeMember,
    memberMember,
    summary: {
      committee_committee: tally(committeeCommittee.map((p) => p.talks > 0)),
      committee_member: tally(committeeMember.map((r) => r.covered)),
      // A branch with a single ordinary member cannot have a member–member talk: not required.
      member_member: ordinary.length > 1 ? tally(memberMember.map((r) => r.covered)) : tally([]),
    },
    withHigherLevels,
  };
}
