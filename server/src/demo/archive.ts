import type { Actor } from '../platform/audit/audit.ts';
import type { ServiceContext } from '../platform/context.ts';
import { ensureOrgSpace, listTopics, requireViewer } from '../modules/exchange/service.ts';
import { checkpointNow } from '../modules/archive/service.ts';
import { archiveTopic } from '../modules/archive/topics.ts';
import type { DemoPlan } from './plan.ts';

/**
 * The demo's archive: its notices are archived as they are sent (notices module); here each
 * branch secretary archives the branch's resolved discussions (or, failing those, the oldest
 * one), as a secretary would at the end of a study season, and the tree is signed.
 */
export async function seedDemoArchive(
  ctx: ServiceContext,
  plan: DemoPlan,
  ids: { orgIds: ReadonlyMap<string, string>; accountOf: ReadonlyMap<string, Actor> },
): Promise<void> {
  for (const post of plan.posts.filter((p) => p.post === 'secretary')) {
    const actor = ids.accountOf.get(post.memberKey);
    const orgId = ids.orgIds.get(post.orgKey);
    if (!actor?.userId || !orgId) continue;
    const viewer = await requireViewer(ctx, actor.userId);
    const space = await ensureOrgSpace(ctx, orgId);
    const topics = (await listTopics(ctx, viewer, space.id, { limit: 50 })).items;
    if (topics.length === 0) continue;
    const resolved = topics.filter((t) => t.topic.resolved);
    const chosen = resolved.length > 0 ? resolved : topics.slice(-1);
    for (const { topic } of chosen) {
      await archiveTopic(ctx, { ...actor, userId: actor.userId }, topic.id, '学习讨论阶段性归档');
    }
  }
  await checkpointNow(ctx, { userId: null, name: 'demo', role: 'operator', ip: null }, 'demand');
}
