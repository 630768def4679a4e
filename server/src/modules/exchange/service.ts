import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
  DEFAULT_TOPIC_TAGS,
  DM_MAX_MEMBERS,
  WITHDRAW_WINDOW_MINUTES,
  exchangeMessageLink,
  type CreateSpaceRequest,
  type CreateTopicRequest,
  type ExchangeEventPayloads,
  type ExchangeEventType,
  type Message,
  type MessageHistory,
  type MessageQuote,
  type MessageSearchQuery,
  type MessageSearchResult,
  type PeopleList,
  type PostMessageRequest,
  type Reaction,
  type ReactionEmoji,
  type SpaceDetail,
  type SpaceSummary,
  type SubscriptionLevel,
  type Topic,
  type TopicDetail,
  type TopicList,
  type TopicListItem,
  type TopicListQuery,
  type TopicTag,
  type TopicTagList,
  type UnreadCounts,
  type UpdateSpaceRequest,
  type UpdateTopicRequest,
} from '@tongxin/contract';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { appendEvents, rewriteStoredPayloads, type UserEvent } from '../../platform/bus/events.ts';
import { appendAudit, type Actor } from '../../platform/audit/audit.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { renderMessage, type MentionTarget } from '../../platform/markdown/markdown.ts';
import {
  markSourceRead,
  notify,
  unreadCount as unreadNotifications,
  type NotificationInput,
  redactSource,
} from '../notifications/service.ts';
import { claimFiles } from '../files/service.ts';
import { assertNoSensitiveWords } from './sensitive.ts';
import { indexExchangeMessage, indexExchangeTopic, removeDocument } from '../search/indexer.ts';
import { findOrgAnyState, orgNames } from '../orgs/service.ts';
import {
  ancestorsOf,
  memberCount,
  spaceAccess,
  spaceAudience,
  spaceMembers,
  subtreeOf,
  visiblePeople,
  mayAddressAll,
  type SpaceAccess,
  type SpaceRow,
  type Viewer,
  viewerOf,
} from './policy.ts';
import {
  exchangeMessageVersions,
  exchangeMessages,
  exchangeReactions,
  exchangeReadMarkers,
  exchangeSpaceMembers,
  exchangeSpaceReads,
  exchangeSpaces,
  exchangeTags,
  exchangeTopicSubscriptions,
  exchangeTopics,
} from './schema.ts';
import {
  excerptOf,
  findMessage,
  findSpace,
  findTopicAndSpace,
  messagePage,
  messageView,
  messageViews,
  reactionsOf,
  spaceEventBody,
  tagsById,
  topicView,
  topicViews,
  type MessageRow,
  type TopicRow,
} from './views.ts';

export { viewerOf, type Viewer } from './policy.ts';

/**
 * Backfilling history (the demo, future imports): the message is dated `at` and tells nobody
 * (no notifications for something that happened months ago). Live posting passes nothing.
 */
export interface Backfill {
  at?: Date;
  quiet?: boolean;
}

/** The owner kind of files attached to messages (files module: claimFiles). */
export const MESSAGE_FILE_OWNER = 'message';

/** Appends one exchange event to each recipient, typed by its payload. */
function emit<T extends ExchangeEventType>(
  tx: Tx,
  recipients: readonly string[],
  type: T,
  payload: ExchangeEventPayloads[T],
): Promise<UserEvent[]> {
  return appendEvents(tx, recipients, { type, payload: payload as Record<string, unknown> });
}

/** Runs a write and publishes its events after commit. */
async function writeAndPublish<T>(
  ctx: ServiceContext,
  work: (tx: Tx, events: UserEvent[]) => Promise<T>,
): Promise<T> {
  const events: UserEvent[] = [];
  const result = await ctx.database.write((tx) => work(tx, events));
  await ctx.bus.publish(events);
  return result;
}

// ---- access -------------------------------------------------------------------------------

/** The viewer for a signed-in account; administrators get an excluded viewer. */
export async function requireViewer(ctx: ServiceContext, accountId: string): Promise<Viewer> {
  const viewer = await viewerOf(ctx.database.db, accountId);
  if (!viewer) throw notFound('Account');
  if (viewer.excluded) throw forbidden('The exchange is for party members');
  return viewer;
}

/** The space and what the viewer may do there; a space it may not read is a 404. */
export async function readableSpace(
  db: Queryable,
  viewer: Viewer,
  spaceId: string,
): Promise<{ space: SpaceRow; access: SpaceAccess }> {
  const space = await findSpace(db, spaceId);
  if (!space) throw notFound('Space');
  const access = await spaceAccess(db, viewer, space);
  if (!access.read) throw notFound('Space');
  return { space, access };
}

export async function readableTopic(db: Queryable, viewer: Viewer, topicId: string) {
  const found = await findTopicAndSpace(db, topicId);
  if (!found) throw notFound('Topic');
  const { topic, space } = found;
  const access = await spaceAccess(db, viewer, space);
  if (!access.read) throw notFound('Topic');
  return { topic, space, access };
}

export async function readableMessage(db: Queryable, viewer: Viewer, messageId: number) {
  const message = await findMessage(db, messageId);
  if (!message) throw notFound('Message');
  try {
    return { message, ...(await readableTopic(db, viewer, message.topicId)) };
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 404) throw notFound('Message');
    throw e;
  }
}

function requirePost(access: SpaceAccess): void {
  if (!access.post) {
    throw forbidden(
      access.readOnly
        ? 'You read this space as a supervising officer; only its members post'
        : 'Only officers post in this space',
    );
  }
}

/**
 * For the WebSocket gateway: the other accounts that should see the account typing in the
 * space, or null when it may not post there.
 */
export async function typingAudience(
  ctx: ServiceContext,
  accountId: string,
  spaceId: string,
): Promise<string[] | null> {
  const db = ctx.database.db;
  const viewer = await viewerOf(db, accountId);
  const space = await findSpace(db, spaceId);
  if (!viewer || !space) return null;
  if (!(await spaceAccess(db, viewer, space)).post) return null;
  return (await spaceAudience(db, space)).filter((a) => a !== accountId);
}

/** For the files module: may the account read the message (and so its attachments)? */
export async function mayReadMessage(
  ctx: ServiceContext,
  accountId: string,
  messageId: string,
): Promise<boolean> {
  const id = Number(messageId);
  if (!Number.isSafeInteger(id) || id < 1) return false;
  const db = ctx.database.db;
  const viewer = await viewerOf(db, accountId);
  const message = await findMessage(db, id);
  if (!viewer || !message || message.withdrawnAt) return false;
  const space = await findSpace(db, message.spaceId);
  return space !== null && (await spaceAccess(db, viewer, space)).read;
}

// ---- spaces -------------------------------------------------------------------------------

/** The org space of an organisation, created the first time anyone needs it. */
export async function ensureOrgSpace(ctx: ServiceContext, orgId: string): Promise<SpaceRow> {
  const existing = await orgSpaceOf(ctx.database.db, orgId);
  if (existing) return existing;
  await ctx.database.write(async (tx) => {
    const org = await findOrgAnyState(tx, orgId);
    if (!org) throw notFound('Organisation');
    await tx
      .insert(exchangeSpaces)
      .values({ kind: 'org', name: org.name, orgId })
      .onConflictDoNothing();
  });
  const created = await orgSpaceOf(ctx.database.db, orgId);
  if (!created) throw new Error('org space was not created');
  return created;
}

async function orgSpaceOf(db: Queryable, orgId: string): Promise<SpaceRow | null> {
  const [row] = await db
    .select()
    .from(exchangeSpaces)
    .where(and(eq(exchangeSpaces.orgId, orgId), eq(exchangeSpaces.kind, 'org')))
    .limit(1);
  return row ?? null;
}

const homeOrgs = (v: Viewer): string[] =>
  [...new Set([v.branchId, v.groupId, ...v.postOrgIds])].filter((o): o is string => o !== null);

/** Unread messages (not the viewer's own, not withdrawn) per space and topic. */
async function unreadRows(
  db: Queryable,
  accountId: string,
  where: SQL,
): Promise<{ space_id: string; topic_id: string; unread: number; mentions: number }[]> {
  const rows = await queryRows<{
    space_id: string;
    topic_id: string;
    unread: string | number;
    mentions: string | number;
  }>(
    db,
    sql`select m.space_id, m.topic_id, count(*) as unread,
          count(*) filter (where ${accountId}::uuid = any(m.mentions) or m.mentions_all) as mentions
        from exchange_messages m
        left join exchange_read_markers r on r.topic_id = m.topic_id and r.account_id = ${accountId}
        left join exchange_space_reads s on s.space_id = m.space_id and s.account_id = ${accountId}
        where ${where} and m.author_id <> ${accountId} and m.withdrawn_at is null
          and m.id > greatest(coalesce(r.last_read_id, 0), coalesce(s.floor_id, 0))
        group by m.space_id, m.topic_id`,
  );
  return rows.map((r) => ({ ...r, unread: Number(r.unread), mentions: Number(r.mentions) }));
}

/** The spaces the viewer reads, as candidates (access is checked for each). */
async function candidateSpaces(
  ctx: ServiceContext,
  viewer: Viewer,
  includeSupervised: boolean,
): Promise<SpaceRow[]> {
  const db = ctx.database.db;
  const home = homeOrgs(viewer);
  for (const orgId of home) await ensureOrgSpace(ctx, orgId);
  const above = new Set<string>();
  for (const orgId of home) for (const a of await ancestorsOf(db, orgId)) above.add(a);
  const supervised = await subtreeOf(db, viewer.postOrgIds);
  const announcementOrgs = [...new Set([...above, ...supervised])];
  const conditions: SQL[] = [
    sql`(${exchangeSpaces.kind} = 'org' and ${exchangeSpaces.orgId} in ${home.length ? home : [null]})`,
    sql`${exchangeSpaces.id} in (select space_id from exchange_space_members where account_id = ${viewer.accountId})`,
  ];
  if (announcementOrgs.length > 0) {
    conditions.push(
      sql`(${exchangeSpaces.kind} = 'announcement' and ${exchangeSpaces.orgId} in ${announcementOrgs})`,
    );
  }
  if (includeSupervised && supervised.length > 0) {
    conditions.push(
      sql`(${exchangeSpaces.kind} in ('org','study_group','cross_branch') and ${exchangeSpaces.orgId} in ${supervised})`,
    );
  }
  return db
    .select()
    .from(exchangeSpaces)
    .where(sql.join(conditions, sql` or `))
    .orderBy(asc(exchangeSpaces.createdAt));
}

async function summaries(
  db: Queryable,
  viewer: Viewer,
  spaces: readonly { space: SpaceRow; access: SpaceAccess }[],
): Promise<SpaceSummary[]> {
  if (spaces.length === 0) return [];
  const ids = spaces.map((s) => s.space.id);
  const unread = await unreadRows(db, viewer.accountId, sql`m.space_id in ${ids}`);
  const last = await queryRows<{ space_id: string; at: Date | string }>(
    db,
    sql`select space_id, max(last_message_at) as at from exchange_topics
        where space_id in ${ids} group by space_id`,
  );
  const lastAt = new Map(last.map((r) => [r.space_id, r.at ? new Date(r.at).toISOString() : null]));
  const orgIds = [...new Set(spaces.flatMap((s) => (s.space.orgId ? [s.space.orgId] : [])))];
  const namesOfOrgs = await orgNames(db, orgIds);
  const out: SpaceSummary[] = [];
  for (const { space, access } of spaces) {
    const mine = unread.filter((u) => u.space_id === space.id);
    out.push({
      id: space.id,
      kind: space.kind,
      name: await displayName(db, viewer, space, namesOfOrgs),
      description: space.description,
      orgId: space.orgId,
      orgName: space.orgId ? (namesOfOrgs.get(space.orgId) ?? null) : null,
      readOnly: access.readOnly,
      unread: mine.reduce((n, u) => n + u.unread, 0),
      unreadMentions: mine.reduce((n, u) => n + u.mentions, 0),
      lastMessageAt: lastAt.get(space.id) ?? null,
      memberCount: await memberCount(db, space),
    });
  }
  return out;
}

/** Org spaces carry the organisation's current name; unnamed DMs the other people's names. */
async function displayName(
  db: Queryable,
  viewer: Viewer,
  space: SpaceRow,
  namesOfOrgs: ReadonlyMap<string, string>,
): Promise<string> {
  if (space.kind === 'org' && space.orgId) return namesOfOrgs.get(space.orgId) ?? space.name;
  if (space.kind === 'dm' && space.name === '') {
    const others = (await spaceMembers(db, space)).filter((m) => m.accountId !== viewer.accountId);
    return others.map((m) => m.displayName).join('、') || viewer.displayName;
  }
  return space.name;
}

export async function listSpaces(
  ctx: ServiceContext,
  viewer: Viewer,
  includeSupervised: boolean,
): Promise<SpaceSummary[]> {
  const db = ctx.database.db;
  const readable: { space: SpaceRow; access: SpaceAccess }[] = [];
  for (const space of await candidateSpaces(ctx, viewer, includeSupervised)) {
    const access = await spaceAccess(db, viewer, space);
    if (access.read) readable.push({ space, access });
  }
  const items = await summaries(db, viewer, readable);
  const order: Record<SpaceSummary['kind'], number> = {
    announcement: 0,
    org: 1,
    study_group: 2,
    cross_branch: 3,
    dm: 4,
  };
  return items.sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? '') ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
}

export async function spaceDetail(
  ctx: ServiceContext,
  viewer: Viewer,
  spaceId: string,
): Promise<SpaceDetail> {
  const db = ctx.database.db;
  const { space, access } = await readableSpace(db, viewer, spaceId);
  const [summary] = await summaries(db, viewer, [{ space, access }]);
  if (!summary) throw notFound('Space');
  const members = (await spaceMembers(db, space)).map(({ username: _u, ...m }) => m);
  return {
    space: summary,
    members,
    may: { post: access.post, moderate: access.moderate, manageMembers: access.manageMembers },
  };
}

/** The org space of a visible organisation (members, or officers above reading it). */
export async function orgSpaceDetail(
  ctx: ServiceContext,
  viewer: Viewer,
  orgId: string,
): Promise<SpaceDetail> {
  const org = await findOrgAnyState(ctx.database.db, orgId);
  if (!org) throw notFound('Space');
  // Check before creating, so probing ids creates nothing the caller could not see anyway.
  const probe: SpaceRow = {
    id: '00000000-0000-0000-0000-000000000000',
    kind: 'org',
    name: '',
    description: '',
    orgId,
    dmKey: null,
    createdBy: null,
    createdAt: new Date(),
  };
  if (!(await spaceAccess(ctx.database.db, viewer, probe)).read) throw notFound('Space');
  const space = await ensureOrgSpace(ctx, orgId);
  return spaceDetail(ctx, viewer, space.id);
}

/** People the caller can see on the roster and pick for a DM or a space. */
export async function people(
  ctx: ServiceContext,
  viewer: Viewer,
  visible: 'all' | readonly string[],
  query: { q?: string; limit: number; only?: readonly string[] },
): Promise<PeopleList> {
  if (visible === 'all') return { items: [] };
  const db = ctx.database.db;
  const above = new Set<string>();
  for (const orgId of homeOrgs(viewer)) for (const a of await ancestorsOf(db, orgId)) above.add(a);
  const items = await visiblePeople(db, visible, [...above], query);
  return { items };
}

async function requireVisibleAccounts(
  ctx: ServiceContext,
  viewer: Viewer,
  visible: 'all' | readonly string[],
  accountIds: readonly string[],
): Promise<void> {
  const ids = accountIds.filter((a) => a !== viewer.accountId);
  // 'all' is the administrators' scope, and administrators never reach the exchange: only
  // trusted callers (the demo seed) pass it, to place people without a request.
  if (ids.length === 0 || visible === 'all') return;
  const found = await people(ctx, viewer, visible, { only: ids, limit: ids.length });
  if (found.items.length !== ids.length) throw notFound('Account');
}

async function requireOfficerOver(db: Queryable, viewer: Viewer, orgId: string): Promise<void> {
  const ancestors = await ancestorsOf(db, orgId);
  if (ancestors.length === 0) throw notFound('Organisation');
  if (!viewer.postOrgIds.some((o) => ancestors.includes(o))) {
    throw forbidden('Only officers of this organisation or above may do this');
  }
}

export async function createSpace(
  ctx: ServiceContext,
  viewer: Viewer,
  visible: 'all' | readonly string[],
  request: CreateSpaceRequest,
): Promise<string> {
  const db = ctx.database.db;
  if (visible !== 'all' && !visible.includes(request.orgId)) throw notFound('Organisation');
  await requireOfficerOver(db, viewer, request.orgId);
  const explicit = request.kind !== 'announcement';
  const accountIds = explicit
    ? [...new Set([viewer.accountId, ...(request.accountIds ?? [])])]
    : [];
  await requireVisibleAccounts(ctx, viewer, visible, accountIds);
  return writeAndPublish(ctx, async (tx, events) => {
    const [space] = await tx
      .insert(exchangeSpaces)
      .values({
        kind: request.kind,
        name: request.name.trim(),
        description: request.description?.trim() ?? '',
        orgId: request.orgId,
        createdBy: viewer.accountId,
      })
      .returning();
    if (!space) throw new Error('space not created');
    if (accountIds.length > 0) {
      await tx
        .insert(exchangeSpaceMembers)
        .values(
          accountIds.map((a) => ({ spaceId: space.id, accountId: a, addedBy: viewer.accountId })),
        );
    }
    events.push(
      ...(await emit(tx, await spaceAudience(tx, space), 'exchange.space.updated', {
        space: spaceEventBody(space),
      })),
    );
    return space.id;
  });
}

export async function updateSpace(
  ctx: ServiceContext,
  viewer: Viewer,
  spaceId: string,
  request: UpdateSpaceRequest,
): Promise<void> {
  const { space, access } = await readableSpace(ctx.database.db, viewer, spaceId);
  if (space.kind === 'org') throw conflict('An organisation’s space carries its name');
  if (!(access.moderate || (space.kind === 'dm' && access.post))) {
    throw forbidden('Only the officers over this space may change it');
  }
  await writeAndPublish(ctx, async (tx, events) => {
    const [updated] = await tx
      .update(exchangeSpaces)
      .set({
        ...(request.name !== undefined ? { name: request.name.trim() } : {}),
        ...(request.description !== undefined ? { description: request.description.trim() } : {}),
      })
      .where(eq(exchangeSpaces.id, space.id))
      .returning();
    if (!updated) throw notFound('Space');
    events.push(
      ...(await emit(tx, await spaceAudience(tx, updated), 'exchange.space.updated', {
        space: spaceEventBody(updated),
      })),
    );
  });
}

async function explicitCount(db: Queryable, spaceId: string): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from exchange_space_members where space_id = ${spaceId}`,
  );
  return Number(row?.n ?? 0);
}

export async function addMembers(
  ctx: ServiceContext,
  viewer: Viewer,
  visible: 'all' | readonly string[],
  spaceId: string,
  accountIds: readonly string[],
): Promise<void> {
  const { space, access } = await readableSpace(ctx.database.db, viewer, spaceId);
  if (space.kind === 'org' || space.kind === 'announcement') {
    throw conflict('Members of this space follow the roster');
  }
  if (!access.manageMembers) throw forbidden('Only the officers over this space manage members');
  if (space.dmKey) throw conflict('A one-to-one conversation cannot grow; open a group one');
  await requireVisibleAccounts(ctx, viewer, visible, accountIds);
  await writeAndPublish(ctx, async (tx, events) => {
    await tx
      .insert(exchangeSpaceMembers)
      .values(
        accountIds.map((a) => ({ spaceId: space.id, accountId: a, addedBy: viewer.accountId })),
      )
      .onConflictDoNothing();
    if (space.kind === 'dm' && (await explicitCount(tx, space.id)) > DM_MAX_MEMBERS) {
      throw conflict(`A conversation holds at most ${DM_MAX_MEMBERS} people`);
    }
    events.push(
      ...(await emit(tx, await spaceAudience(tx, space), 'exchange.space.updated', {
        space: spaceEventBody(space),
      })),
    );
  });
}

export async function removeMember(
  ctx: ServiceContext,
  viewer: Viewer,
  spaceId: string,
  accountId: string,
): Promise<void> {
  const { space, access } = await readableSpace(ctx.database.db, viewer, spaceId);
  if (space.kind === 'org' || space.kind === 'announcement') {
    throw conflict('Members of this space follow the roster');
  }
  const self = accountId === viewer.accountId;
  if (space.kind === 'dm' ? !self : !(access.manageMembers || self)) {
    throw forbidden('Only the officers over this space manage members');
  }
  await writeAndPublish(ctx, async (tx, events) => {
    const removed = await tx
      .delete(exchangeSpaceMembers)
      .where(
        and(
          eq(exchangeSpaceMembers.spaceId, space.id),
          eq(exchangeSpaceMembers.accountId, accountId),
        ),
      )
      .returning({ accountId: exchangeSpaceMembers.accountId });
    if (removed.length === 0) throw notFound('Member');
    const audience = await spaceAudience(tx, space);
    events.push(
      ...(await emit(tx, audience, 'exchange.space.updated', { space: spaceEventBody(space) })),
    );
    if (!audience.includes(accountId)) {
      events.push(
        ...(await emit(tx, [accountId], 'exchange.space.removed', { spaceId: space.id })),
      );
    }
  });
}

/** Opens (or, for one other person, reuses) a conversation with people the caller can see. */
export async function openDm(
  ctx: ServiceContext,
  viewer: Viewer,
  visible: 'all' | readonly string[],
  request: { accountIds: readonly string[]; name?: string },
): Promise<string> {
  const others = [...new Set(request.accountIds)].filter((a) => a !== viewer.accountId);
  if (others.length === 0) throw badRequest('Choose someone to talk to');
  await requireVisibleAccounts(ctx, viewer, visible, others);
  const dmKey = others.length === 1 ? [viewer.accountId, ...others].sort().join(':') : null;
  if (dmKey) {
    const [existing] = await ctx.database.db
      .select({ id: exchangeSpaces.id })
      .from(exchangeSpaces)
      .where(eq(exchangeSpaces.dmKey, dmKey));
    if (existing) return existing.id;
  }
  return writeAndPublish(ctx, async (tx, events) => {
    const [space] = await tx
      .insert(exchangeSpaces)
      .values({
        kind: 'dm',
        name: request.name?.trim() ?? '',
        dmKey,
        createdBy: viewer.accountId,
      })
      .onConflictDoNothing()
      .returning();
    if (!space) {
      // Opened by the other side at the same moment: use theirs.
      const [existing] = await tx
        .select({ id: exchangeSpaces.id })
        .from(exchangeSpaces)
        .where(eq(exchangeSpaces.dmKey, dmKey ?? ''));
      if (!existing) throw new Error('dm not created');
      return existing.id;
    }
    const accountIds = [viewer.accountId, ...others];
    await tx
      .insert(exchangeSpaceMembers)
      .values(
        accountIds.map((a) => ({ spaceId: space.id, accountId: a, addedBy: viewer.accountId })),
      );
    events.push(
      ...(await emit(tx, accountIds, 'exchange.space.updated', { space: spaceEventBody(space) })),
    );
    return space.id;
  });
}

// ---- tags ---------------------------------------------------------------------------------

export async function listTags(ctx: ServiceContext, viewer: Viewer): Promise<TopicTagList> {
  const rows = await ctx.database.db
    .select()
    .from(exchangeTags)
    .orderBy(desc(exchangeTags.builtIn), asc(exchangeTags.createdAt), asc(exchangeTags.name));
  // Built-in tags in their fixed order, then officers' tags oldest first.
  const rank = (name: string) => {
    const i = (DEFAULT_TOPIC_TAGS as readonly string[]).indexOf(name);
    return i === -1 ? DEFAULT_TOPIC_TAGS.length : i;
  };
  const sorted = [...rows].sort(
    (a, b) => Number(b.builtIn) - Number(a.builtIn) || rank(a.name) - rank(b.name),
  );
  return {
    items: sorted.map((t) => ({ id: t.id, name: t.name, builtIn: t.builtIn })),
    mayAdd: viewer.postOrgIds.length > 0,
  };
}

export async function createTag(
  ctx: ServiceContext,
  viewer: Viewer,
  actor: Actor,
  name: string,
): Promise<TopicTag> {
  if (viewer.postOrgIds.length === 0) throw forbidden('Only officers add tags');
  const clean = name.trim();
  if (!clean) throw badRequest('A tag needs a name');
  return ctx.database.write(async (tx) => {
    const [row] = await tx
      .insert(exchangeTags)
      .values({ name: clean, createdBy: viewer.accountId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('That tag exists already');
    await appendAudit(tx, actor, {
      action: 'exchange.tag.create',
      objectType: 'exchange_tag',
      objectId: row.id,
      details: { name: clean },
    });
    return { id: row.id, name: row.name, builtIn: row.builtIn };
  });
}

async function requireTags(db: Queryable, tagIds: readonly string[]): Promise<void> {
  if (tagIds.length === 0) return;
  if ((await tagsById(db, tagIds)).size !== new Set(tagIds).size) throw notFound('Tag');
}

// ---- topics -------------------------------------------------------------------------------

async function subscriptionsOf(
  db: Queryable,
  accountId: string,
  topicIds: readonly string[],
): Promise<Map<string, SubscriptionLevel>> {
  if (topicIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(exchangeTopicSubscriptions)
    .where(
      and(
        eq(exchangeTopicSubscriptions.accountId, accountId),
        inArray(exchangeTopicSubscriptions.topicId, [...topicIds]),
      ),
    );
  return new Map(rows.map((r) => [r.topicId, r.level]));
}

async function listItems(
  db: Queryable,
  viewer: Viewer,
  rows: readonly TopicRow[],
): Promise<TopicListItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const topics = await topicViews(db, rows);
  const unread = await unreadRows(db, viewer.accountId, sql`m.topic_id in ${ids}`);
  const subs = await subscriptionsOf(db, viewer.accountId, ids);
  const markers = await queryRows<{ topic_id: string; last_read: string | number }>(
    db,
    sql`select t.id as topic_id,
          greatest(coalesce(r.last_read_id, 0), coalesce(s.floor_id, 0)) as last_read
        from exchange_topics t
        left join exchange_read_markers r on r.topic_id = t.id and r.account_id = ${viewer.accountId}
        left join exchange_space_reads s on s.space_id = t.space_id and s.account_id = ${viewer.accountId}
        where t.id in ${ids}`,
  );
  const lastRead = new Map(markers.map((m) => [m.topic_id, Number(m.last_read)]));
  return topics.map((topic) => ({
    topic,
    unread: unread.find((u) => u.topic_id === topic.id)?.unread ?? 0,
    subscription: subs.get(topic.id) ?? 'default',
    lastReadId: lastRead.get(topic.id) ?? 0,
  }));
}

export async function listTopics(
  ctx: ServiceContext,
  viewer: Viewer,
  spaceId: string,
  query: TopicListQuery,
): Promise<TopicList> {
  const db = ctx.database.db;
  const { space } = await readableSpace(db, viewer, spaceId);
  const conditions: SQL[] = [sql`${exchangeTopics.spaceId} = ${space.id}`];
  if (query.tagId) conditions.push(sql`${query.tagId}::uuid = any(${exchangeTopics.tagIds})`);
  if (query.resolved !== undefined) {
    conditions.push(
      query.resolved
        ? sql`${exchangeTopics.resolvedAt} is not null`
        : sql`${exchangeTopics.resolvedAt} is null`,
    );
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`${exchangeTopics.title} ilike ${like}`);
  }
  const where = and(...conditions);
  const rows = await db
    .select()
    .from(exchangeTopics)
    .where(where)
    .orderBy(sql`${exchangeTopics.lastMessageId} desc nulls last`, desc(exchangeTopics.createdAt))
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0);
  const [count] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from exchange_topics where ${where}`,
  );
  return { items: await listItems(db, viewer, rows), total: Number(count?.n ?? 0) };
}

const mayRenameTopic = (viewer: Viewer, topic: TopicRow, access: SpaceAccess) =>
  access.moderate || (access.post && topic.createdBy === viewer.accountId);
const mayPin = (space: SpaceRow, access: SpaceAccess) =>
  access.moderate || (space.kind === 'dm' && access.post);

export async function topicDetail(
  ctx: ServiceContext,
  viewer: Viewer,
  topicId: string,
): Promise<TopicDetail> {
  const db = ctx.database.db;
  const { topic, space, access } = await readableTopic(db, viewer, topicId);
  const [item] = await listItems(db, viewer, [topic]);
  if (!item) throw notFound('Topic');
  const pinnedRows = await db
    .select()
    .from(exchangeMessages)
    .where(
      and(
        eq(exchangeMessages.topicId, topic.id),
        sql`${exchangeMessages.pinnedAt} is not null`,
        isNull(exchangeMessages.withdrawnAt),
      ),
    )
    .orderBy(asc(exchangeMessages.pinnedAt));
  return {
    item,
    pinned: await messageViews(db, pinnedRows),
    may: {
      post: access.post,
      rename: mayRenameTopic(viewer, topic, access),
      move: access.moderate && space.kind !== 'dm',
      pin: mayPin(space, access),
    },
  };
}

export async function createTopic(
  ctx: ServiceContext,
  viewer: Viewer,
  spaceId: string,
  request: CreateTopicRequest,
  backfill: Backfill = {},
): Promise<{ topic: Topic; message: Message }> {
  const db = ctx.database.db;
  const { space, access } = await readableSpace(db, viewer, spaceId);
  requirePost(access);
  await requireTags(db, request.tagIds ?? []);
  await assertNoSensitiveWords(db, [request.title]);
  const prepared = await prepareBody(db, space, access, request.body);
  return writeAndPublish(ctx, async (tx, events) => {
    const [topic] = await tx
      .insert(exchangeTopics)
      .values({
        spaceId: space.id,
        title: request.title.trim(),
        tagIds: request.tagIds ?? [],
        createdBy: viewer.accountId,
        createdByName: viewer.displayName,
        ...(backfill.at ? { createdAt: backfill.at } : {}),
      })
      .returning();
    if (!topic) throw new Error('topic not created');
    await indexExchangeTopic(tx, topic, space);
    return insertMessage(
      tx,
      events,
      viewer,
      space,
      topic,
      prepared,
      {
        body: request.body,
        ...(request.attachmentIds ? { attachmentIds: request.attachmentIds } : {}),
      },
      backfill,
    );
  });
}

export async function updateTopic(
  ctx: ServiceContext,
  viewer: Viewer,
  topicId: string,
  request: UpdateTopicRequest,
): Promise<Topic> {
  const db = ctx.database.db;
  const { topic, space, access } = await readableTopic(db, viewer, topicId);
  if (
    (request.title !== undefined || request.tagIds !== undefined) &&
    !mayRenameTopic(viewer, topic, access)
  ) {
    throw forbidden('Only the topic’s author or an officer may rename or retag it');
  }
  if (request.resolved !== undefined) requirePost(access);
  await requireTags(db, request.tagIds ?? []);
  if (request.title !== undefined) await assertNoSensitiveWords(db, [request.title]);
  return writeAndPublish(ctx, async (tx, events) => {
    const [row] = await tx
      .update(exchangeTopics)
      .set({
        ...(request.title !== undefined ? { title: request.title.trim() } : {}),
        ...(request.tagIds !== undefined ? { tagIds: request.tagIds } : {}),
        ...(request.resolved !== undefined
          ? { resolvedAt: request.resolved ? (topic.resolvedAt ?? new Date()) : null }
          : {}),
      })
      .where(eq(exchangeTopics.id, topic.id))
      .returning();
    if (!row) throw notFound('Topic');
    await indexExchangeTopic(tx, row, space);
    const view = await topicView(tx, row);
    events.push(
      ...(await emit(tx, await spaceAudience(tx, space), 'exchange.topic.updated', {
        topic: view,
      })),
    );
    return view;
  });
}

/** Moves a topic with all its messages to another space: officers over both; audited. */
export async function moveTopic(
  ctx: ServiceContext,
  viewer: Viewer,
  actor: Actor,
  topicId: string,
  request: { spaceId: string; reason?: string },
): Promise<Topic> {
  const db = ctx.database.db;
  const { topic, space, access } = await readableTopic(db, viewer, topicId);
  if (space.kind === 'dm' || !access.moderate) throw forbidden('Only officers move topics');
  const target = await readableSpace(db, viewer, request.spaceId);
  if (target.space.kind === 'dm' || !target.access.moderate) {
    throw forbidden('Topics move only between spaces you moderate');
  }
  if (target.space.id === space.id) throw conflict('The topic is in that space already');
  return writeAndPublish(ctx, async (tx, events) => {
    const [row] = await tx
      .update(exchangeTopics)
      .set({ spaceId: target.space.id })
      .where(eq(exchangeTopics.id, topic.id))
      .returning();
    if (!row) throw notFound('Topic');
    await tx
      .update(exchangeMessages)
      .set({ spaceId: target.space.id })
      .where(eq(exchangeMessages.topicId, topic.id));
    await indexExchangeTopic(tx, row, target.space);
    const view = await topicView(tx, row);
    const newAudience = await spaceAudience(tx, target.space);
    const gone = (await spaceAudience(tx, space)).filter((a) => !newAudience.includes(a));
    events.push(
      ...(await emit(tx, newAudience, 'exchange.topic.updated', { topic: view })),
      ...(await emit(tx, gone, 'exchange.topic.removed', { topicId: topic.id, spaceId: space.id })),
    );
    await appendAudit(tx, actor, {
      action: 'exchange.topic.move',
      objectType: 'exchange_topic',
      objectId: topic.id,
      details: {
        title: topic.title,
        fromSpaceId: space.id,
        fromSpace: space.name,
        toSpaceId: target.space.id,
        toSpace: target.space.name,
        ...(request.reason ? { reason: request.reason } : {}),
      },
    });
    return view;
  });
}

export async function setSubscription(
  ctx: ServiceContext,
  viewer: Viewer,
  topicId: string,
  level: SubscriptionLevel,
): Promise<TopicListItem> {
  const db = ctx.database.db;
  const { topic } = await readableTopic(db, viewer, topicId);
  await ctx.database.write(async (tx) => {
    if (level === 'default') {
      await tx
        .delete(exchangeTopicSubscriptions)
        .where(
          and(
            eq(exchangeTopicSubscriptions.accountId, viewer.accountId),
            eq(exchangeTopicSubscriptions.topicId, topic.id),
          ),
        );
    } else {
      await tx
        .insert(exchangeTopicSubscriptions)
        .values({ accountId: viewer.accountId, topicId: topic.id, level })
        .onConflictDoUpdate({
          target: [exchangeTopicSubscriptions.accountId, exchangeTopicSubscriptions.topicId],
          set: { level },
        });
    }
  });
  const [item] = await listItems(db, viewer, [topic]);
  if (!item) throw notFound('Topic');
  return item;
}

// ---- messages -----------------------------------------------------------------------------

interface PreparedBody {
  source: string;
  html: string;
  plainText: string;
  mentions: string[];
  mentionsAll: boolean;
}

/** Renders the body with mentions resolved over the space's members. */
/** Body text as stored: line ends normalised. */
const normalisedSource = (body: string) => body.replace(/\r\n?/g, '\n');

/**
 * Starts the sensitive-word check of a body; resolves to its error (or null) rather than
 * rejecting, so a caller can start it early and raise it only in its turn.
 */
function sensitiveWordCheck(db: Queryable, body: string): Promise<unknown> {
  return assertNoSensitiveWords(db, [normalisedSource(body)]).then(
    () => null,
    (err: unknown) => err ?? new Error('sensitive word check failed'),
  );
}

async function prepareBody(
  db: Queryable,
  space: SpaceRow,
  access: SpaceAccess,
  body: string,
  hasAttachments = false,
  words: Promise<unknown> = sensitiveWordCheck(db, body),
): Promise<PreparedBody> {
  const source = normalisedSource(body);
  if (source.trim() === '' && !hasAttachments) {
    await words;
    throw badRequest('A message needs some text or an attachment');
  }
  const wordError = await words;
  if (wordError) throw wordError;
  let byHandle: Map<string, MentionTarget> | null = null;
  const resolveMention = async (handle: string): Promise<MentionTarget | null> => {
    if (!byHandle) {
      byHandle = new Map();
      const members = await spaceMembers(db, space);
      // Display names first; a username never shadows someone's name.
      for (const m of members) {
        if (!byHandle.has(m.displayName)) {
          byHandle.set(m.displayName, { id: m.accountId, displayName: m.displayName });
        }
      }
      for (const m of members) {
        const key = m.username.toLowerCase();
        if (!byHandle.has(key)) byHandle.set(key, { id: m.accountId, displayName: m.displayName });
      }
    }
    return byHandle.get(handle) ?? byHandle.get(handle.toLowerCase()) ?? null;
  };
  const rendered = await renderMessage(source, {
    resolveMention,
    allowMentionAll: mayAddressAll(access),
  });
  return {
    source,
    html: rendered.html,
    plainText: rendered.plainText,
    mentions: rendered.mentions,
    mentionsAll: rendered.mentionsAll,
  };
}

async function insertMessage(
  tx: Tx,
  events: UserEvent[],
  viewer: Viewer,
  space: SpaceRow,
  topic: TopicRow,
  body: PreparedBody,
  request: PostMessageRequest,
  backfill: Backfill = {},
): Promise<{ topic: Topic; message: Message }> {
  let replied: MessageRow | null = null;
  if (request.replyToId !== undefined) {
    replied = await findMessage(tx, request.replyToId);
    if (!replied || replied.spaceId !== space.id) throw notFound('Message');
  }
  // Ids come from one sequence in insertion order, not commit order. Holding the space's
  // key-share lock while the id is drawn lets mark-all-read (which locks the space for update)
  // wait for every post already numbered, so its floor never covers one committed later.
  await tx
    .select({ id: exchangeSpaces.id })
    .from(exchangeSpaces)
    .where(eq(exchangeSpaces.id, space.id))
    .for('key share');
  const [row] = await tx
    .insert(exchangeMessages)
    .values({
      topicId: topic.id,
      spaceId: space.id,
      authorId: viewer.accountId,
      authorName: viewer.displayName,
      source: body.source,
      html: body.html,
      plainText: body.plainText,
      mentions: body.mentions,
      mentionsAll: body.mentionsAll,
      replyToId: replied?.id ?? null,
      ...(backfill.at ? { createdAt: backfill.at } : {}),
    })
    .returning();
  if (!row) throw new Error('message not stored');
  const attachmentIds = request.attachmentIds ?? [];
  if (attachmentIds.length > 0) {
    // The files become the message's in the same transaction: both or neither.
    row.attachments = await claimFiles(tx, viewer.accountId, attachmentIds, {
      kind: MESSAGE_FILE_OWNER,
      id: String(row.id),
    });
    await tx
      .update(exchangeMessages)
      .set({ attachments: row.attachments })
      .where(eq(exchangeMessages.id, row.id));
  }
  const [topicRow] = await tx
    .update(exchangeTopics)
    .set({
      messageCount: sql`${exchangeTopics.messageCount} + 1`,
      lastMessageId: row.id,
      lastMessageAt: row.createdAt,
    })
    .where(eq(exchangeTopics.id, topic.id))
    .returning();
  if (!topicRow) throw notFound('Topic');
  await indexExchangeMessage(tx, row, topicRow, space);
  // The author has read what they wrote.
  await advanceMarker(tx, viewer.accountId, topic.id, row.id);
  const message = await messageView(tx, row, { fresh: true });
  const topicOut = await topicView(tx, topicRow);
  const audience = await spaceAudience(tx, space);
  events.push(
    ...(await emit(tx, audience, 'exchange.message.created', { message, topic: topicOut })),
  );
  if (!backfill.quiet) {
    events.push(
      ...(await notify(
        tx,
        await notificationsFor(tx, viewer, space, topicRow, row, replied, audience, []),
      )),
    );
  }
  return { topic: topicOut, message };
}

/**
 * Who is told about a new or edited message: mentioned accounts always (mentions of everyone
 * reach every member), the replied-to author unless they muted the topic, followers of the
 * topic for new messages. Only readers of the space, never the author, each once.
 */
async function notificationsFor(
  db: Queryable,
  viewer: Viewer,
  space: SpaceRow,
  topic: TopicRow,
  message: MessageRow,
  replied: MessageRow | null,
  audience: readonly string[],
  alreadyMentioned: readonly string[],
): Promise<NotificationInput[]> {
  const readers = new Set(audience);
  const told = new Set<string>([viewer.accountId]);
  const out: NotificationInput[] = [];
  const link = exchangeMessageLink(space.id, topic.id, message.id);
  const excerpt = excerptOf(message.plainText, 200);
  const add = (accountId: string, kind: 'mention' | 'reply', title: string) => {
    if (told.has(accountId) || !readers.has(accountId)) return;
    told.add(accountId);
    out.push({
      accountId,
      kind,
      title,
      excerpt,
      link,
      sourceId: String(message.id),
      actorAccountId: viewer.accountId,
    });
  };
  const mentionTitle = `${viewer.displayName} 在「${topic.title}」中提到了你`;
  for (const a of alreadyMentioned) told.add(a);
  for (const a of message.mentions) add(a, 'mention', mentionTitle);
  if (message.mentionsAll) {
    for (const m of await spaceMembers(db, space)) add(m.accountId, 'mention', mentionTitle);
  }
  if (alreadyMentioned.length > 0) return out; // an edit: new mentions only
  const subs = await db
    .select()
    .from(exchangeTopicSubscriptions)
    .where(eq(exchangeTopicSubscriptions.topicId, topic.id));
  const muted = new Set(subs.filter((s) => s.level === 'mute').map((s) => s.accountId));
  if (replied && !muted.has(replied.authorId)) {
    add(replied.authorId, 'reply', `${viewer.displayName} 回复了你：${topic.title}`);
  }
  for (const s of subs) {
    if (s.level === 'follow') add(s.accountId, 'reply', `「${topic.title}」有新消息`);
  }
  return out;
}

export async function postMessage(
  ctx: ServiceContext,
  viewer: Viewer,
  topicId: string,
  request: PostMessageRequest,
  backfill: Backfill = {},
): Promise<Message> {
  const db = ctx.database.db;
  // The word list does not depend on the topic: read it beside the access checks (one round
  // trip less per message). Its verdict still counts only after theirs.
  const words = sensitiveWordCheck(db, request.body);
  const { topic, space, access } = await readableTopic(db, viewer, topicId).catch(
    async (err: unknown) => {
      await words;
      throw err;
    },
  );
  requirePost(access);
  const prepared = await prepareBody(
    db,
    space,
    access,
    request.body,
    (request.attachmentIds ?? []).length > 0,
    words,
  );
  const { message } = await writeAndPublish(ctx, async (tx, events) => {
    // Lock the topic row: a concurrent move cannot slip between the check and the insert.
    const [current] = await tx
      .select()
      .from(exchangeTopics)
      .where(eq(exchangeTopics.id, topic.id))
      .for('update');
    if (!current || current.spaceId !== space.id) throw conflict('The topic has moved; reload');
    return insertMessage(tx, events, viewer, space, current, prepared, request, backfill);
  });
  return message;
}

export async function listMessages(
  ctx: ServiceContext,
  viewer: Viewer,
  topicId: string,
  query: { before?: number; after?: number; limit?: number },
) {
  const db = ctx.database.db;
  const { topic } = await readableTopic(db, viewer, topicId);
  return messagePage(db, topic.id, {
    ...(query.before !== undefined ? { before: query.before } : {}),
    ...(query.after !== undefined ? { after: query.after } : {}),
    limit: query.limit ?? 50,
  });
}

export async function getMessage(
  ctx: ServiceContext,
  viewer: Viewer,
  id: number,
): Promise<Message> {
  const { message } = await readableMessage(ctx.database.db, viewer, id);
  return messageView(ctx.database.db, message);
}

/** Edits keep every earlier version; only the author edits, and not after withdrawal. */
export async function editMessage(
  ctx: ServiceContext,
  viewer: Viewer,
  id: number,
  body: string,
): Promise<Message> {
  const db = ctx.database.db;
  const { message, topic, space, access } = await readableMessage(db, viewer, id);
  if (message.authorId !== viewer.accountId) throw forbidden('Only the author edits a message');
  requirePost(access);
  if (message.withdrawnAt) throw conflict('A withdrawn message cannot be edited');
  const prepared = await prepareBody(db, space, access, body);
  if (prepared.source === message.source) return messageView(db, message);
  return writeAndPublish(ctx, async (tx, events) => {
    await tx.insert(exchangeMessageVersions).values({
      messageId: message.id,
      source: message.source,
      html: message.html,
      replacedBy: viewer.accountId,
    });
    const [row] = await tx
      .update(exchangeMessages)
      .set({
        source: prepared.source,
        html: prepared.html,
        plainText: prepared.plainText,
        mentions: prepared.mentions,
        mentionsAll: prepared.mentionsAll,
        editedAt: new Date(),
      })
      .where(and(eq(exchangeMessages.id, message.id), isNull(exchangeMessages.withdrawnAt)))
      .returning();
    if (!row) throw conflict('A withdrawn message cannot be edited');
    await indexExchangeMessage(tx, row, topic, space);
    const view = await messageView(tx, row);
    const audience = await spaceAudience(tx, space);
    events.push(...(await emit(tx, audience, 'exchange.message.updated', { message: view })));
    const earlier = message.mentionsAll
      ? (await spaceMembers(tx, space)).map((m) => m.accountId)
      : message.mentions;
    const fresh = await notificationsFor(tx, viewer, space, topic, row, null, audience, [
      ...earlier,
      viewer.accountId,
    ]);
    events.push(...(await notify(tx, fresh)));
    return view;
  });
}

export async function messageHistory(
  ctx: ServiceContext,
  viewer: Viewer,
  id: number,
): Promise<MessageHistory> {
  const db = ctx.database.db;
  const { message } = await readableMessage(db, viewer, id);
  // A withdrawn message's earlier words are hidden like its current ones.
  if (message.withdrawnAt) return { versions: [] };
  const rows = await db
    .select()
    .from(exchangeMessageVersions)
    .where(eq(exchangeMessageVersions.messageId, message.id))
    .orderBy(asc(exchangeMessageVersions.replacedAt));
  return {
    versions: rows.map((v) => ({
      source: v.source,
      html: v.html,
      replacedAt: v.replacedAt.toISOString(),
    })),
  };
}

/**
 * Withdrawal hides the body from readers and keeps the original for the archive: the author
 * within the window, officers at any time. Audited.
 */
export async function withdrawMessage(
  ctx: ServiceContext,
  viewer: Viewer,
  actor: Actor,
  id: number,
  reason: string | undefined,
): Promise<Message> {
  const db = ctx.database.db;
  const { message, space, access } = await readableMessage(db, viewer, id);
  if (message.withdrawnAt) return messageView(db, message);
  const own = message.authorId === viewer.accountId && access.post;
  const inWindow = Date.now() - message.createdAt.getTime() <= WITHDRAW_WINDOW_MINUTES * 60_000;
  if (!access.moderate && !(own && inWindow)) {
    throw forbidden(
      own
        ? `Messages can be withdrawn within ${WITHDRAW_WINDOW_MINUTES} minutes; ask an officer`
        : 'Only the author or an officer may withdraw a message',
    );
  }
  return writeAndPublish(ctx, async (tx, events) => {
    const [row] = await tx
      .update(exchangeMessages)
      .set({
        withdrawnAt: new Date(),
        withdrawnBy: viewer.accountId,
        withdrawnByName: viewer.displayName,
        withdrawReason: reason ?? null,
        pinnedAt: null,
        pinnedBy: null,
      })
      .where(and(eq(exchangeMessages.id, message.id), isNull(exchangeMessages.withdrawnAt)))
      .returning();
    if (!row) throw conflict('The message was withdrawn already');
    await removeDocument(tx, 'message', String(row.id));
    const view = await messageView(tx, row);
    await scrubWithdrawnFromFeed(tx, message, view);
    events.push(
      ...(await emit(tx, await spaceAudience(tx, space), 'exchange.message.withdrawn', {
        message: view,
      })),
    );
    // Mentions and replies quoted the words too: blanked, and their bells go quiet. After the
    // broad append above, accounts in order, so feed locks are always taken in one order.
    const told = (await redactSource(tx, ['mention', 'reply'], String(message.id))).sort();
    for (const accountId of told) {
      events.push(
        ...(await appendEvents(tx, [accountId], {
          type: 'notification.read',
          payload: { unread: await unreadNotifications(tx, accountId) },
        })),
      );
    }
    await appendAudit(tx, actor, {
      action: 'exchange.message.withdraw',
      objectType: 'exchange_message',
      objectId: String(message.id),
      details: {
        spaceId: space.id,
        topicId: message.topicId,
        authorId: message.authorId,
        byAuthor: message.authorId === viewer.accountId,
        ...(reason ? { reason } : {}),
      },
    });
    return view;
  });
}

/**
 * The feed keeps events for a while (docs/events.md), and earlier events of a withdrawn message
 * carry its words: the created and edit events, and quotes of it in replies. They are rewritten
 * to the withdrawn form, so a reader catching up with `since` gets nothing the withdrawal hid.
 * Only events stored since the message was posted can hold it (the `at` index bounds the scan).
 */
async function scrubWithdrawnFromFeed(tx: Tx, message: MessageRow, view: Message): Promise<void> {
  const id = String(message.id);
  const types = sql`('exchange.message.created', 'exchange.message.updated')`;
  await rewriteStoredPayloads(
    tx,
    sql`at >= ${message.createdAt} and type in ${types} and payload->'message'->>'id' = ${id}`,
    sql`jsonb_set(payload, '{message}', ${JSON.stringify(view)}::jsonb)`,
  );
  const quote: MessageQuote = {
    id: message.id,
    authorName: message.authorName,
    excerpt: '',
    withdrawn: true,
  };
  await rewriteStoredPayloads(
    tx,
    sql`at >= ${message.createdAt} and type in ${types}
        and payload->'message'->'replyTo'->>'id' = ${id}`,
    sql`jsonb_set(payload, '{message,replyTo}', ${JSON.stringify(quote)}::jsonb)`,
  );
}

/** Toggles the viewer's reaction; returns the message's reactions after the change. */
export async function toggleReaction(
  ctx: ServiceContext,
  viewer: Viewer,
  id: number,
  emoji: ReactionEmoji,
): Promise<Reaction[]> {
  const db = ctx.database.db;
  const { message, space, access } = await readableMessage(db, viewer, id);
  requirePost(access);
  if (message.withdrawnAt) throw conflict('The message was withdrawn');
  return writeAndPublish(ctx, async (tx, events) => {
    const removed = await tx
      .delete(exchangeReactions)
      .where(
        and(
          eq(exchangeReactions.messageId, message.id),
          eq(exchangeReactions.accountId, viewer.accountId),
          eq(exchangeReactions.emoji, emoji),
        ),
      )
      .returning({ emoji: exchangeReactions.emoji });
    if (removed.length === 0) {
      await tx
        .insert(exchangeReactions)
        .values({ messageId: message.id, accountId: viewer.accountId, emoji })
        .onConflictDoNothing();
    }
    const reactions = (await reactionsOf(tx, [message.id])).get(message.id) ?? [];
    events.push(
      ...(await emit(tx, await spaceAudience(tx, space), 'exchange.reaction', {
        messageId: message.id,
        topicId: message.topicId,
        spaceId: space.id,
        reactions,
      })),
    );
    return reactions;
  });
}

export async function pinMessage(
  ctx: ServiceContext,
  viewer: Viewer,
  id: number,
  pinned: boolean,
): Promise<Message> {
  const db = ctx.database.db;
  const { message, space, access } = await readableMessage(db, viewer, id);
  if (!mayPin(space, access)) throw forbidden('Only officers pin messages');
  if (message.withdrawnAt) throw conflict('The message was withdrawn');
  if ((message.pinnedAt !== null) === pinned) return messageView(db, message);
  return writeAndPublish(ctx, async (tx, events) => {
    const [row] = await tx
      .update(exchangeMessages)
      .set(
        pinned
          ? { pinnedAt: new Date(), pinnedBy: viewer.accountId }
          : { pinnedAt: null, pinnedBy: null },
      )
      .where(eq(exchangeMessages.id, message.id))
      .returning();
    if (!row) throw notFound('Message');
    const view = await messageView(tx, row);
    events.push(
      ...(await emit(tx, await spaceAudience(tx, space), 'exchange.message.updated', {
        message: view,
      })),
    );
    return view;
  });
}

// ---- read markers -------------------------------------------------------------------------

async function advanceMarker(tx: Tx, accountId: string, topicId: string, upToId: number) {
  await tx
    .insert(exchangeReadMarkers)
    .values({ accountId, topicId, lastReadId: upToId })
    .onConflictDoUpdate({
      target: [exchangeReadMarkers.accountId, exchangeReadMarkers.topicId],
      set: { lastReadId: sql`greatest(${exchangeReadMarkers.lastReadId}, ${upToId})` },
    });
}

export async function markTopicRead(
  ctx: ServiceContext,
  viewer: Viewer,
  topicId: string,
  upToId: number,
): Promise<void> {
  const { topic } = await readableTopic(ctx.database.db, viewer, topicId);
  // Never past the topic's last message: a marker from the future would hide new messages.
  const upTo = Math.min(upToId, topic.lastMessageId ?? 0);
  await writeAndPublish(ctx, async (tx, events) => {
    if (upTo > 0) await advanceMarker(tx, viewer.accountId, topic.id, upTo);
    events.push(
      ...(await emit(tx, [viewer.accountId], 'exchange.read', {
        spaceId: topic.spaceId,
        topicId: topic.id,
        upToId: upTo,
      })),
    );
    // Reading the messages is reading what one was told about them.
    let cleared = 0;
    for (const sourceId of await notifiedSources(tx, viewer.accountId, topic.id, upTo)) {
      cleared += await markSourceRead(tx, viewer.accountId, sourceId);
    }
    if (cleared > 0) {
      events.push(
        ...(await appendEvents(tx, [viewer.accountId], {
          type: 'notification.read',
          payload: { unread: await unreadNotifications(tx, viewer.accountId) },
        })),
      );
    }
  });
}

/**
 * Messages of the topic up to `upTo` the account may have been notified about: mentions of it
 * or of everyone, replies to it, and (when following) any; the newest 200.
 */
async function notifiedSources(
  tx: Tx,
  accountId: string,
  topicId: string,
  upTo: number,
): Promise<string[]> {
  if (upTo <= 0) return [];
  const rows = await queryRows<{ id: string | number }>(
    tx,
    sql`select m.id from exchange_messages m
        where m.topic_id = ${topicId} and m.id <= ${upTo} and m.author_id <> ${accountId}
          and (${accountId}::uuid = any(m.mentions) or m.mentions_all
            or exists (select 1 from exchange_messages r
                       where r.id = m.reply_to_id and r.author_id = ${accountId})
            or exists (select 1 from exchange_topic_subscriptions s
                       where s.topic_id = m.topic_id and s.account_id = ${accountId}
                         and s.level = 'follow'))
        order by m.id desc limit 200`,
  );
  return rows.map((r) => String(r.id));
}

async function markSpacesRead(tx: Tx, accountId: string, spaceIds: readonly string[]) {
  if (spaceIds.length === 0) return;
  // Waits for posts holding these spaces' key-share lock (see insertMessage): every message
  // numbered before the floor is read has committed, so none is marked read unseen.
  await tx
    .select({ id: exchangeSpaces.id })
    .from(exchangeSpaces)
    .where(inArray(exchangeSpaces.id, [...spaceIds].sort()))
    .orderBy(exchangeSpaces.id)
    .for('update');
  const tops = await queryRows<{ space_id: string; top: string | number }>(
    tx,
    sql`select space_id, max(id) as top from exchange_messages where space_id in ${spaceIds}
        group by space_id`,
  );
  for (const t of tops) {
    await tx
      .insert(exchangeSpaceReads)
      .values({ accountId, spaceId: t.space_id, floorId: Number(t.top) })
      .onConflictDoUpdate({
        target: [exchangeSpaceReads.accountId, exchangeSpaceReads.spaceId],
        set: { floorId: sql`greatest(${exchangeSpaceReads.floorId}, ${Number(t.top)})` },
      });
  }
}

export async function markSpaceRead(
  ctx: ServiceContext,
  viewer: Viewer,
  spaceId: string,
): Promise<void> {
  const { space } = await readableSpace(ctx.database.db, viewer, spaceId);
  await writeAndPublish(ctx, async (tx, events) => {
    await markSpacesRead(tx, viewer.accountId, [space.id]);
    events.push(
      ...(await emit(tx, [viewer.accountId], 'exchange.read', {
        spaceId: space.id,
        topicId: null,
        upToId: null,
      })),
    );
  });
}

export async function markAllRead(
  ctx: ServiceContext,
  viewer: Viewer,
  includeSupervised: boolean,
): Promise<void> {
  const spaces = await listSpaces(ctx, viewer, includeSupervised);
  await writeAndPublish(ctx, async (tx, events) => {
    await markSpacesRead(
      tx,
      viewer.accountId,
      spaces.map((s) => s.id),
    );
    events.push(
      ...(await emit(tx, [viewer.accountId], 'exchange.read', {
        spaceId: null,
        topicId: null,
        upToId: null,
      })),
    );
  });
}

export async function unreadCounts(
  ctx: ServiceContext,
  viewer: Viewer,
  includeSupervised: boolean,
): Promise<UnreadCounts> {
  const spaces = await listSpaces(ctx, viewer, includeSupervised);
  return {
    total: spaces.reduce((n, s) => n + s.unread, 0),
    spaces: spaces.map((s) => ({
      spaceId: s.id,
      unread: s.unread,
      unreadMentions: s.unreadMentions,
    })),
  };
}

// ---- search -------------------------------------------------------------------------------

const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Messages (not withdrawn) whose text or topic title holds every word, newest first. */
export async function searchMessages(
  ctx: ServiceContext,
  viewer: Viewer,
  query: MessageSearchQuery,
): Promise<MessageSearchResult> {
  const db = ctx.database.db;
  const limit = query.limit ?? 20;
  let spaces: { id: string; name: string }[];
  if (query.spaceId) {
    const { space } = await readableSpace(db, viewer, query.spaceId);
    const [summary] = await summaries(db, viewer, [
      { space, access: await spaceAccess(db, viewer, space) },
    ]);
    spaces = [{ id: space.id, name: summary?.name ?? space.name }];
  } else {
    spaces = (await listSpaces(ctx, viewer, true)).map((sp) => ({ id: sp.id, name: sp.name }));
  }
  const words = query.q.split(/\s+/).filter(Boolean).slice(0, 5);
  if (spaces.length === 0 || words.length === 0) return { items: [], hasMore: false };
  const conditions: SQL[] = [
    sql`m.space_id in ${spaces.map((sp) => sp.id)}`,
    sql`m.withdrawn_at is null`,
    ...words.map(
      (w) => sql`(m.plain_text ilike ${likePattern(w)} or t.title ilike ${likePattern(w)})`,
    ),
  ];
  if (query.tagId) conditions.push(sql`${query.tagId}::uuid = any(t.tag_ids)`);
  if (query.before !== undefined) conditions.push(sql`m.id < ${query.before}`);
  const ids = await queryRows<{ id: string | number }>(
    db,
    sql`select m.id from exchange_messages m join exchange_topics t on t.id = m.topic_id
        where ${sql.join(conditions, sql` and `)}
        order by m.id desc limit ${limit + 1}`,
  );
  const page = ids.slice(0, limit).map((r) => Number(r.id));
  if (page.length === 0) return { items: [], hasMore: false };
  const rows = await db
    .select()
    .from(exchangeMessages)
    .where(inArray(exchangeMessages.id, page))
    .orderBy(desc(exchangeMessages.id));
  const messages = await messageViews(db, rows);
  const topicRows = await db
    .select()
    .from(exchangeTopics)
    .where(inArray(exchangeTopics.id, [...new Set(rows.map((r) => r.topicId))]));
  const topics = new Map((await topicViews(db, topicRows)).map((t) => [t.id, t]));
  const names = new Map(spaces.map((sp) => [sp.id, sp.name]));
  return {
    items: messages.flatMap((message) => {
      const topic = topics.get(message.topicId);
      return topic ? [{ message, topic, spaceName: names.get(message.spaceId) ?? '' }] : [];
    }),
    hasMore: ids.length > limit,
  };
}
