import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WS_CLOSE } from '@tongxin/contract';
import {
  backoffDelay,
  matchesPrefix,
  RealtimeClient,
  ResumePoints,
  sequence,
  type RealtimeMessage,
} from './realtime.ts';

describe('the pure resume logic', () => {
  it('applies the next id, skips duplicates, and calls a jump a gap', () => {
    expect(sequence(4, 5)).toBe('apply');
    expect(sequence(4, 4)).toBe('skip');
    expect(sequence(4, 2)).toBe('skip');
    expect(sequence(4, 6)).toBe('gap');
    expect(sequence(0, 1)).toBe('apply');
  });

  it('backs off exponentially to 30 s with jitter between half and all of the ceiling', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
    expect(backoffDelay(20, () => 1)).toBe(30_000);
    expect(backoffDelay(20, () => 0)).toBe(15_000);
  });

  it('matches exact types and dotted prefixes only', () => {
    expect(matchesPrefix('exchange.', 'exchange.message')).toBe(true);
    expect(matchesPrefix('exchange.message', 'exchange.message')).toBe(true);
    expect(matchesPrefix('exchange', 'exchangeable')).toBe(false);
    expect(matchesPrefix('exchange.', 'notice.read')).toBe(false);
    expect(matchesPrefix('', 'anything')).toBe(true);
  });
});

/** A WebSocket stand-in: records what the client sends and lets the test play the server. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 1;
  sent: Array<Record<string, unknown>> = [];
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }

  close(): void {
    this.readyState = 3;
  }

  frame(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const event = (id: number, type = 'exchange.message') => ({
  t: 'event',
  id,
  type,
  payload: { id },
  at: '2026-01-01T00:00:00.000Z',
});

describe('RealtimeClient', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('starts a new tab at the head, then resumes after a drop from the last applied id', () => {
    const points = new ResumePoints();
    const client = new RealtimeClient({}, points, () => 'ws://test/api/v1/ws');
    const seen: Array<RealtimeMessage['id']> = [];
    client.subscribe('exchange.', (m) => seen.push(m.id));
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));

    client.start('u1');
    const first = FakeSocket.all[0] as FakeSocket;
    first.frame({ t: 'hello', head: 7, heartbeatMs: 25_000 });
    expect(first.sent).toEqual([{ t: 'resume', since: 7 }]);
    first.frame({ t: 'synced', last: 7 });
    first.frame(event(8));
    first.frame(event(8));
    first.frame(event(9, 'notice.read'));
    expect(seen).toEqual([8]);
    expect(points.get('u1')).toBe(9);

    // A jump ahead asks the server to resume from the last applied id; nothing is applied.
    first.frame(event(12));
    expect(first.sent.at(-1)).toEqual({ t: 'resume', since: 9 });
    expect(points.get('u1')).toBe(9);

    first.drop();
    expect(client.getStatus()).toBe('reconnecting');
    vi.advanceTimersByTime(500);
    const second = FakeSocket.all[1] as FakeSocket;
    second.frame({ t: 'hello', head: 15, heartbeatMs: 25_000 });
    expect(second.sent).toEqual([{ t: 'resume', since: 9 }]);
    second.frame(event(10));
    second.frame({ t: 'synced', last: 10 });
    expect(seen).toEqual([8, 10]);
    expect(statuses).toEqual(['connecting', 'online', 'reconnecting', 'online']);
    client.stop();
  });

  it('reloads on resync and stops for good when the session ends', () => {
    const onResync = vi.fn();
    const onSessionEnded = vi.fn();
    const points = new ResumePoints();
    points.set('u1', 3);
    const client = new RealtimeClient({ onResync, onSessionEnded }, points, () => 'ws://x');
    client.start('u1');
    const socket = FakeSocket.all[0] as FakeSocket;
    socket.frame({ t: 'hello', head: 40, heartbeatMs: 25_000 });
    expect(socket.sent).toEqual([{ t: 'resume', since: 3 }]);
    socket.frame({ t: 'resync', head: 40 });
    expect(onResync).toHaveBeenCalledTimes(1);
    expect(points.get('u1')).toBe(40);

    socket.drop(WS_CLOSE.sessionEnded);
    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(client.getStatus()).toBe('idle');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('delivers transient frames, pings, and gives up on a silent socket', () => {
    const client = new RealtimeClient({}, new ResumePoints(), () => 'ws://x');
    const typing: RealtimeMessage[] = [];
    client.subscribe('typing', (m) => typing.push(m));
    client.start('u1');
    const socket = FakeSocket.all[0] as FakeSocket;
    socket.frame({ t: 'hello', head: 0, heartbeatMs: 1000 });
    socket.frame({ t: 'synced', last: 0 });
    socket.frame({ t: 'transient', type: 'typing', payload: { who: 'u2' } });
    expect(typing).toEqual([{ id: null, type: 'typing', payload: { who: 'u2' }, at: null }]);
    expect(client.sendClientMessage('typing', { spaceId: 's' })).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ t: 'message', type: 'typing', data: { spaceId: 's' } });

    // Two watchers share one list; the socket's list shrinks only when both let go.
    const unwatchA = client.watchPresence(['a', 'b']);
    const unwatchB = client.watchPresence(['b', 'c']);
    expect(socket.sent.at(-1)).toEqual({ t: 'presence.watch', ids: ['a', 'b', 'c'] });
    unwatchA();
    expect(socket.sent.at(-1)).toEqual({ t: 'presence.watch', ids: ['b', 'c'] });
    const changes: unknown[] = [];
    client.onPresence((change) => changes.push(change));
    socket.frame({ t: 'presence', accountId: 'b', online: true });
    expect(changes).toEqual([{ accountId: 'b', online: true }]);

    vi.advanceTimersByTime(1000);
    expect(socket.sent.at(-1)).toEqual({ t: 'ping' });
    // No frame for more than two heartbeats: reconnect without waiting for a close.
    vi.advanceTimersByTime(2500);
    expect(client.getStatus()).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(2);
    // The new socket gets the watch list again once it is caught up.
    const next = FakeSocket.all[1] as FakeSocket;
    next.frame({ t: 'hello', head: 0, heartbeatMs: 1000 });
    next.frame({ t: 'synced', last: 0 });
    expect(next.sent.at(-1)).toEqual({ t: 'presence.watch', ids: ['b', 'c'] });
    unwatchB();
    client.stop();
  });
});
