import { canonicalJson, type Message } from '@tongxin/contract';
import type { Actor } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError, forbidden } from '../../platform/http/errors.ts';
import { listMessages, readableTopic, requireViewer } from '../exchange/service.ts';
import { topicView } from '../exchange/views.ts';
import { archiveRecord, type Archived } from './service.ts';
import { archiveEntries } from './schema.ts';
import { and, desc, eq } from 'drizzle-orm';

/** Messages per page while reading a topic for the archive (the exchange's maximum). */
const PAGE = 200;

const messageRecord = (m: Message) => ({
  id: m.id,
  author: m.authorName,
  at: m.createdAt,
  text: m.source,
  editedAt: m.editedAt,
  withdrawn: m.withdrawn,
  attachments: m.attachments.map((a) => a.name),
});

/**
 * 归档话题: a moderator of the topic's space (an officer over its organisation) archives the
 * topic with every message as readers see it now. Archiving again after the discussion went
 * on makes a new version superseding the last one; archiving an unchanged topic is refused.
 */
export async function archiveTopic(
  ctx: ServiceContext,
  actor: Actor & { userId: string },
  topicId: string,
  note: string | undefined,
): Promise<Archived> {
  const { db } = ctx.database;
  const viewer = await requireViewer(ctx, actor.userId);
  const { topic, space, access } = await readableTopic(db, viewer, topicId);
  if (!access.moderate) throw forbidden('Only the moderators of the space archive its topics');
  if (!space.orgId) {
    throw new AppError(422, 'archive_no_org', 'Direct messages belong to no organisation');
  }
  const messages: Message[] = [];
  for (let after = 0; ;) {
    const page = await listMessages(ctx, viewer, topic.id, { after, limit: PAGE });
    messages.push(...page.items);
    const last = page.items.at(-1);
    if (!page.hasNewer || !last) break;
    after = last.id;
  }
  const view = await topicView(db, topic);
  const content = {
    space: space.name,
    topic: view.title,
    tags: view.tags.map((t) => t.name),
    startedBy: view.createdByName,
    startedAt: view.createdAt,
    resolved: view.resolved,
    note: note?.trim() ?? '',
    messages: messages.map(messageRecord),
  };
  return ctx.database.write(async (tx) => {
    const [previous] = await tx
      .select({ content: archiveEntries.content })
      .from(archiveEntries)
      .where(and(eq(archiveEntries.kind, 'topic'), eq(archiveEntries.refId, topic.id)))
      .orderBy(desc(archiveEntries.version))
      .limit(1);
    if (previous && previous.content === canonicalJson(content)) {
      throw new AppError(
        409,
        'archive_unchanged',
        'The topic has not changed since it was archived',
      );
    }
    return archiveRecord(ctx, tx, actor, {
      orgId: space.orgId as string,
      kind: 'topic',
      refId: topic.id,
      title: view.title,
      occurredAt: view.lastMessageAt ?? view.createdAt,
      content,
    });
  });
}
