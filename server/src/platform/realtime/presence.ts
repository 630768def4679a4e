import { Redis } from 'ioredis';

/**
 * Who is online: an account is online while it has at least one open socket on any node.
 * The gateway counts its own sockets and tells the store when an account's count on this
 * node goes from 0 to 1 (`here`) and back (`gone`); `refresh` runs on every heartbeat.
 */
export interface PresenceStore {
  here(userId: string): Promise<void>;
  gone(userId: string): Promise<void>;
  /** Keeps this node's claims alive; called with every account that has a socket here. */
  refresh(userIds: readonly string[]): Promise<void>;
  /** The subset of `userIds` online on any node. */
  online(userIds: readonly string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

/** One node: the gateway's own sockets are the whole truth. */
export class LocalPresence implements PresenceStore {
  private readonly users = new Set<string>();

  async here(userId: string): Promise<void> {
    this.users.add(userId);
  }

  async gone(userId: string): Promise<void> {
    this.users.delete(userId);
  }

  async refresh(): Promise<void> {}

  async online(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.users.has(id)));
  }

  async close(): Promise<void> {
    this.users.clear();
  }
}

export const PRESENCE_PREFIX = 'tongxin:presence:';

/**
 * Many nodes: one sorted set per account, `tongxin:presence:<account>`, whose members are
 * node ids scored with the time their claim expires. A node refreshes its claims on every
 * heartbeat; a crashed node stops refreshing, so its accounts drop offline once the claim
 * expires (ttlMs) without anybody cleaning up after it. Redis being away makes presence
 * answer from what it last knew plus this node's own sockets; it never fails a request.
 */
export class RedisPresence implements PresenceStore {
  private readonly redis: Redis;
  private readonly mine = new Set<string>();

  constructor(
    url: string,
    private readonly node: string,
    private readonly ttlMs: number,
    private readonly log: (message: string, err?: unknown) => void = () => {},
  ) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: `tongxin-presence-${node}`,
    });
    this.redis.on('error', (err: Error) => this.log('redis unavailable for presence', err));
  }

  /** Resolves true once connected, false after the timeout (claims made before are retried by refresh). */
  async ready(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.redis.status !== 'ready') {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  async here(userId: string): Promise<void> {
    this.mine.add(userId);
    await this.claim([userId]);
  }

  async gone(userId: string): Promise<void> {
    this.mine.delete(userId);
    try {
      await this.redis.zrem(PRESENCE_PREFIX + userId, this.node);
    } catch (err) {
      // The claim expires on its own.
      this.log('presence release skipped', err);
    }
  }

  async refresh(userIds: readonly string[]): Promise<void> {
    await this.claim(userIds);
  }

  async online(userIds: readonly string[]): Promise<Set<string>> {
    const now = Date.now();
    const found = new Set(userIds.filter((id) => this.mine.has(id)));
    const others = userIds.filter((id) => !found.has(id));
    if (others.length === 0) return found;
    try {
      const pipeline = this.redis.pipeline();
      for (const id of others) pipeline.zcount(PRESENCE_PREFIX + id, now, '+inf');
      const results = (await pipeline.exec()) ?? [];
      results.forEach(([err, count], i) => {
        const id = others[i];
        if (!err && id && Number(count) > 0) found.add(id);
      });
    } catch (err) {
      this.log('presence lookup answered from this node only', err);
    }
    return found;
  }

  async close(): Promise<void> {
    // Release our claims so the accounts go offline at once rather than after the ttl.
    if (this.mine.size > 0 && this.redis.status === 'ready') {
      const pipeline = this.redis.pipeline();
      for (const id of this.mine) pipeline.zrem(PRESENCE_PREFIX + id, this.node);
      await pipeline.exec().catch(() => undefined);
    }
    this.mine.clear();
    this.redis.disconnect();
  }

  private async claim(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const expires = Date.now() + this.ttlMs;
    try {
      const pipeline = this.redis.pipeline();
      for (const id of userIds) {
        const key = PRESENCE_PREFIX + id;
        pipeline.zadd(key, expires, this.node);
        // Old claims of crashed nodes go when nobody refreshes the key any more.
        pipeline.zremrangebyscore(key, '-inf', Date.now());
        pipeline.pexpire(key, this.ttlMs);
      }
      await pipeline.exec();
    } catch (err) {
      this.log('presence refresh skipped', err);
    }
  }
}
