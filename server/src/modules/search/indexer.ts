import { and, eq, sql } from 'drizzle-orm';
import { exchangeMessageLink, type SearchKind } from '@tongxin/contract';
import type { Queryable } from '../../platform/db/types.ts';
import { keyLexeme, vectorLiteral } from '../../platform/search/tsearch.ts';
import { searchDocuments } from './schema.ts';

/*
 * The indexing interface. A module calls these from its own service, inside the transaction
 * of the write, so a record is searchable the moment it commits and disappears with its
 * withdrawal. This file imports no other module: callers pass what is to be indexed.
 *
 * For a new module (the library; activities and rectification items: see their search-doc.ts):
 *   1. add its kind to SEARCH_KINDS in contract/src/search.ts;
 *   2. call `indexDocument(tx, {...})` where it creates or changes a record, with the access
 *      keys of everyone who may open it (`accessKey.*`), and `removeDocument` where a record
 *      stops being readable (withdrawn, deleted);
 *   3. extend `viewerKeys` in ./policy.ts if it needs a key the viewer set lacks.
 */

/** Access keys: a document lists the keys that open it; a viewer holds a set of keys. */
export const accessKey = {
  /** Everyone who may read an exchange space (members and supervising officers). */
  space: (spaceId: string): string => `space:${spaceId}`,
  /** One account: a notice's recipients and sender, a talk's two parties. */
  account: (accountId: string): string => `account:${accountId}`,
  /** Officers who track an organisation's records (notices: send_notices over it). */
  orgTrack: (orgId: string): string => `org-track:${orgId}`,
  /** Whoever sees an organisation (its members, officers above): published activities. */
  orgSee: (orgId: string): string => `org-see:${orgId}`,
  /** Officers holding manage_activities over an organisation: its activities, drafts too. */
  activityManage: (orgId: string): string => `activity-manage:${orgId}`,
  /** One member (by member id): an activity's expected attendees. */
  member: (memberId: string): string => `member:${memberId}`,
  /** Officers holding manage_org_life over an organisation: its cycles' rectification items. */
  orgLifeManage: (orgId: string): string => `orglife-manage:${orgId}`,
  /** Members whose home branch is this organisation: its cycles' rectification items. */
  branchHome: (orgId: string): string => `branch-home:${orgId}`,
};

export interface SearchDocumentInput {
  kind: SearchKind;
  ref: string;
  title: string;
  body: string;
  context?: string;
  acl: readonly string[];
  spaceId?: string | null;
  orgId?: string | null;
  authorId?: string | null;
  authorName?: string;
  tags?: readonly string[];
  parentRef?: string | null;
  at: Date;
  link: string;
}

/** Only this much of a body is kept for snippets (the vector covers ~16,000 characters). */
const BODY_KEPT = 20_000;

/** Adds or replaces the document of one record. */
export async function indexDocument(db: Queryable, doc: SearchDocumentInput): Promise<void> {
  const values = {
    kind: doc.kind,
    ref: doc.ref,
    title: doc.title,
    body: doc.body.slice(0, BODY_KEPT),
    context: doc.context ?? '',
    vector: vectorLiteral(
      [
        { text: doc.title, weight: 'A' },
        { text: doc.body, weight: 'D' },
      ],
      doc.acl,
    ),
    acl: [...doc.acl],
    spaceId: doc.spaceId ?? null,
    orgId: doc.orgId ?? null,
    authorId: doc.authorId ?? null,
    authorName: doc.authorName ?? '',
    tags: [...(doc.tags ?? [])],
    parentRef: doc.parentRef ?? null,
    at: doc.at,
    link: doc.link,
    indexedAt: new Date(),
  };
  await db
    .insert(searchDocuments)
    .values(values)
    .onConflictDoUpdate({ target: [searchDocuments.kind, searchDocuments.ref], set: values });
}

/** The record is gone or no longer readable (withdrawn): it leaves the index. */
export async function removeDocument(db: Queryable, kind: SearchKind, ref: string): Promise<void> {
  await db
    .delete(searchDocuments)
    .where(and(eq(searchDocuments.kind, kind), eq(searchDocuments.ref, ref)));
}

// ---- the exchange (called from modules/exchange/service.ts) -------------------------------

interface SpaceLike {
  id: string;
  orgId: string | null;
}
interface TopicLike {
  id: string;
  spaceId: string;
  title: string;
  tagIds: readonly string[];
  createdBy: string;
  createdByName: string;
  createdAt: Date;
}
interface MessageLike {
  id: number;
  topicId: string;
  spaceId: string;
  authorId: string;
  authorName: string;
  plainText: string;
  createdAt: Date;
  withdrawnAt: Date | null;
}

/** A message as posted or edited; a withdrawn one leaves the index. */
export async function indexExchangeMessage(
  db: Queryable,
  message: MessageLike,
  topic: Pick<TopicLike, 'title' | 'tagIds'>,
  space: SpaceLike,
): Promise<void> {
  if (message.withdrawnAt) {
    await removeDocument(db, 'message', String(message.id));
    return;
  }
  await indexDocument(db, {
    kind: 'message',
    ref: String(message.id),
    title: '',
    body: message.plainText,
    context: topic.title,
    acl: [accessKey.space(space.id)],
    spaceId: space.id,
    orgId: space.orgId,
    authorId: message.authorId,
    authorName: message.authorName,
    tags: topic.tagIds,
    parentRef: message.topicId,
    at: message.createdAt,
    link: exchangeMessageLink(space.id, message.topicId, message.id),
  });
}

/**
 * A topic as created, renamed, retagged or moved: its own document, and its messages'
 * context (title), tags and place follow in one statement each.
 */
export async function indexExchangeTopic(
  db: Queryable,
  topic: TopicLike,
  space: SpaceLike,
): Promise<void> {
  await indexDocument(db, {
    kind: 'topic',
    ref: topic.id,
    title: topic.title,
    body: '',
    acl: [accessKey.space(space.id)],
    spaceId: space.id,
    orgId: space.orgId,
    authorId: topic.createdBy,
    authorName: topic.createdByName,
    tags: topic.tagIds,
    at: topic.createdAt,
    link: `/exchange/${space.id}/${topic.id}`,
  });
  const tags = sql`${`{${topic.tagIds.join(',')}}`}::text[]`;
  const key = accessKey.space(space.id);
  // The keys live in the vector as well (platform/search/tsearch.ts): swap them with the acl.
  await db.execute(
    sql`update search_documents
        set context = ${topic.title}, tags = ${tags}, space_id = ${space.id},
            org_id = ${space.orgId}, acl = array[${key}]::text[],
            vector = ts_delete(vector, array(select ${keyLexeme('')} || k from unnest(acl) k))
              || array_to_tsvector(array[${keyLexeme(key)}]::text[]),
            link = '/exchange/' || ${space.id} || '/' || ${topic.id} || '?message=' || ref
        where kind = 'message' and parent_ref = ${topic.id}`,
  );
}

// ---- notices (called from modules/notices/service.ts) -------------------------------------

/**
 * A notice as sent: opened by its recipients, its sender and the officers tracking its
 * organisation. A withdrawn notice leaves the index (removeDocument).
 */
export async function indexNotice(
  db: Queryable,
  notice: {
    id: string;
    title: string;
    plainText: string;
    orgId: string;
    senderAccountId: string;
    senderName: string;
    sentAt: Date;
    recipientAccountIds: readonly string[];
  },
): Promise<void> {
  await indexDocument(db, {
    kind: 'notice',
    ref: notice.id,
    title: notice.title,
    body: notice.plainText,
    acl: [
      accessKey.orgTrack(notice.orgId),
      accessKey.account(notice.senderAccountId),
      ...notice.recipientAccountIds.map(accessKey.account),
    ],
    orgId: notice.orgId,
    authorId: notice.senderAccountId,
    authorName: notice.senderName,
    at: notice.sentAt,
    link: `/notices/${notice.id}`,
  });
}
