import { Type, type Static } from 'typebox';
import { EventId } from './events.ts';
import { Uuid } from './common.ts';

/**
 * The WebSocket protocol at GET /api/v1/ws (docs/realtime.md): JSON text frames, each an
 * object whose `t` says what it is. Server and web client share these shapes.
 */

/** Frames larger than this are refused with an error frame (the socket stays open). */
export const MAX_CLIENT_FRAME_BYTES = 8 * 1024;
/** How many accounts one presence question or watch list may name. */
export const MAX_PRESENCE_IDS = 200;

/** Close codes the server uses; the client decides from them whether to reconnect. */
export const WS_CLOSE = {
  /** The server is shutting down or restarting: reconnect (to another node). */
  goingAway: 1001,
  /** The socket broke the protocol's limits repeatedly (rate, size): reconnect later. */
  policy: 1008,
  /** A frame over the hard size limit: ws closes the socket itself. */
  tooBig: 1009,
  /** The session ended (signed out, revoked, expired, account disabled): do not reconnect. */
  sessionEnded: 4401,
  /** Too many sockets for this account on this node. */
  tooManySockets: 4429,
  /** The client read too slowly and its queue overflowed: reconnect and resume. */
  slowConsumer: 4503,
} as const;

// ---- client → server ----

export const ResumeFrame = Type.Object(
  { t: Type.Literal('resume'), since: EventId },
  { additionalProperties: false },
);
export const PingFrame = Type.Object({ t: Type.Literal('ping') }, { additionalProperties: false });
export const ClientMessageFrame = Type.Object(
  {
    t: Type.Literal('message'),
    type: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9._-]*$' }),
    data: Type.Unknown(),
  },
  { additionalProperties: false },
);
export const PresenceWatchFrame = Type.Object(
  {
    t: Type.Literal('presence.watch'),
    ids: Type.Array(Type.String({ format: 'uuid' }), { maxItems: MAX_PRESENCE_IDS }),
  },
  { additionalProperties: false },
);
export const ClientFrame = Type.Union([
  ResumeFrame,
  PingFrame,
  ClientMessageFrame,
  PresenceWatchFrame,
]);
export type ClientFrame = Static<typeof ClientFrame>;

// ---- server → client ----

export interface HelloFrame {
  t: 'hello';
  /** The account's latest event id now: a client without state resumes from it. */
  head: number;
  /** How often the client should ping (ms); the server closes sockets silent for longer. */
  heartbeatMs: number;
}
export interface EventFrame {
  t: 'event';
  id: number;
  type: string;
  payload: Record<string, unknown>;
  at: string;
}
/** Events after `since` are gone: reload state from the APIs, then continue from `head`. */
export interface ResyncFrame {
  t: 'resync';
  head: number;
}
/** Replay after a resume is done: everything up to `last` was sent; live events follow. */
export interface SyncedFrame {
  t: 'synced';
  last: number;
}
/** Not stored, not replayed: typing indicators and the like. */
export interface TransientFrame {
  t: 'transient';
  type: string;
  payload: Record<string, unknown>;
}
export interface PresenceFrame {
  t: 'presence';
  accountId: string;
  online: boolean;
}
export interface PongFrame {
  t: 'pong';
}
export interface ErrorFrame {
  t: 'error';
  /** invalid_frame, too_large, rate_limited, unknown_message, message_failed */
  code: string;
  message: string;
}
export type ServerFrame =
  | HelloFrame
  | EventFrame
  | ResyncFrame
  | SyncedFrame
  | TransientFrame
  | PresenceFrame
  | PongFrame
  | ErrorFrame;

// ---- presence over HTTP ----

export const PresenceQuery = Type.Object(
  {
    ids: Type.Array(Type.String({ format: 'uuid' }), {
      minItems: 1,
      maxItems: MAX_PRESENCE_IDS,
    }),
  },
  { additionalProperties: false },
);
export type PresenceQuery = Static<typeof PresenceQuery>;

export const PresenceAnswer = Type.Object({
  /** The asked-for accounts that have at least one open socket on any node. */
  online: Type.Array(Type.String({ format: 'uuid' })),
});
export type PresenceAnswer = Static<typeof PresenceAnswer>;

// ---- registered client messages ----

/** `{ t: 'message', type: 'typing', data }`: the account is typing in a space (and topic). */
export const TypingData = Type.Object(
  { spaceId: Uuid, topicId: Type.Union([Uuid, Type.Null()]) },
  { additionalProperties: false },
);
export type TypingData = Static<typeof TypingData>;

/** The transient frame the space's other members get: `{ t: 'transient', type, payload }`. */
export const TYPING_EVENT = 'exchange.typing';
export interface TypingPayload {
  accountId: string;
  spaceId: string;
  topicId: string | null;
}
