import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventPayload, UserEvent } from './events.ts';

/**
 * Best-effort fan-out of committed events to whichever node holds the recipients' sockets.
 * The `user_events` table is the source of truth: a notice lost here (Redis down, node
 * restarting) is recovered by the client asking `since=<id>`. So publish never throws.
 */
export interface EventBus {
  /** Call only after the transaction that appended the events has committed. */
  publish(events: readonly UserEvent[]): Promise<void>;
  /** Handlers get every batch published on any node, including this one; returns unsubscribe. */
  subscribe(handler: EventHandler): () => void;
  /**
   * Fans out a signal that is not stored (typing, presence, "these sessions ended"): every
   * node's signal handlers get it, this node's included. Best effort like `publish`: never
   * throws, and a signal lost while Redis is away is simply lost.
   */
  publishSignal(signal: BusSignal): Promise<void>;
  subscribeSignals(handler: SignalHandler): () => void;
  close(): Promise<void>;
}

export type EventHandler = (events: readonly UserEvent[]) => void;

/** What travels on the signal channel; nothing of it is stored. */
export type BusSignal =
  /** A transient frame for the sockets of `recipients` (account ids), e.g. typing. */
  | { kind: 'transient'; recipients: string[]; type: string; payload: EventPayload }
  /** These sessions ended (sign-out, revoked, account disabled): close their sockets now. */
  | { kind: 'sessions-ended'; sessionIds: string[] }
  /** The account came online (its first socket anywhere) or went offline (its last one). */
  | { kind: 'presence'; userId: string; online: boolean };

export type SignalHandler = (signal: BusSignal) => void;

export type BusLog = (message: string, err?: unknown) => void;

/** One process: handlers are called on the next tick, never inside the publisher's stack. */
export class LocalBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly log: BusLog = () => {}) {
    // Every socket of this node may subscribe; the default warning at 10 would be noise.
    this.emitter.setMaxListeners(0);
  }

  async publish(events: readonly UserEvent[]): Promise<void> {
    if (events.length === 0) return;
    setImmediate(() => this.emitter.emit('events', events));
  }

  subscribe(handler: EventHandler): () => void {
    return this.on('events', 'event handler failed', handler);
  }

  async publishSignal(signal: BusSignal): Promise<void> {
    setImmediate(() => this.emitter.emit('signal', signal));
  }

  subscribeSignals(handler: SignalHandler): () => void {
    return this.on('signal', 'signal handler failed', handler);
  }

  private on<T>(name: string, failure: string, handler: (value: T) => void): () => void {
    const safe = (value: T) => {
      try {
        handler(value);
      } catch (err) {
        this.log(failure, err);
      }
    };
    this.emitter.on(name, safe);
    return () => void this.emitter.off(name, safe);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

export const BUS_CHANNEL = 'tongxin:events';

interface Envelope {
  node: string;
  events: UserEvent[];
}

interface SignalEnvelope {
  node: string;
  signal: BusSignal;
}

/**
 * Many nodes over Redis pub/sub: one connection publishes, one subscribes (a subscribed
 * connection can do nothing else). Each batch is delivered locally at once and sent to
 * Redis tagged with this node's id; echoes of our own batches are dropped, so local
 * clients keep getting events while Redis is away. ioredis reconnects and resubscribes.
 */
export class RedisBus implements EventBus {
  readonly node = randomUUID();
  private readonly local: LocalBus;
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** Signals travel beside the events on a channel of their own. */
  private readonly signalChannel: string;

  constructor(
    url: string,
    private readonly log: BusLog = () => {},
    private readonly channel = BUS_CHANNEL,
  ) {
    this.signalChannel = `${channel}:signals`;
    this.local = new LocalBus(log);
    // No offline queue: a publish while disconnected fails at once instead of piling up;
    // the feed table already holds the events.
    // Named so operators (and tests) can tell the bus's connections apart in CLIENT LIST.
    this.pub = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: `tongxin-bus-pub-${this.node}`,
    });
    this.sub = new Redis(url, {
      maxRetriesPerRequest: null,
      connectionName: `tongxin-bus-sub-${this.node}`,
    });
    for (const conn of [this.pub, this.sub])
      conn.on('error', (err: Error) => this.log('redis unavailable for the event bus', err));
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.receive(message);
      else if (channel === this.signalChannel) this.receiveSignal(message);
    });
    this.sub
      .subscribe(this.channel, this.signalChannel)
      .catch((err: unknown) => this.log('subscribe failed', err));
  }

  /** Resolves once subscribed, or after the timeout (the bus works without Redis). */
  async ready(timeoutMs = 5000): Promise<boolean> {
    const subscribed = () => this.sub.status === 'ready' && Boolean(this.sub.condition?.subscriber);
    const deadline = Date.now() + timeoutMs;
    while (!subscribed()) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  async publish(events: readonly UserEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.local.publish(events);
    const envelope: Envelope = { node: this.node, events: [...events] };
    try {
      await this.pub.publish(this.channel, JSON.stringify(envelope));
    } catch (err) {
      this.log('event fan-out skipped; clients catch up through since', err);
    }
  }

  subscribe(handler: EventHandler): () => void {
    return this.local.subscribe(handler);
  }

  async publishSignal(signal: BusSignal): Promise<void> {
    await this.local.publishSignal(signal);
    const envelope: SignalEnvelope = { node: this.node, signal };
    try {
      await this.pub.publish(this.signalChannel, JSON.stringify(envelope));
    } catch (err) {
      this.log('signal fan-out skipped', err);
    }
  }

  subscribeSignals(handler: SignalHandler): () => void {
    return this.local.subscribeSignals(handler);
  }

  async close(): Promise<void> {
    await this.local.close();
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private receive(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch (err) {
      return this.log('unreadable event bus message', err);
    }
    if (envelope.node === this.node || !Array.isArray(envelope.events)) return;
    void this.local.publish(envelope.events);
  }

  private receiveSignal(message: string): void {
    let envelope: SignalEnvelope;
    try {
      envelope = JSON.parse(message) as SignalEnvelope;
    } catch (err) {
      return this.log('unreadable signal bus message', err);
    }
    if (envelope.node === this.node || typeof envelope.signal?.kind !== 'string') return;
    void this.local.publishSignal(envelope.signal);
  }
}

/** In-process bus for one node; Redis pub/sub when REDIS_URL is set. */
export function openEventBus(redisUrl: string | null, log?: BusLog): EventBus {
  return redisUrl ? new RedisBus(redisUrl, log) : new LocalBus(log);
}
