import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { EventPage, Message, SpaceList } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { useHarness } from '../../test/harness.ts';
import { buildFixture } from '../members/test-fixture.ts';
import { members } from '../members/schema.ts';
import { users } from '../identity/schema.ts';
import { eventsSince } from '../../platform/bus/events.ts';

const SIZE = 1000;

/**
 * A branch of 1,000 members with accounts: every member gets each message's event, in one
 * batch. How fast that is, is measured by `npm run bench -- exchange --space-size 1000`.
 */
describe.each(ENGINES)('exchange at branch scale on %s', (engine) => {
  const h = useHarness(engine);

  it(`posts to a space of ${SIZE} members and gives each one event`, async () => {
    const { app, ctx } = h();
    const f = await buildFixture(app, ctx);
    // Bulk roster straight into the tables: creating accounts through the service hashes
    // each password with argon2, which is not what this test measures.
    await ctx.database.write(async (tx) => {
      const rows = await tx
        .insert(members)
        .values(
          Array.from({ length: SIZE }, (_, i) => ({
            name: `党员${i}`,
            gender: 'male' as const,
            status: 'full' as const,
            branchId: f.orgs.b,
          })),
        )
        .returning({ id: members.id });
      await tx.insert(users).values(
        rows.map((r, i) => ({
          username: `scale${i}`,
          displayName: `党员${i}`,
          passwordHash: 'not-a-usable-hash',
          memberId: r.id,
        })),
      );
    });
    const cookie = await f.cookie('sec.b');
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { cookie },
        ...(payload ? { payload } : {}),
      });
    const space = (await call('GET', '/exchange/spaces')).json<SpaceList>().items[0];
    expect(space?.memberCount).toBe(SIZE + 1);
    const topic = await call('POST', `/exchange/spaces/${space?.id}/topics`, {
      title: '大规模',
      body: '第一条',
    });
    expect(topic.statusCode, topic.body).toBe(201);
    const topicId = topic.json<{ topic: { id: string } }>().topic.id;
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', `/exchange/topics/${topicId}/messages`, { body: `消息${i}` });
      expect(res.statusCode).toBe(201);
      expect(res.json<Message>().source).toBe(`消息${i}`);
    }
    const [row] = await ctx.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'scale999'));
    const page: EventPage = await eventsSince(ctx.database.db, row?.id ?? '', 0, 100);
    expect(page.items.filter((e) => e.type === 'exchange.message.created')).toHaveLength(6);
  });
});
