import type { WebSocket, RawData } from 'ws';
import type { Static, TSchema } from 'typebox';
import { ClientFrame, MAX_CLIENT_FRAME_BYTES, WS_CLOSE, type ServerFrame } from '@tongxin/contract';
import type { ServiceContext } from '../context.ts';
import type { BusSignal } from '../bus/bus.ts';
import { eventsSince, type UserEvent } from '../bus/events.ts';
import { compileExact } from '../http/validation.ts';
import { Connection, feedReader } from './connection.ts';
import { LocalPresence, RedisPresence, type PresenceStore } from './presence.ts';

/** Who gets a transient frame for a client message, and what it says; null: nobody. */
export interface ClientMessageResult {
  recipients: string[];
  type: string;
  payload: Record<string, unknown>;
}

export type ClientMessageHandler<T> = (
  ctx: ServiceContext,
  accountId: string,
  data: T,
) => Promise<ClientMessageResult | null>;

/** Checks the data and, when it fits the schema, runs the handler; undefined when it does not fit. */
type RegisteredMessage = (
  ctx: ServiceContext,
  accountId: string,
  data: unknown,
) => Promise<ClientMessageResult | null> | undefined;

/** Which of these sessions are still live (not ended, expired, idle, or of a disabled account). */
export type SessionCheck = (sessionIds: readonly string[]) => Promise<Set<string>>;

export interface GatewayOptions {
  /** Supplied by the identity module: platform code does not read its tables. */
  checkSessions: SessionCheck;
  /** Node id, for presence claims; the bus's when it has one. */
  node: string;
  log: (message: string, err?: unknown) => void;
  heartbeatMs?: number;
  sessionCheckMs?: number;
  /** Sockets one account may hold on one node. */
  maxSocketsPerAccount?: number;
}

const DEFAULT_HEARTBEAT_MS = 25_000;
const DEFAULT_SESSION_CHECK_MS = 60_000;
/** Frames refused in a row (rate or size) before the socket is closed. */
const MAX_REFUSED_IN_ROW = 50;

const checkFrame = compileExact<ClientFrame>(ClientFrame);

/**
 * The node's WebSocket gateway: holds the open sockets by account and session, takes every
 * stored event and signal from the bus once for the whole process, and hands each to the
 * sockets it concerns. Events go only to their recipient account's sockets: recipients were
 * computed when the event was written, so a member never receives another account's event.
 */
export class Gateway {
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly bySession = new Map<string, Set<Connection>>();
  private readonly watchers = new Map<string, Set<Connection>>();
  private readonly messages = new Map<string, RegisteredMessage>();
  readonly presence: PresenceStore;
  readonly heartbeatMs: number;
  private readonly sessionCheckMs: number;
  private readonly maxSockets: number;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: Array<() => void> = [];
  private readonly readFeed;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: GatewayOptions,
  ) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.sessionCheckMs = options.sessionCheckMs ?? DEFAULT_SESSION_CHECK_MS;
    this.maxSockets = options.maxSocketsPerAccount ?? 32;
    this.readFeed = feedReader(ctx.database.db);
    // Claims outlive a few missed heartbeats, not a crashed node.
    this.presence = ctx.config.redisUrl
      ? new RedisPresence(ctx.config.redisUrl, options.node, this.heartbeatMs * 3, options.log)
      : new LocalPresence();
    this.unsubscribe.push(
      ctx.bus.subscribe((events) => this.deliver(events)),
      ctx.bus.subscribeSignals((signal) => this.onSignal(signal)),
    );
    this.timers.push(
      setInterval(() => void this.heartbeat(), this.heartbeatMs),
      setInterval(() => void this.checkSessions(), this.sessionCheckMs),
    );
    for (const timer of this.timers) timer.unref();
  }

  /**
   * Registers a client message `{ t: 'message', type, data }`: `data` must match `schema`;
   * the handler says who gets the transient frame `{ t: 'transient', type, payload }`.
   */
  registerClientMessage<T extends TSchema>(
    type: string,
    schema: T,
    handler: ClientMessageHandler<Static<T>>,
  ): void {
    if (this.messages.has(type)) throw new Error(`client message ${type} is already registered`);
    const check = compileExact<Static<T>>(schema);
    this.messages.set(type, (ctx, accountId, data) =>
      check(data) ? handler(ctx, accountId, data) : undefined,
    );
  }

  /** Open sockets on this node (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** An upgraded socket of a signed-in session. */
  accept(socket: WebSocket, userId: string, sessionId: string): void {
    const mine = this.byUser.get(userId);
    if (mine && mine.size >= this.maxSockets) {
      socket.close(WS_CLOSE.tooManySockets, 'too many sockets for this account');
      return;
    }
    const conn = new Connection(socket, userId, sessionId, this.readFeed, this.options.log);
    add(this.byUser, userId, conn);
    add(this.bySession, sessionId, conn);
    socket.on('pong', () => (conn.alive = true));
    socket.on('message', (data, isBinary) => void this.onFrame(conn, data, isBinary));
    socket.on('close', () => this.forget(conn));
    if (!mine || mine.size === 0) void this.cameOnline(userId);
    void this.hello(conn);
  }

  /** Accounts of `ids` online on any node. */
  async online(ids: readonly string[]): Promise<string[]> {
    const found = await this.presence.online(ids);
    return ids.filter((id) => found.has(id));
  }

  /** Closes every socket (server shutting down) and stops the timers. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const off of this.unsubscribe) off();
    for (const set of this.byUser.values())
      for (const conn of set) conn.close(WS_CLOSE.goingAway, 'server shutting down');
    await this.presence.close();
  }

  private async hello(conn: Connection): Promise<void> {
    try {
      const page = await eventsSince(this.ctx.database.db, conn.userId, Number.MAX_SAFE_INTEGER, 1);
      conn.send({ t: 'hello', head: page.head, heartbeatMs: this.heartbeatMs });
    } catch (err) {
      this.options.log('hello failed', err);
      conn.close(WS_CLOSE.goingAway, 'try again');
    }
  }

  private deliver(events: readonly UserEvent[]): void {
    for (const event of events) {
      const conns = this.byUser.get(event.userId);
      if (conns) for (const conn of conns) conn.offer(event);
    }
  }

  private onSignal(signal: BusSignal): void {
    switch (signal.kind) {
      case 'transient': {
        const frame: ServerFrame = { t: 'transient', type: signal.type, payload: signal.payload };
        for (const id of new Set(signal.recipients))
          for (const conn of this.byUser.get(id) ?? []) conn.send(frame);
        return;
      }
      case 'sessions-ended':
        for (const id of signal.sessionIds)
          for (const conn of this.bySession.get(id) ?? [])
            conn.close(WS_CLOSE.sessionEnded, 'session ended');
        return;
      case 'presence': {
        const frame: ServerFrame = {
          t: 'presence',
          accountId: signal.userId,
          online: signal.online,
        };
        for (const conn of this.watchers.get(signal.userId) ?? []) conn.send(frame);
        return;
      }
    }
  }

  private async onFrame(conn: Connection, data: RawData, isBinary: boolean): Promise<void> {
    const size = Array.isArray(data)
      ? data.reduce((n, b) => n + b.length, 0)
      : data instanceof ArrayBuffer
        ? data.byteLength
        : data.length;
    if (!conn.budget.take()) {
      return this.refuse(conn, 'rate_limited', 'Too many frames; slow down');
    }
    if (size > MAX_CLIENT_FRAME_BYTES) {
      return this.refuse(
        conn,
        'too_large',
        `Frames are limited to ${MAX_CLIENT_FRAME_BYTES} bytes`,
      );
    }
    let frame: unknown;
    try {
      if (isBinary) throw new Error('binary');
      frame = JSON.parse(rawText(data));
    } catch {
      return this.refuse(conn, 'invalid_frame', 'Frames are JSON text objects');
    }
    if (!checkFrame(frame)) {
      return this.refuse(conn, 'invalid_frame', 'Unknown or malformed frame');
    }
    switch (frame.t) {
      case 'ping':
        return conn.send({ t: 'pong' });
      case 'resume':
        return conn.resume(frame.since);
      case 'presence.watch':
        return this.watch(conn, frame.ids);
      case 'message':
        return this.clientMessage(conn, frame.type, frame.data);
    }
  }

  private refuse(conn: Connection, code: string, message: string): void {
    if (conn.budget.refusedInRow > MAX_REFUSED_IN_ROW) {
      conn.close(WS_CLOSE.policy, 'too many refused frames');
      return;
    }
    conn.send({ t: 'error', code, message });
  }

  private async clientMessage(conn: Connection, type: string, data: unknown): Promise<void> {
    const run = this.messages.get(type);
    if (!run) return this.refuse(conn, 'unknown_message', `No client message ${type}`);
    let result: ClientMessageResult | null;
    try {
      const pending = run(this.ctx, conn.userId, data);
      if (!pending) return this.refuse(conn, 'invalid_frame', `Malformed data for ${type}`);
      result = await pending;
    } catch (err) {
      this.options.log(`client message ${type} failed`, err);
      return conn.send({ t: 'error', code: 'message_failed', message: `${type} failed` });
    }
    if (!result || result.recipients.length === 0) return;
    await this.ctx.bus.publishSignal({
      kind: 'transient',
      recipients: result.recipients,
      type: result.type,
      payload: result.payload,
    });
  }

  private async watch(conn: Connection, ids: readonly string[]): Promise<void> {
    for (const id of conn.watching) remove(this.watchers, id, conn);
    conn.watching = new Set(ids);
    for (const id of conn.watching) add(this.watchers, id, conn);
    // Start from the truth now; changes follow as presence frames.
    const online = await this.presence.online(ids);
    for (const id of conn.watching)
      conn.send({ t: 'presence', accountId: id, online: online.has(id) });
  }

  private forget(conn: Connection): void {
    conn.closed = true;
    remove(this.bySession, conn.sessionId, conn);
    for (const id of conn.watching) remove(this.watchers, id, conn);
    if (remove(this.byUser, conn.userId, conn)) void this.wentOffline(conn.userId);
  }

  private async cameOnline(userId: string): Promise<void> {
    await this.presence.here(userId);
    await this.ctx.bus.publishSignal({ kind: 'presence', userId, online: true });
  }

  private async wentOffline(userId: string): Promise<void> {
    await this.presence.gone(userId);
    // Back already, or still online on another node: nothing changed for the watchers.
    if (this.byUser.has(userId)) return;
    if ((await this.presence.online([userId])).has(userId)) return;
    await this.ctx.bus.publishSignal({ kind: 'presence', userId, online: false });
  }

  /** Closes sockets that did not answer the last ping, pings the rest, refreshes presence. */
  private async heartbeat(): Promise<void> {
    for (const set of this.byUser.values()) {
      for (const conn of set) {
        if (conn.closed) continue;
        if (!conn.alive) {
          conn.closed = true;
          conn.socket.terminate();
          continue;
        }
        conn.alive = false;
        conn.socket.ping();
      }
    }
    await this.presence.refresh([...this.byUser.keys()]);
  }

  /** Catches what no signal announced: expiry, idle timeout, a signal lost with Redis. */
  private async checkSessions(): Promise<void> {
    const ids = [...this.bySession.keys()];
    if (ids.length === 0) return;
    const live = new Set<string>();
    try {
      // In slices: one query per thousand sessions keeps the parameter list bounded.
      for (let i = 0; i < ids.length; i += 1000) {
        for (const id of await this.options.checkSessions(ids.slice(i, i + 1000))) live.add(id);
      }
    } catch (err) {
      return this.options.log('session check failed; will try again', err);
    }
    for (const id of ids) {
      if (live.has(id)) continue;
      for (const conn of this.bySession.get(id) ?? [])
        conn.close(WS_CLOSE.sessionEnded, 'session ended');
    }
  }

  /** Runs the periodic session check now (tests). */
  recheckSessions(): Promise<void> {
    return this.checkSessions();
  }
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** Removes; true when that emptied the key's set. */
function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean {
  const set = map.get(key);
  if (!set || !set.delete(value)) return false;
  if (set.size > 0) return false;
  map.delete(key);
  return true;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The node's WebSocket gateway: register client messages on it (see docs/realtime.md). */
    realtime: Gateway;
  }
}
