import type { WebSocket } from 'ws';
import { WS_CLOSE, type ServerFrame } from '@tongxin/contract';
import { eventsSince, type EventPage, type UserEvent } from '../bus/events.ts';

/** Reads a page of the account's feed; the gateway passes eventsSince over its database. */
export type FeedReader = (userId: string, since: number, limit: number) => Promise<EventPage>;

/** A socket that cannot take this much unsent data is too slow: close it, it resumes later. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Live events held while a replay runs; past this the replay simply runs again. */
const MAX_HELD = 1000;
const PAGE = 200;

/**
 * The recipients of one write share its payload object (see appendEvents), so a message to a
 * space of a thousand is serialised once, not a thousand times. Keyed weakly: entries go
 * with the payloads. Same text as JSON.stringify of the whole `event` frame.
 */
const payloadText = new WeakMap<object, string>();
export function eventFrame(event: UserEvent): string {
  let payload = payloadText.get(event.payload);
  if (payload === undefined) {
    payload = JSON.stringify(event.payload);
    payloadText.set(event.payload, payload);
  }
  return `{"t":"event","id":${event.id},"type":${JSON.stringify(event.type)},"payload":${payload},"at":${JSON.stringify(event.at)}}`;
}

/** Token bucket: `burst` frames at once, refilled at `perSecond`. */
export class RateBudget {
  private tokens: number;
  private last = Date.now();
  /** Frames refused in a row; the gateway closes a socket that keeps pushing. */
  refusedInRow = 0;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      this.refusedInRow++;
      return false;
    }
    this.tokens -= 1;
    this.refusedInRow = 0;
    return true;
  }
}

/**
 * One open socket of one session. Event delivery keeps a cursor, the last event id sent:
 * after `resume(since)` it replays the feed from `since`, holding live events that arrive
 * meanwhile, then goes live. Live events at or below the cursor are duplicates and dropped;
 * one further ahead than cursor + 1 means another was published out of order or lost, so
 * it reads the feed again (which has both, as events are published only after commit).
 * The client therefore sees each id once, in order, with no gaps.
 */
export class Connection {
  /** Last event id sent; null until the client resumes (nothing is delivered before that). */
  private cursor: number | null = null;
  private replaying = false;
  private held: UserEvent[] = [];
  private heldOverflow = false;
  /** Replays run one at a time, in the order they were asked for. */
  private chain: Promise<void> = Promise.resolve();
  /** Answered a ping since the last heartbeat. */
  alive = true;
  closed = false;
  /** Accounts whose presence changes this socket is told about. */
  watching = new Set<string>();
  readonly budget = new RateBudget(20, 5);

  constructor(
    readonly socket: WebSocket,
    readonly userId: string,
    readonly sessionId: string,
    private readonly readFeed: FeedReader,
    private readonly log: (message: string, err?: unknown) => void,
  ) {}

  send(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  private sendText(text: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(WS_CLOSE.slowConsumer, 'slow consumer: reconnect and resume');
      return;
    }
    this.socket.send(text);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  /** The client's `{ t: 'resume', since }`: replay from there, then live. */
  resume(since: number): Promise<void> {
    return this.enqueue(async () => {
      this.cursor = since;
      await this.replay();
    });
  }

  /** A stored event for this account, from the bus. */
  offer(event: UserEvent): void {
    if (this.cursor === null || this.closed) return;
    if (this.replaying) {
      if (this.held.length < MAX_HELD) this.held.push(event);
      else this.heldOverflow = true;
      return;
    }
    if (event.id <= this.cursor) return;
    if (event.id === this.cursor + 1) {
      this.sendEvent(event);
      return;
    }
    // A gap: the missing ids are committed (publish follows commit), so the feed has them.
    void this.enqueue(() => this.replay());
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task).catch((err: unknown) => {
      this.log('event replay failed; closing the socket so the client resumes', err);
      this.close(WS_CLOSE.goingAway, 'replay failed: reconnect and resume');
    });
    this.chain = run;
    return run;
  }

  private sendEvent(event: UserEvent): void {
    this.cursor = event.id;
    this.sendText(eventFrame(event));
  }

  private async replay(): Promise<void> {
    this.replaying = true;
    try {
      for (;;) {
        if (this.closed || this.cursor === null) return;
        const page = await this.readFeed(this.userId, this.cursor, PAGE);
        if (page.resync) {
          // Pruned (or restored): the client reloads its state and continues from head.
          this.cursor = page.head;
          this.send({ t: 'resync', head: page.head });
          break;
        }
        for (const event of page.items) this.sendEvent(event);
        if (!page.hasMore) break;
      }
    } finally {
      this.replaying = false;
    }
    const held = this.held.sort((a, b) => a.id - b.id);
    const overflow = this.heldOverflow;
    this.held = [];
    this.heldOverflow = false;
    if (overflow) return this.replay();
    if (this.cursor !== null) this.send({ t: 'synced', last: this.cursor });
    for (const event of held) this.offer(event);
  }
}

/** The feed reader over a database handle. */
export const feedReader =
  (db: Parameters<typeof eventsSince>[0]): FeedReader =>
  (userId, since, limit) =>
    eventsSince(db, userId, since, limit);
