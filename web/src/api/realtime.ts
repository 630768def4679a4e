import {
  MAX_PRESENCE_IDS,
  WS_CLOSE,
  type PresenceAnswer,
  type ServerFrame,
} from '@tongxin/contract';
import { api, API_BASE } from './client.ts';

/** Which of these accounts are online now (at most MAX_PRESENCE_IDS). */
export const getPresence = (ids: readonly string[]) =>
  api.post<PresenceAnswer>('/presence', { ids: ids.slice(0, MAX_PRESENCE_IDS) });

/**
 * The tab's one WebSocket to /api/v1/ws (protocol: docs/realtime.md). It resumes from the
 * last event id applied for the account, so a dropped connection loses nothing; it
 * reconnects with backoff and jitter, and stops for good when the session ends.
 */

export type RealtimeStatus =
  /** Not started, or stopped (signed out). */
  | 'idle'
  | 'connecting'
  /** Caught up and receiving live events. */
  | 'online'
  /** Lost the connection; trying again. */
  | 'reconnecting';

/** A stored event (`id` set) or a transient one (typing: `id` null) as subscribers see it. */
export interface RealtimeMessage {
  id: number | null;
  type: string;
  payload: Record<string, unknown>;
  at: string | null;
}

export type RealtimeHandler = (message: RealtimeMessage) => void;

// ---- pure logic, unit-tested ----

/**
 * What to do with a stored event given the last id applied: apply it, skip a duplicate, or
 * (one ahead of a gap) ask the server to resume from `last` again. The server already sends
 * in order without gaps; this keeps the client right if that promise is ever broken.
 */
export function sequence(last: number, id: number): 'apply' | 'skip' | 'gap' {
  if (id <= last) return 'skip';
  return id === last + 1 ? 'apply' : 'gap';
}

/** Reconnect delay: exponential from 500 ms to 30 s, with "equal jitter" so tabs spread out. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Close codes after which reconnecting cannot help: the session is gone. */
export const isFinalClose = (code: number): boolean => code === WS_CLOSE.sessionEnded;

/** Whether a subscription for `prefix` wants `type`: exact, or a dotted prefix ("exchange."). */
export const matchesPrefix = (prefix: string, type: string): boolean =>
  prefix === '' || type === prefix || (prefix.endsWith('.') && type.startsWith(prefix));

/**
 * The last applied event id of each account, in this tab's memory: a reconnect (or a
 * sign-in as the same account) resumes from it. Not persisted: a new tab starts at head.
 */
export class ResumePoints {
  private readonly points = new Map<string, number>();

  get(accountId: string): number | null {
    return this.points.get(accountId) ?? null;
  }

  set(accountId: string, id: number): void {
    this.points.set(accountId, id);
  }
}

// ---- the connection ----

export interface RealtimeCallbacks {
  /** Events were pruned while away: reload state (e.g. invalidate all queries). */
  onResync?: () => void;
  /** The session ended: the socket will not come back. */
  onSessionEnded?: () => void;
}

type Listener<T> = (value: T) => void;

export class RealtimeClient {
  private socket: WebSocket | null = null;
  private accountId: string | null = null;
  private status: RealtimeStatus = 'idle';
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private readonly handlers = new Set<{ prefix: string; handler: RealtimeHandler }>();
  private readonly statusListeners = new Set<Listener<RealtimeStatus>>();
  private readonly presenceListeners = new Set<Listener<{ accountId: string; online: boolean }>>();
  /** Accounts watched for presence, with how many watchers want each. */
  private readonly watched = new Map<string, number>();

  constructor(
    private readonly callbacks: RealtimeCallbacks = {},
    private readonly points = new ResumePoints(),
    private readonly url: () => string = defaultUrl,
  ) {}

  /** Connects as this account (or keeps the connection when it already is). */
  start(accountId: string): void {
    if (this.accountId === accountId && this.status !== 'idle') return;
    this.stop();
    this.accountId = accountId;
    this.open();
  }

  stop(): void {
    this.accountId = null;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'stopped');
    this.setStatus('idle');
  }

  getStatus(): RealtimeStatus {
    return this.status;
  }

  onStatus(listener: Listener<RealtimeStatus>): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  /** Handler for stored and transient events whose type matches `typePrefix`. */
  subscribe(typePrefix: string, handler: RealtimeHandler): () => void {
    const entry = { prefix: typePrefix, handler };
    this.handlers.add(entry);
    return () => void this.handlers.delete(entry);
  }

  onPresence(listener: Listener<{ accountId: string; online: boolean }>): () => void {
    this.presenceListeners.add(listener);
    return () => void this.presenceListeners.delete(listener);
  }

  /**
   * Hear about presence changes of these accounts (as `onPresence` calls) until the returned
   * function is called. Several watchers share the socket's one watch list.
   */
  watchPresence(accountIds: readonly string[]): () => void {
    for (const id of accountIds) this.watched.set(id, (this.watched.get(id) ?? 0) + 1);
    this.sendWatchList();
    return () => {
      for (const id of accountIds) {
        const n = (this.watched.get(id) ?? 1) - 1;
        if (n > 0) this.watched.set(id, n);
        else this.watched.delete(id);
      }
      this.sendWatchList();
    };
  }

  private sendWatchList(): void {
    this.sendFrame({
      t: 'presence.watch',
      ids: [...this.watched.keys()].slice(0, MAX_PRESENCE_IDS),
    });
  }

  /** A registered client message (e.g. typing); dropped when not connected. */
  sendClientMessage(type: string, data: unknown): boolean {
    return this.sendFrame({ t: 'message', type, data });
  }

  private sendFrame(frame: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private setStatus(status: RealtimeStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  private open(): void {
    const accountId = this.accountId;
    if (!accountId) return;
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onmessage = (message) => {
      if (this.socket !== socket || typeof message.data !== 'string') return;
      this.lastFrameAt = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(message.data) as ServerFrame;
      } catch {
        return;
      }
      this.onFrame(socket, accountId, frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      if (isFinalClose(event.code)) {
        this.socket = null;
        this.clearTimers();
        this.accountId = null;
        this.setStatus('idle');
        this.callbacks.onSessionEnded?.();
        return;
      }
      this.retry(socket);
    };
  }

  /** Gives up on this socket and schedules the next attempt. */
  private retry(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.clearTimers();
    socket.close();
    this.setStatus('reconnecting');
    this.retryTimer = setTimeout(() => this.open(), backoffDelay(this.attempt++));
  }

  private onFrame(socket: WebSocket, accountId: string, frame: ServerFrame): void {
    switch (frame.t) {
      case 'hello': {
        // A new tab starts from the head: its screens load current state over HTTP.
        const since = this.points.get(accountId) ?? frame.head;
        this.points.set(accountId, since);
        socket.send(JSON.stringify({ t: 'resume', since }));
        this.startPings(socket, frame.heartbeatMs);
        return;
      }
      case 'synced':
        this.attempt = 0;
        this.setStatus('online');
        if (this.watched.size > 0) this.sendWatchList();
        return;
      case 'resync':
        this.points.set(accountId, frame.head);
        this.callbacks.onResync?.();
        return;
      case 'event': {
        const last = this.points.get(accountId) ?? 0;
        const action = sequence(last, frame.id);
        if (action === 'skip') return;
        if (action === 'gap') {
          socket.send(JSON.stringify({ t: 'resume', since: last }));
          return;
        }
        this.points.set(accountId, frame.id);
        this.dispatch({ id: frame.id, type: frame.type, payload: frame.payload, at: frame.at });
        return;
      }
      case 'transient':
        this.dispatch({ id: null, type: frame.type, payload: frame.payload, at: null });
        return;
      case 'presence':
        for (const listener of this.presenceListeners)
          listener({ accountId: frame.accountId, online: frame.online });
        return;
      case 'pong':
      case 'error':
        return;
    }
  }

  private dispatch(message: RealtimeMessage): void {
    for (const { prefix, handler } of this.handlers) {
      if (!matchesPrefix(prefix, message.type)) continue;
      try {
        handler(message);
      } catch (error) {
        // One broken screen must not stop the others from hearing about the event.
        console.error('realtime handler failed', error);
      }
    }
  }

  /** Browsers cannot see WebSocket pings: ping in JSON, and give up on a silent socket. */
  private startPings(socket: WebSocket, heartbeatMs: number): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.lastFrameAt = Date.now();
    this.pingTimer = setInterval(() => {
      // A half-open connection (laptop lid, lost Wi-Fi) may never report its close.
      if (Date.now() - this.lastFrameAt > heartbeatMs * 2) return this.retry(socket);
      socket.send(JSON.stringify({ t: 'ping' }));
    }, heartbeatMs);
  }
}

function defaultUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${API_BASE}/ws`;
}
