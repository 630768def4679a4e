import WebSocket from 'ws';
import type { ServerFrame } from '@tongxin/contract';

/**
 * A test client for /api/v1/ws over a real port: records every frame, and lets a test wait
 * for the first frame (after those already consumed) that matches.
 */
export class TestSocket {
  readonly frames: ServerFrame[] = [];
  /** Frames before this index were consumed by next(). */
  private read = 0;
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as ServerFrame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  /** The next unread frame that matches (frames skipped on the way are consumed too). */
  async next<T extends ServerFrame['t']>(
    t: T,
    match: (frame: Extract<ServerFrame, { t: T }>) => boolean = () => true,
    ms = 3000,
  ): Promise<Extract<ServerFrame, { t: T }>> {
    const deadline = Date.now() + ms;
    for (;;) {
      while (this.read < this.frames.length) {
        const frame = this.frames[this.read++] as ServerFrame;
        if (frame.t === t && match(frame as Extract<ServerFrame, { t: T }>)) {
          return frame as Extract<ServerFrame, { t: T }>;
        }
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(`no ${t} frame within ${ms} ms; got ${JSON.stringify(this.frames)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Frames of type t received so far that were not consumed. */
  unread<T extends ServerFrame['t']>(t: T): Array<Extract<ServerFrame, { t: T }>> {
    return this.frames
      .slice(this.read)
      .filter((f): f is Extract<ServerFrame, { t: T }> => f.t === t);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close(): void {
    this.ws.close();
  }
}

const wsUrl = (base: string) => `${base.replace(/^http/, 'ws')}/api/v1/ws`;

/** Opens a socket as the cookie's session, with our own Origin unless told otherwise. */
export function connect(
  base: string,
  cookie: string,
  origin: string | null = base,
  { autoPong = true }: { autoPong?: boolean } = {},
): Promise<TestSocket> {
  const headers: Record<string, string> = { cookie };
  if (origin !== null) headers.origin = origin;
  // autoPong false plays a peer that vanished without closing (it never answers pings).
  const ws = new WebSocket(wsUrl(base), { headers, autoPong });
  const socket = new TestSocket(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
}

/** The HTTP status that refused an upgrade, or 101 when it was accepted (and closed again). */
export function upgradeStatus(base: string, headers: Record<string, string>): Promise<number> {
  const ws = new WebSocket(wsUrl(base), { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.once('error', reject);
  });
}
