import { and, eq, notInArray, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import {
  idCardBirthDate,
  idCardProblem,
  maskIdCard,
  maskPhone,
  normaliseIdCard,
  normalisePhone,
  type Gender,
  type Member,
  type MemberCondition,
  type MemberList,
  type MemberListQuery,
  type MemberStatus,
  type SensitiveField,
} from '@tongxin/contract';
import { members } from './schema.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { isUniqueViolation } from '../../platform/db/rows.ts';
import type { CryptoProvider } from '../../platform/crypto/provider.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { findOrg, subtreeIds } from '../orgs/service.ts';
import { isBranch } from '../orgs/rules.ts';

/** Conditions under which someone no longer counts toward an organisation's membership. */
const GONE: MemberCondition[] = ['left', 'deceased'];

export interface NewMember {
  name: string;
  gender: Gender;
  ethnicity?: string;
  birthDate?: string | null;
  education?: string | null;
  unit?: string | null;
  job?: string | null;
  joinedOn?: string | null;
  fullMemberOn?: string | null;
  status: MemberStatus;
  condition?: MemberCondition;
  branchId: string;
  groupId?: string | null;
  idCard?: string | null;
  phone?: string | null;
}

type MemberRow = typeof members.$inferSelect;

const ID_CARD_INDEX = 'members.id_card';
const PHONE_INDEX = 'members.phone';
const adOf = (rowId: string, column: 'id_card' | 'phone') => ({
  table: 'members',
  column,
  rowId,
});

/** The encrypted columns for an ID card number: ciphertext bound to the row, and its index. */
export function sealIdCard(crypto: CryptoProvider, rowId: string, idCard: string | null) {
  if (idCard === null) return { idCardCipher: null, idCardIndex: null };
  const id = normaliseIdCard(idCard);
  return {
    idCardCipher: crypto.encrypt(id, adOf(rowId, 'id_card')),
    idCardIndex: crypto.blindIndex(ID_CARD_INDEX, id),
  };
}

export function sealPhone(crypto: CryptoProvider, rowId: string, phone: string | null) {
  if (phone === null) return { phoneCipher: null, phoneIndex: null };
  const p = normalisePhone(phone);
  return {
    phoneCipher: crypto.encrypt(p, adOf(rowId, 'phone')),
    phoneIndex: crypto.blindIndex(PHONE_INDEX, p),
  };
}

export const idCardIndexOf = (crypto: CryptoProvider, idCard: string): string =>
  crypto.blindIndex(ID_CARD_INDEX, normaliseIdCard(idCard));

function openIdCard(crypto: CryptoProvider, row: MemberRow): string | null {
  return row.idCardCipher ? crypto.decrypt(row.idCardCipher, adOf(row.id, 'id_card')) : null;
}

function openPhone(crypto: CryptoProvider, row: MemberRow): string | null {
  return row.phoneCipher ? crypto.decrypt(row.phoneCipher, adOf(row.id, 'phone')) : null;
}

export function checkIdCard(
  idCard: string,
  person: { birthDate?: string | null; gender?: Gender | null },
): void {
  const problem = idCardProblem(idCard, person);
  if (problem) {
    throw new AppError(422, 'invalid_id_card', `The ID card number is not valid (${problem})`, {
      field: 'idCard',
      problem,
    });
  }
}

function checkDates(p: {
  birthDate?: string | null;
  joinedOn?: string | null;
  fullMemberOn?: string | null;
}): void {
  if (p.fullMemberOn && p.joinedOn && p.fullMemberOn < p.joinedOn) {
    throw new AppError(422, 'invalid_dates', 'Full membership cannot precede joining', {
      field: 'fullMemberOn',
    });
  }
  if (p.birthDate && p.joinedOn && p.joinedOn <= p.birthDate) {
    throw new AppError(422, 'invalid_dates', 'Joining cannot precede birth', {
      field: 'joinedOn',
    });
  }
}

async function checkGroup(tx: Queryable, branchId: string, groupId: string): Promise<void> {
  const group = await findOrg(tx, groupId);
  if (!group || group.kind !== 'group' || group.parentId !== branchId) {
    throw new AppError(
      422,
      'group_outside_branch',
      'The 党小组 must belong to the member’s branch',
      {
        field: 'groupId',
      },
    );
  }
}

const duplicateIdCard = (err: unknown): never => {
  if (isUniqueViolation(err, 'members_id_card_unique')) {
    throw conflict('Another member has this ID card number', { field: 'idCard' });
  }
  throw err;
};

/**
 * Creates a member. `crypto` is needed only when an ID card number or phone is given, so
 * callers that create bare records (fixtures, the organisation set-up) need not carry it.
 */
export async function createMember(
  tx: Tx,
  actor: Actor,
  input: NewMember,
  crypto?: CryptoProvider,
): Promise<string> {
  const branch = await findOrg(tx, input.branchId);
  if (!branch) throw notFound('Branch');
  if (!isBranch(branch.kind)) {
    throw new AppError(422, 'not_a_branch', 'A member belongs to a 党支部 or 联合党支部', {
      field: 'branchId',
    });
  }
  if (input.groupId) await checkGroup(tx, branch.id, input.groupId);
  checkDates(input);
  if (input.idCard) checkIdCard(input.idCard, input);
  if ((input.idCard || input.phone) && !crypto) {
    throw new Error('createMember: personal data given without a CryptoProvider');
  }
  // The id is chosen here so the ciphertexts can be bound to the row they are written to.
  const id = randomUUID();
  const sealed =
    crypto && (input.idCard || input.phone)
      ? {
          ...sealIdCard(crypto, id, input.idCard ?? null),
          ...sealPhone(crypto, id, input.phone ?? null),
        }
      : {};
  const birthDate =
    input.birthDate ?? (input.idCard ? idCardBirthDate(normaliseIdCard(input.idCard)) : null);
  const [row] = await tx
    .insert(members)
    .values({
      id,
      name: input.name.trim(),
      gender: input.gender,
      ethnicity: input.ethnicity ?? '汉族',
      birthDate,
      education: input.education ?? null,
      unit: input.unit ?? null,
      job: input.job ?? null,
      joinedOn: input.joinedOn ?? null,
      fullMemberOn: input.fullMemberOn ?? null,
      status: input.status,
      condition: input.condition ?? 'normal',
      branchId: branch.id,
      groupId: input.groupId ?? null,
      ...sealed,
    })
    .returning({ id: members.id })
    .catch(duplicateIdCard);
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, {
    action: 'member.create',
    objectType: 'member',
    objectId: row.id,
    details: { branchId: branch.id },
  });
  return row.id;
}

export async function createMemberRecord(
  ctx: ServiceContext,
  actor: Actor,
  input: NewMember,
): Promise<string> {
  return ctx.database.write((tx) => createMember(tx, actor, input, ctx.crypto));
}

export type MemberPatch = Partial<Omit<NewMember, 'branchId'>>;

/** Edits a record; the audit names the fields changed, never the personal data itself. */
export async function updateMember(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  patch: MemberPatch,
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const [row] = await tx.select().from(members).where(eq(members.id, id)).limit(1).for('update');
    if (!row) throw notFound('Member');
    const next = {
      birthDate: patch.birthDate === undefined ? row.birthDate : patch.birthDate,
      gender: patch.gender ?? row.gender,
      joinedOn: patch.joinedOn === undefined ? row.joinedOn : patch.joinedOn,
      fullMemberOn: patch.fullMemberOn === undefined ? row.fullMemberOn : patch.fullMemberOn,
    };
    checkDates(next);
    if (patch.groupId) await checkGroup(tx, row.branchId, patch.groupId);
    const idCard = patch.idCard === undefined ? openIdCard(ctx.crypto, row) : patch.idCard;
    // A new birth date or gender must still agree with the ID card on record.
    if (idCard) checkIdCard(idCard, next);
    const { idCard: newIdCard, phone: newPhone, name, ...plain } = patch;
    const changes = {
      ...plain,
      ...(name === undefined ? {} : { name: name.trim() }),
      ...(newIdCard === undefined ? {} : sealIdCard(ctx.crypto, id, newIdCard)),
      ...(newPhone === undefined ? {} : sealPhone(ctx.crypto, id, newPhone)),
      updatedAt: new Date(),
    };
    await tx.update(members).set(changes).where(eq(members.id, id)).catch(duplicateIdCard);
    await recordAudit(tx, actor, {
      action: 'member.update',
      objectType: 'member',
      objectId: id,
      details: { fields: Object.keys(patch).sort() },
    });
  });
}

/** The clear value of one personal field; the caller has checked the policy. Audited. */
export async function revealMember(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  field: SensitiveField,
): Promise<string | null> {
  return ctx.database.write(async (tx) => {
    const [row] = await tx.select().from(members).where(eq(members.id, id)).limit(1);
    if (!row) throw notFound('Member');
    const value = field === 'idCard' ? openIdCard(ctx.crypto, row) : openPhone(ctx.crypto, row);
    await recordAudit(tx, actor, {
      action: 'member.reveal',
      objectType: 'member',
      objectId: id,
      details: { field, present: value !== null },
    });
    return value;
  });
}

/**
 * Moves a member to another branch (an accepted transfer): the 党小组 is of the old branch,
 * so it is replaced by one of the new branch or cleared.
 */
export async function moveMemberToBranch(
  tx: Tx,
  actor: Actor,
  memberId: string,
  expectedFrom: string,
  toBranchId: string,
  groupId: string | null,
): Promise<void> {
  const [row] = await tx
    .select({ branchId: members.branchId })
    .from(members)
    .where(eq(members.id, memberId))
    .limit(1)
    .for('update');
  if (!row) throw notFound('Member');
  if (row.branchId !== expectedFrom) {
    throw conflict('The member is no longer in the sending branch');
  }
  const branch = await findOrg(tx, toBranchId);
  if (!branch || !isBranch(branch.kind)) throw notFound('Branch');
  if (groupId) await checkGroup(tx, toBranchId, groupId);
  await tx
    .update(members)
    .set({ branchId: toBranchId, groupId, updatedAt: new Date() })
    .where(eq(members.id, memberId));
  await recordAudit(tx, actor, {
    action: 'member.move',
    objectType: 'member',
    objectId: memberId,
    details: { fromBranchId: expectedFrom, toBranchId, groupId },
  });
}

/** Clear personal data for an export the caller may reveal; audited by the caller. */
export function personalData(
  crypto: CryptoProvider,
  row: MemberRow,
): { idCard: string | null; phone: string | null } {
  return { idCard: openIdCard(crypto, row), phone: openPhone(crypto, row) };
}

export async function memberHome(
  db: Queryable,
  id: string,
): Promise<{ branchId: string; groupId: string | null } | null> {
  const [row] = await db
    .select({ branchId: members.branchId, groupId: members.groupId })
    .from(members)
    .where(eq(members.id, id))
    .limit(1);
  return row ?? null;
}

export async function memberNames(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(sql`${members.id} in ${ids}`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Current members per branch and per 党小组. */
export async function memberCounts(
  db: Queryable,
): Promise<{ byBranch: Map<string, number>; byGroup: Map<string, number> }> {
  const rows = await db
    .select({ branchId: members.branchId, groupId: members.groupId, n: sql<number>`count(*)::int` })
    .from(members)
    .where(notInArray(members.condition, GONE))
    .groupBy(members.branchId, members.groupId);
  const byBranch = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const r of rows) {
    byBranch.set(r.branchId, (byBranch.get(r.branchId) ?? 0) + r.n);
    if (r.groupId) byGroup.set(r.groupId, (byGroup.get(r.groupId) ?? 0) + r.n);
  }
  return { byBranch, byGroup };
}

const orgNames = async (db: Queryable, ids: string[]): Promise<Map<string, string>> => {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => findOrg(db, id)));
  return new Map(found.flatMap((o) => (o ? [[o.id, o.name] as const] : [])));
};

export function toMember(
  crypto: CryptoProvider,
  row: MemberRow,
  names: Map<string, string>,
): Member {
  const idCard = openIdCard(crypto, row);
  const phone = openPhone(crypto, row);
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    ethnicity: row.ethnicity,
    birthDate: row.birthDate,
    education: row.education,
    unit: row.unit,
    job: row.job,
    joinedOn: row.joinedOn,
    fullMemberOn: row.fullMemberOn,
    status: row.status,
    condition: row.condition,
    branchId: row.branchId,
    branchName: names.get(row.branchId) ?? '',
    groupId: row.groupId,
    groupName: row.groupId ? (names.get(row.groupId) ?? null) : null,
    idCardMasked: idCard ? maskIdCard(idCard) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
  };
}

/** Members of an organisation and everything below it. */
export async function listMembers(
  ctx: ServiceContext,
  orgId: string,
  query: MemberListQuery,
): Promise<MemberList> {
  const { db } = ctx.database;
  const scope = await subtreeIds(db, [orgId]);
  if (scope.length === 0) throw notFound('Organisation');
  const filters: SQL[] = [sql`(${members.branchId} in ${scope} or ${members.groupId} in ${scope})`];
  if (query.q) filters.push(nameOrNumber(ctx.crypto, query.q));
  if (query.status) filters.push(eq(members.status, query.status));
  if (query.condition) filters.push(eq(members.condition, query.condition));
  const where = and(...filters);
  const [countRow] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(where);
  const rows = await db
    .select()
    .from(members)
    .where(where)
    .orderBy(members.name, members.id)
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0);
  const names = await orgNames(
    db,
    rows.flatMap((r) => (r.groupId ? [r.branchId, r.groupId] : [r.branchId])),
  );
  return {
    items: rows.map((r) => toMember(ctx.crypto, r, names)),
    total: countRow?.n ?? 0,
    may: { add: false, import: false, exportClear: false },
  };
}

export async function getMember(ctx: ServiceContext, id: string): Promise<Member> {
  const { db } = ctx.database;
  const [row] = await db.select().from(members).where(eq(members.id, id)).limit(1);
  if (!row) throw notFound('Member');
  const names = await orgNames(db, row.groupId ? [row.branchId, row.groupId] : [row.branchId]);
  return toMember(ctx.crypto, row, names);
}

/** Name contains q, or q is a whole ID card number or phone (matched by blind index). */
function nameOrNumber(crypto: CryptoProvider, q: string): SQL {
  const byName = sql`${members.name} like ${`%${q.replace(/[\\%_]/g, '\\$&')}%`}`;
  const compact = q.trim().toUpperCase();
  if (/^[0-9]{17}[0-9X]$/.test(compact)) {
    return sql`(${byName} or ${members.idCardIndex} = ${idCardIndexOf(crypto, compact)})`;
  }
  if (/^[0-9-]{7,13}$/.test(compact)) {
    const phone = crypto.blindIndex(PHONE_INDEX, normalisePhone(compact));
    return sql`(${byName} or ${members.phoneIndex} = ${phone})`;
  }
  return byName;
}

export async function memberRow(db: Queryable, id: string): Promise<MemberRow | null> {
  const [row] = await db.select().from(members).where(eq(members.id, id)).limit(1);
  return row ?? null;
}

/**
 * Current members (not left, not deceased) whose branch or 党小组 is one of `orgIds`, with
 * their branch: who a notice to those organisations reaches.
 */
export async function membersIn(
  db: Queryable,
  orgIds: readonly string[],
): Promise<{ id: string; name: string; branchId: string }[]> {
  if (orgIds.length === 0) return [];
  return db
    .select({ id: members.id, name: members.name, branchId: members.branchId })
    .from(members)
    .where(
      and(
        sql`(${members.branchId} in ${orgIds} or ${members.groupId} in ${orgIds})`,
        notInArray(members.condition, GONE),
      ),
    )
    .orderBy(members.name);
}
