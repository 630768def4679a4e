import type { Queryable } from '../../platform/db/types.ts';
import { accessKey, indexDocument } from '../search/indexer.ts';
import { findMeeting, findRectification } from './service.ts';

/**
 * Writes the search document of a rectification item (problem, measure, evidence) inside the
 * transaction of the write. Its keys reproduce `canViewCycle` (policy.ts): the cycle's branch
 * members and the officers running cycles over it. Criticism texts are never indexed: they are
 * for the member concerned and the committee only, which no shared key expresses.
 */
export async function indexRectification(tx: Queryable, id: string): Promise<void> {
  const row = await findRectification(tx, id);
  if (!row) return;
  const meeting = await findMeeting(tx, row.meetingId);
  if (!meeting) return;
  await indexDocument(tx, {
    kind: 'rectification',
    ref: row.id,
    title: row.problem,
    body: [row.measure, row.evidence ?? ''].filter(Boolean).join('\n'),
    context: meeting.title,
    acl: [accessKey.orgLifeManage(meeting.orgId), accessKey.branchHome(meeting.orgId)],
    orgId: meeting.orgId,
    authorName: row.closedByName ?? '',
    parentRef: meeting.id,
    at: row.createdAt,
    link: `/org-life/${meeting.id}`,
  });
}
