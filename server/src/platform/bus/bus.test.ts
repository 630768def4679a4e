import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { LocalBus, RedisBus, type BusSignal, type EventBus } from './bus.ts';
import type { UserEvent } from './events.ts';

const event = (id: number, userId = 'u1'): UserEvent => ({
  userId,
  id,
  type: 'test.tick',
  payload: { id },
  at: new Date().toISOString(),
});

/** Resolves with the first batch the bus delivers that satisfies `match`, or fails after ms. */
function nextBatch(
  bus: EventBus,
  match: (events: readonly UserEvent[]) => boolean = () => true,
  ms = 1000,
): Promise<readonly UserEvent[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching batch within ${ms} ms`));
    }, ms);
    const off = bus.subscribe((events) => {
      if (!match(events)) return;
      clearTimeout(timer);
      off();
      resolve(events);
    });
  });
}

describe('LocalBus', () => {
  it('delivers published batches to every subscriber, after the publisher returns', async () => {
    const bus = new LocalBus();
    const seen: number[][] = [];
    const off = bus.subscribe((events) => seen.push(events.map((e) => e.id)));
    const second = nextBatch(bus);
    await bus.publish([event(1), event(2)]);
    expect(seen).toEqual([]);
    expect((await second).map((e) => e.id)).toEqual([1, 2]);
    expect(seen).toEqual([[1, 2]]);
    off();
    await bus.publish([event(3)]);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([[1, 2]]);
    await bus.close();
  });

  it('keeps delivering when one handler throws', async () => {
    const errors: string[] = [];
    const bus = new LocalBus((message) => errors.push(message));
    bus.subscribe(() => {
      throw new Error('broken socket');
    });
    const delivered = nextBatch(bus);
    await bus.publish([event(1)]);
    expect((await delivered).map((e) => e.id)).toEqual([1]);
    expect(errors).toEqual(['event handler failed']);
    await bus.close();
  });
});

/** Resolves with the first signal the bus delivers that satisfies `match`, or fails after ms. */
function nextSignal(
  bus: EventBus,
  match: (signal: BusSignal) => boolean = () => true,
  ms = 1000,
): Promise<BusSignal> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching signal within ${ms} ms`));
    }, ms);
    const off = bus.subscribeSignals((signal) => {
      if (!match(signal)) return;
      clearTimeout(timer);
      off();
      resolve(signal);
    });
  });
}

const typing = (n: number): BusSignal => ({
  kind: 'transient',
  recipients: ['u1'],
  type: 'typing',
  payload: { n },
});

describe('signals', () => {
  it('reach local signal handlers after the publisher returns, and not event handlers', async () => {
    const bus = new LocalBus();
    const events: unknown[] = [];
    bus.subscribe((batch) => events.push(batch));
    const seen: BusSignal[] = [];
    bus.subscribeSignals((signal) => seen.push(signal));
    const delivered = nextSignal(bus);
    await bus.publishSignal(typing(1));
    expect(seen).toEqual([]);
    expect(await delivered).toEqual(typing(1));
    expect(events).toEqual([]);
    await bus.close();
  });

  const url = process.env.REDIS_URL ?? '';
  it.runIf(url)('fan out to the other node once, and reach the publishing node too', async () => {
    const channel = `tongxin:test:${randomUUID()}`;
    const [a, b] = [new RedisBus(url, () => {}, channel), new RedisBus(url, () => {}, channel)];
    try {
      expect(await a.ready()).toBe(true);
      expect(await b.ready()).toBe(true);
      const onA: BusSignal[] = [];
      a.subscribeSignals((signal) => onA.push(signal));
      const onBEvents: unknown[] = [];
      b.subscribe((batch) => onBEvents.push(batch));
      const onB = nextSignal(b);
      await a.publishSignal({ kind: 'sessions-ended', sessionIds: ['s1'] });
      expect(await onB).toEqual({ kind: 'sessions-ended', sessionIds: ['s1'] });
      await new Promise((r) => setTimeout(r, 100));
      expect(onA).toEqual([{ kind: 'sessions-ended', sessionIds: ['s1'] }]);
      expect(onBEvents).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('RedisBus', () => {
  const url = process.env.REDIS_URL ?? '';
  // A channel per run so parallel test files or earlier runs cannot interfere.
  const open = (channel: string) => new RedisBus(url, () => {}, channel);

  it.runIf(url)('fans a batch out to the other node within a second, once', async () => {
    const channel = `tongxin:test:${randomUUID()}`;
    const [a, b] = [open(channel), open(channel)];
    try {
      expect(await a.ready()).toBe(true);
      expect(await b.ready()).toBe(true);
      const onA: number[] = [];
      a.subscribe((events) => onA.push(...events.map((e) => e.id)));
      const onB = nextBatch(b);
      await a.publish([event(7, randomUUID())]);
      expect((await onB).map((e) => e.id)).toEqual([7]);
      // The publisher's own clients got it locally, and not a second time via Redis.
      await new Promise((r) => setTimeout(r, 100));
      expect(onA).toEqual([7]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.runIf(url)('resumes delivery after Redis drops the connections', async () => {
    const channel = `tongxin:test:${randomUUID()}`;
    const [a, b] = [open(channel), open(channel)];
    const admin = new Redis(url);
    try {
      expect(await a.ready()).toBe(true);
      expect(await b.ready()).toBe(true);
      // Kill both buses' connections (publisher and subscriber) server-side, and only
      // theirs: the Redis is shared with other tests.
      const clients = (await admin.client('LIST')) as string;
      const ids = clients
        .split('\n')
        .filter((line) => line.includes(a.node) || line.includes(b.node))
        .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
        .filter((id): id is string => Boolean(id));
      expect(ids).toHaveLength(4);
      for (const id of ids) await admin.client('KILL', 'ID', id);

      // While down, publishing does not throw and the local clients still get the batch.
      const local = nextBatch(a, (events) => events[0]?.id === 1);
      await a.publish([event(1)]);
      await local;

      // Once reconnected and resubscribed, fan-out resumes.
      const deadline = Date.now() + 5000;
      let received = false;
      for (let id = 2; !received && Date.now() < deadline; id++) {
        const onB = nextBatch(b, (events) => events[0]?.id === id, 300);
        await a.publish([event(id)]);
        received = await onB.then(
          () => true,
          () => false,
        );
      }
      expect(received).toBe(true);
    } finally {
      admin.disconnect();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.runIf(url)('publish does not throw when Redis cannot be reached at all', async () => {
    const errors: string[] = [];
    const bus = new RedisBus('redis://127.0.0.1:1', (message) => errors.push(message));
    try {
      expect(await bus.ready(200)).toBe(false);
      const local = nextBatch(bus);
      await bus.publish([event(1)]);
      expect((await local).map((e) => e.id)).toEqual([1]);
    } finally {
      await bus.close();
    }
  });
});
