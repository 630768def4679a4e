import type { Queryable } from '../../platform/db/types.ts';
import { accessKey, indexDocument, removeDocument } from '../search/indexer.ts';
import { attendeesOf, countedFor, findActivity } from './service.ts';

/** Every string inside a jsonb value (type-specific details, minutes), in document order. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    // Ids and timestamps are not words anyone searches for.
    if (!/^[0-9a-f-]{36}$/i.test(value) && !/^\d{4}-\d\d-\d\d/.test(value)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) textsOf(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) textsOf(v, out);
  }
  return out;
}

/**
 * Writes the search document of an activity from its stored state, inside the transaction of
 * the write. The keys reproduce `maySee` (policy.ts): a draft opens only to the managers of the
 * host; a published or finalised one also to whoever sees an organisation it counts for and to
 * its expected attendees.
 */
export async function indexActivity(tx: Queryable, id: string): Promise<void> {
  const row = await findActivity(tx, id);
  if (!row) {
    await removeDocument(tx, 'activity', id);
    return;
  }
  const acl = [accessKey.activityManage(row.orgId)];
  if (row.status !== 'draft') {
    for (const orgId of await countedFor(tx, id)) acl.push(accessKey.orgSee(orgId));
    for (const a of await attendeesOf(tx, id)) acl.push(accessKey.member(a.memberId));
  }
  const { type: _type, ...details } = row.details as unknown as Record<string, unknown>;
  const body = [row.place, ...textsOf(details), ...textsOf(row.minutes ?? null)].join('\n');
  await indexDocument(tx, {
    kind: 'activity',
    ref: row.id,
    title: row.title,
    body,
    acl,
    orgId: row.orgId,
    authorId: row.createdBy,
    authorName: row.createdByName,
    at: row.startsAt,
    link: `/activities/${row.id}`,
  });
}
