import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalPresence, RedisPresence } from './presence.ts';

describe('LocalPresence', () => {
  it('answers from the accounts this node holds', async () => {
    const presence = new LocalPresence();
    await presence.here('a');
    await presence.here('b');
    await presence.gone('b');
    expect([...(await presence.online(['a', 'b', 'c']))]).toEqual(['a']);
  });
});

describe('RedisPresence', () => {
  const url = process.env.REDIS_URL ?? '';

  it.runIf(url)(
    'is shared between nodes, released at once, and expires with a dead node',
    async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const nodeA = new RedisPresence(url, randomUUID(), 300);
      const nodeB = new RedisPresence(url, randomUUID(), 300);
      try {
        expect(await nodeA.ready()).toBe(true);
        expect(await nodeB.ready()).toBe(true);
        await nodeA.here(a);
        await nodeA.here(b);
        expect([...(await nodeB.online([a, b, randomUUID()]))].sort()).toEqual([a, b].sort());
        // Released by its node: offline everywhere at once.
        await nodeA.gone(b);
        expect([...(await nodeB.online([b]))]).toEqual([]);
        // Refreshed claims stay; a node that stops refreshing (crashed) loses them.
        await new Promise((r) => setTimeout(r, 200));
        await nodeA.refresh([a]);
        await new Promise((r) => setTimeout(r, 200));
        expect([...(await nodeB.online([a]))]).toEqual([a]);
        await new Promise((r) => setTimeout(r, 250));
        expect([...(await nodeB.online([a]))]).toEqual([]);
      } finally {
        await Promise.all([nodeA.close(), nodeB.close()]);
      }
    },
  );

  it.runIf(url)('answers from its own sockets when Redis cannot be reached', async () => {
    const presence = new RedisPresence('redis://127.0.0.1:1', randomUUID(), 300);
    try {
      await presence.here('a');
      expect([...(await presence.online(['a', 'b']))]).toEqual(['a']);
    } finally {
      await presence.close();
    }
  });
});
