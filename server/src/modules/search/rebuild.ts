import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/types.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { renderMessage } from '../../platform/markdown/markdown.ts';
import { indexActivity } from '../activities/search-doc.ts';
import { indexRectification } from '../orglife/search-doc.ts';
import { indexExchangeMessage, indexExchangeTopic, indexNotice } from './indexer.ts';

/*
 * Rebuilding the index from the records themselves: for a database that holds messages and
 * notices from before search existed, and after a change of the dictionary. The owning modules
 * keep the index current on every write; this reads their tables (read-only, the one place
 * search does) and writes the same documents their services would.
 */

const BATCH = 500;

interface TopicRow {
  id: string;
  space_id: string;
  org_id: string | null;
  title: string;
  tag_ids: string[];
  created_by: string;
  created_by_name: string;
  created_at: string | Date;
}

interface MessageRow {
  id: string | number;
  topic_id: string;
  space_id: string;
  org_id: string | null;
  author_id: string;
  author_name: string;
  plain_text: string;
  created_at: string | Date;
  title: string;
  tag_ids: string[];
}

interface NoticeRow {
  id: string;
  title: string;
  body_source: string;
  org_id: string;
  sender_account_id: string;
  sender_name: string;
  sent_at: string | Date;
  recipients: string[];
}

/** Re-indexes every topic, live message, live notice, activity and rectification item; returns how many documents. */
export async function rebuildSearchIndex(database: Database): Promise<number> {
  let count = 0;
  await database.write((tx) => tx.execute(sql`delete from search_documents`));
  const topics = await queryRows<TopicRow>(
    database.db,
    sql`select t.id, t.space_id, s.org_id, t.title, t.tag_ids, t.created_by, t.created_by_name,
          t.created_at
        from exchange_topics t join exchange_spaces s on s.id = t.space_id`,
  );
  for (let i = 0; i < topics.length; i += BATCH) {
    await database.write(async (tx) => {
      for (const t of topics.slice(i, i + BATCH)) {
        await indexExchangeTopic(
          tx,
          {
            id: t.id,
            spaceId: t.space_id,
            title: t.title,
            tagIds: t.tag_ids,
            createdBy: t.created_by,
            createdByName: t.created_by_name,
            createdAt: new Date(t.created_at),
          },
          { id: t.space_id, orgId: t.org_id },
        );
      }
    });
    count += Math.min(BATCH, topics.length - i);
  }
  for (let after = 0; ;) {
    const messages = await queryRows<MessageRow>(
      database.db,
      sql`select m.id, m.topic_id, m.space_id, s.org_id, m.author_id, m.author_name,
            m.plain_text, m.created_at, t.title, t.tag_ids
          from exchange_messages m
          join exchange_topics t on t.id = m.topic_id
          join exchange_spaces s on s.id = m.space_id
          where m.id > ${after} and m.withdrawn_at is null
          order by m.id limit ${BATCH}`,
    );
    if (messages.length === 0) break;
    await database.write(async (tx) => {
      for (const m of messages) {
        await indexExchangeMessage(
          tx,
          {
            id: Number(m.id),
            topicId: m.topic_id,
            spaceId: m.space_id,
            authorId: m.author_id,
            authorName: m.author_name,
            plainText: m.plain_text,
            createdAt: new Date(m.created_at),
            withdrawnAt: null,
          },
          { title: m.title, tagIds: m.tag_ids },
          { id: m.space_id, orgId: m.org_id },
        );
      }
    });
    count += messages.length;
    after = Number(messages[messages.length - 1]?.id ?? after);
  }
  const notices = await queryRows<NoticeRow>(
    database.db,
    sql`select n.id, n.title, n.body_source, n.org_id, n.sender_account_id, n.sender_name,
          n.sent_at, array(select r.account_id::text from notice_recipients r
                           where r.notice_id = n.id) as recipients
        from notices n where n.withdrawn_at is null`,
  );
  for (let i = 0; i < notices.length; i += BATCH) {
    await database.write(async (tx) => {
      for (const n of notices.slice(i, i + BATCH)) {
        await indexNotice(tx, {
          id: n.id,
          title: n.title,
          plainText: (await renderMessage(n.body_source)).plainText,
          orgId: n.org_id,
          senderAccountId: n.sender_account_id,
          senderName: n.sender_name,
          sentAt: new Date(n.sent_at),
          recipientAccountIds: n.recipients,
        });
      }
    });
    count += Math.min(BATCH, notices.length - i);
  }
  // Activities and rectification items: their own modules build the documents from their rows.
  for (const table of ['activities', 'org_life_rectifications'] as const) {
    const ids = await queryRows<{ id: string }>(
      database.db,
      sql`select id from ${sql.identifier(table)} order by id`,
    );
    const index = table === 'activities' ? indexActivity : indexRectification;
    for (let i = 0; i < ids.length; i += BATCH) {
      await database.write(async (tx) => {
        for (const { id } of ids.slice(i, i + BATCH)) await index(tx, id);
      });
      count += Math.min(BATCH, ids.length - i);
    }
  }
  return count;
}

/**
 * At start: a database with records but an empty index (it predates search) is indexed once.
 * Cheap when there is nothing to do: two single-row probes.
 */
export async function ensureSearchIndex(database: Database): Promise<void> {
  const [probe] = await queryRows<{ indexed: boolean; sources: boolean }>(
    database.db,
    sql`select exists (select 1 from search_documents) as indexed,
          (exists (select 1 from exchange_topics) or exists (select 1 from notices)
           or exists (select 1 from activities)
           or exists (select 1 from org_life_rectifications)) as sources`,
  );
  if (probe && !probe.indexed && probe.sources) await rebuildSearchIndex(database);
}
