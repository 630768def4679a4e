import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';
import { AttachmentIds, FileRef } from './files.ts';

/**
 * Online exchange (线上交流): spaces hold topics, topics hold messages (as in Zulip).
 * People are addressed by account id (`users.id`): the chat identity, which is also the
 * recipient of events and notifications.
 */

/**
 * - `org`: one per organisation, members derived from the roster at query time; officers of
 *   higher organisations may read.
 * - `study_group` / `cross_branch`: explicit members, managed by officers over `orgId`.
 * - `announcement`: bound to `orgId`; its whole subtree reads, only officers post.
 * - `dm`: one-to-one or a small group (at most DM_MAX_MEMBERS accounts); nobody else reads.
 */
export const SPACE_KINDS = ['org', 'study_group', 'cross_branch', 'announcement', 'dm'] as const;
export const SpaceKind = Type.Enum(SPACE_KINDS);
export type SpaceKind = (typeof SPACE_KINDS)[number];

/** Kinds created through POST /exchange/spaces (org spaces exist by themselves, DMs via /dms). */
export const CREATABLE_SPACE_KINDS = ['study_group', 'cross_branch', 'announcement'] as const;
export type CreatableSpaceKind = (typeof CREATABLE_SPACE_KINDS)[number];

export const DM_MAX_MEMBERS = 20;
/** The author may withdraw a message within this many minutes; officers at any time. */
export const WITHDRAW_WINDOW_MINUTES = 10;

/** The fixed reaction allow-list. */
export const REACTION_EMOJI = ['👍', '❤️', '😄', '🎉', '🤔', '👏', '🙏', '✅', '🌹', '💪'] as const;
export const ReactionEmoji = Type.Enum(REACTION_EMOJI);
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

/** Category tags every installation starts with; officers add more. */
export const DEFAULT_TOPIC_TAGS = ['理论学习', '工作交流', '经验分享', '问题求助'] as const;

const Stamp = Type.String({ format: 'date-time' });
const NullableStamp = Type.Union([Stamp, Type.Null()]);
const MAX_MESSAGE_ID = Number.MAX_SAFE_INTEGER;

/** Message ids are a database sequence: increasing in posting order, so usable as cursors. */
export const MessageId = Type.Integer({
  minimum: 1,
  maximum: MAX_MESSAGE_ID,
  description: 'Message id (increasing)',
});
/**
 * Message ids in paths: digits. Anything else is answered 404 like an unknown id (not 400),
 * so a path can never tell "malformed" from "not yours".
 */
export const MessageIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, description: 'Message id (digits)' }) },
  { additionalProperties: false },
);

export const SpaceMember = Type.Object({
  accountId: Uuid,
  displayName: Type.String(),
  /** The member's branch (null for accounts without a member record). */
  branchName: Type.Union([Type.String(), Type.Null()]),
});
export type SpaceMember = Static<typeof SpaceMember>;

/** What the caller may do in a space. */
export const SpaceRights = Type.Object({
  post: Type.Boolean(),
  /** Rename, manage members, move topics out, withdraw others' messages, pin, @全体. */
  moderate: Type.Boolean(),
  manageMembers: Type.Boolean(),
});
export type SpaceRights = Static<typeof SpaceRights>;

export const SpaceSummary = Type.Object({
  id: Uuid,
  kind: SpaceKind,
  name: Type.String(),
  description: Type.String(),
  /** The bound or owning organisation (null for DMs). */
  orgId: Type.Union([Uuid, Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
  /** Reading only, as an officer of a higher organisation (not a member). */
  readOnly: Type.Boolean(),
  unread: Type.Integer({ minimum: 0 }),
  /** Unread messages that mention the caller (or @全体). */
  unreadMentions: Type.Integer({ minimum: 0 }),
  lastMessageAt: NullableStamp,
  memberCount: Type.Integer({ minimum: 0 }),
});
export type SpaceSummary = Static<typeof SpaceSummary>;

export const SpaceList = Type.Object({ items: Type.Array(SpaceSummary) });
export type SpaceList = Static<typeof SpaceList>;

export const SpaceListQuery = Type.Object(
  {
    /** Also list the org spaces of organisations below the ones the caller leads (read only). */
    includeSupervised: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type SpaceListQuery = Static<typeof SpaceListQuery>;

export const SpaceDetail = Type.Object({
  space: SpaceSummary,
  members: Type.Array(SpaceMember),
  may: SpaceRights,
});
export type SpaceDetail = Static<typeof SpaceDetail>;

export const CreateSpaceRequest = Type.Object(
  {
    kind: Type.Enum(CREATABLE_SPACE_KINDS),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    /** The owning (study_group, cross_branch) or bound (announcement) organisation. */
    orgId: Uuid,
    /** Explicit members (study_group, cross_branch); ignored for announcement. */
    accountIds: Type.Optional(Type.Array(Uuid, { maxItems: 1000, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateSpaceRequest = Static<typeof CreateSpaceRequest>;

export const UpdateSpaceRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type UpdateSpaceRequest = Static<typeof UpdateSpaceRequest>;

export const SpaceMembersRequest = Type.Object(
  { accountIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000, uniqueItems: true }) },
  { additionalProperties: false },
);
export type SpaceMembersRequest = Static<typeof SpaceMembersRequest>;

export const SpaceMemberParams = Type.Object(
  { id: Uuid, accountId: Uuid },
  { additionalProperties: false },
);

export const OpenDmRequest = Type.Object(
  {
    /** The other participants (the caller is added); one id reuses the existing 1:1 DM. */
    accountIds: Type.Array(Uuid, { minItems: 1, maxItems: DM_MAX_MEMBERS - 1, uniqueItems: true }),
    /** Optional name for a group DM. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type OpenDmRequest = Static<typeof OpenDmRequest>;

/** People the caller may open a DM with or add to a space (their visible roster). */
export const PeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type PeopleQuery = Static<typeof PeopleQuery>;
export const PeopleList = Type.Object({ items: Type.Array(SpaceMember) });
export type PeopleList = Static<typeof PeopleList>;

// ---- tags ----------------------------------------------------------------------------------

export const TopicTag = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** One of DEFAULT_TOPIC_TAGS. */
  builtIn: Type.Boolean(),
});
export type TopicTag = Static<typeof TopicTag>;
export const TopicTagList = Type.Object({
  items: Type.Array(TopicTag),
  /** Whether the caller (an officer) may add tags. */
  mayAdd: Type.Boolean(),
});
export type TopicTagList = Static<typeof TopicTagList>;
export const CreateTagRequest = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 20 }) },
  { additionalProperties: false },
);
export type CreateTagRequest = Static<typeof CreateTagRequest>;

// ---- topics --------------------------------------------------------------------------------

export const SUBSCRIPTION_LEVELS = ['default', 'follow', 'mute'] as const;
export const SubscriptionLevel = Type.Enum(SUBSCRIPTION_LEVELS);
export type SubscriptionLevel = (typeof SUBSCRIPTION_LEVELS)[number];

/** Shared by every reader of the space: carried in events as is. */
export const Topic = Type.Object({
  id: Uuid,
  spaceId: Uuid,
  title: Type.String(),
  tags: Type.Array(TopicTag),
  resolved: Type.Boolean(),
  createdByName: Type.String(),
  createdAt: Stamp,
  messageCount: Type.Integer({ minimum: 0 }),
  lastMessageId: Type.Union([MessageId, Type.Null()]),
  lastMessageAt: NullableStamp,
});
export type Topic = Static<typeof Topic>;

/** A topic as one account sees it in a list: with its own unread count and subscription. */
export const TopicListItem = Type.Object({
  topic: Topic,
  unread: Type.Integer({ minimum: 0 }),
  subscription: SubscriptionLevel,
  /** The caller's read marker: the highest message id read in this topic (0: none). */
  lastReadId: Type.Integer({ minimum: 0, maximum: MAX_MESSAGE_ID }),
});
export type TopicListItem = Static<typeof TopicListItem>;

export const TopicListQuery = Type.Object(
  {
    tagId: Type.Optional(Uuid),
    resolved: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 60 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type TopicListQuery = Static<typeof TopicListQuery>;
export const TopicList = Type.Object({ items: Type.Array(TopicListItem), total: Type.Integer() });
export type TopicList = Static<typeof TopicList>;

export const CreateTopicRequest = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 80 }),
    tagIds: Type.Optional(Type.Array(Uuid, { maxItems: 5, uniqueItems: true })),
    /** The first message (Markdown subset). */
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    attachmentIds: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type CreateTopicRequest = Static<typeof CreateTopicRequest>;

export const UpdateTopicRequest = Type.Object(
  {
    /** Author of the topic or an officer. */
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    tagIds: Type.Optional(Type.Array(Uuid, { maxItems: 5, uniqueItems: true })),
    /** Anyone who may post there. */
    resolved: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateTopicRequest = Static<typeof UpdateTopicRequest>;

export const MoveTopicRequest = Type.Object(
  { spaceId: Uuid, reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type MoveTopicRequest = Static<typeof MoveTopicRequest>;

export const SubscriptionRequest = Type.Object(
  { level: SubscriptionLevel },
  { additionalProperties: false },
);
export type SubscriptionRequest = Static<typeof SubscriptionRequest>;

// ---- messages ------------------------------------------------------------------------------

export const Reaction = Type.Object({
  emoji: ReactionEmoji,
  count: Type.Integer({ minimum: 1 }),
  /** Who reacted (a client marks its own). */
  accountIds: Type.Array(Uuid),
});
export type Reaction = Static<typeof Reaction>;

export const MessageQuote = Type.Object({
  id: MessageId,
  authorName: Type.String(),
  /** A short plain-text excerpt; empty when the quoted message was withdrawn. */
  excerpt: Type.String(),
  withdrawn: Type.Boolean(),
});
export type MessageQuote = Static<typeof MessageQuote>;

/** An attached file, as the files module describes it (served under /api/v1/files/:id). */
export const MessageAttachment = FileRef;
export type MessageAttachment = FileRef;

/**
 * A message as every reader of its space sees it; events carry it as is. A withdrawn
 * message keeps its place with `withdrawn` set and no body (`source` and `html` empty).
 */
export const Message = Type.Object({
  id: MessageId,
  topicId: Uuid,
  spaceId: Uuid,
  authorId: Uuid,
  authorName: Type.String(),
  /** The Markdown source (for editing and quoting); empty when withdrawn. */
  source: Type.String(),
  /** Safe HTML rendered by the server; insert as is. Empty when withdrawn. */
  html: Type.String(),
  /** Account ids mentioned. */
  mentions: Type.Array(Uuid),
  mentionsAll: Type.Boolean(),
  replyTo: Type.Union([MessageQuote, Type.Null()]),
  reactions: Type.Array(Reaction),
  attachments: Type.Array(MessageAttachment),
  createdAt: Stamp,
  editedAt: NullableStamp,
  withdrawn: Type.Boolean(),
  withdrawnAt: NullableStamp,
  withdrawnByName: Type.Union([Type.String(), Type.Null()]),
  pinned: Type.Boolean(),
});
export type Message = Static<typeof Message>;

export const MessageListQuery = Type.Object(
  {
    /** Messages with ids below this one (scrolling back), newest of them first in time order. */
    before: Type.Optional(MessageId),
    /** Messages with ids above this one (catching up). */
    after: Type.Optional(MessageId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type MessageListQuery = Static<typeof MessageListQuery>;

/** Always in ascending id order. */
export const MessagePage = Type.Object({
  items: Type.Array(Message),
  /** More older messages exist (before the first item). */
  hasOlder: Type.Boolean(),
  /** More newer messages exist (after the last item). */
  hasNewer: Type.Boolean(),
});
export type MessagePage = Static<typeof MessagePage>;

export const TopicDetail = Type.Object({
  item: TopicListItem,
  pinned: Type.Array(Message),
  may: Type.Object({
    post: Type.Boolean(),
    rename: Type.Boolean(),
    move: Type.Boolean(),
    pin: Type.Boolean(),
  }),
});
export type TopicDetail = Static<typeof TopicDetail>;

export const PostMessageRequest = Type.Object(
  {
    /** May be empty when the message carries attachments. */
    body: Type.String({ maxLength: 20_000 }),
    replyToId: Type.Optional(MessageId),
    attachmentIds: Type.Optional(AttachmentIds),
  },
  { additionalProperties: false },
);
export type PostMessageRequest = Static<typeof PostMessageRequest>;

export const EditMessageRequest = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 20_000 }) },
  { additionalProperties: false },
);
export type EditMessageRequest = Static<typeof EditMessageRequest>;

export const WithdrawMessageRequest = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type WithdrawMessageRequest = Static<typeof WithdrawMessageRequest>;

export const ReactionRequest = Type.Object(
  { emoji: ReactionEmoji },
  { additionalProperties: false },
);
export type ReactionRequest = Static<typeof ReactionRequest>;

export const PinRequest = Type.Object({ pinned: Type.Boolean() }, { additionalProperties: false });
export type PinRequest = Static<typeof PinRequest>;

/** Earlier versions of an edited message, oldest first (the current text is the message). */
export const MessageVersion = Type.Object({
  source: Type.String(),
  html: Type.String(),
  /** When this version was replaced. */
  replacedAt: Stamp,
});
export type MessageVersion = Static<typeof MessageVersion>;
export const MessageHistory = Type.Object({ versions: Type.Array(MessageVersion) });
export type MessageHistory = Static<typeof MessageHistory>;

// ---- search --------------------------------------------------------------------------------

/**
 * Messages and topic titles in the spaces the caller reads, by substring (so Chinese words are
 * found without segmentation); several words separated by spaces must all occur.
 */
export const MessageSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 60 }),
    spaceId: Type.Optional(Uuid),
    tagId: Type.Optional(Uuid),
    /** Older results than this message id (the next page). */
    before: Type.Optional(MessageId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type MessageSearchQuery = Static<typeof MessageSearchQuery>;

export const MessageSearchHit = Type.Object({
  message: Message,
  topic: Topic,
  spaceName: Type.String(),
});
export type MessageSearchHit = Static<typeof MessageSearchHit>;

/** Newest first; ask again with `before` = the last hit's message id while `hasMore`. */
export const MessageSearchResult = Type.Object({
  items: Type.Array(MessageSearchHit),
  hasMore: Type.Boolean(),
});
export type MessageSearchResult = Static<typeof MessageSearchResult>;

// ---- read markers --------------------------------------------------------------------------

export const MarkReadRequest = Type.Object({ upToId: MessageId }, { additionalProperties: false });
export type MarkReadRequest = Static<typeof MarkReadRequest>;

export const UnreadCounts = Type.Object({
  total: Type.Integer({ minimum: 0 }),
  spaces: Type.Array(
    Type.Object({
      spaceId: Uuid,
      unread: Type.Integer({ minimum: 0 }),
      unreadMentions: Type.Integer({ minimum: 0 }),
    }),
  ),
});
export type UnreadCounts = Static<typeof UnreadCounts>;

// ---- events (GET /events, WebSocket) ------------------------------------------------------

/**
 * Event types the exchange appends to each reader's feed. Payloads are self-contained:
 * - `exchange.message.created`: { message: Message, topic: Topic }
 * - `exchange.message.updated`: { message: Message }  (edit, pin, unpin)
 * - `exchange.message.withdrawn`: { message: Message } (body already removed)
 * - `exchange.reaction`: { messageId, topicId, spaceId, reactions: Reaction[] }
 * - `exchange.topic.updated`: { topic: Topic } (rename, tags, resolve, moved in)
 * - `exchange.topic.removed`: { topicId, spaceId } (moved to a space this reader cannot see)
 * - `exchange.space.updated`: { space: SpaceEventBody } (renamed, new description)
 * - `exchange.space.removed`: { spaceId } (removed from an explicit space)
 * - `exchange.read`: { spaceId, topicId | null, upToId } (only to the reader, for other tabs)
 */
export const EXCHANGE_EVENT_TYPES = [
  'exchange.message.created',
  'exchange.message.updated',
  'exchange.message.withdrawn',
  'exchange.reaction',
  'exchange.topic.updated',
  'exchange.topic.removed',
  'exchange.space.updated',
  'exchange.space.removed',
  'exchange.read',
] as const;
export type ExchangeEventType = (typeof EXCHANGE_EVENT_TYPES)[number];

export const SpaceEventBody = Type.Object({
  id: Uuid,
  kind: SpaceKind,
  name: Type.String(),
  description: Type.String(),
  orgId: Type.Union([Uuid, Type.Null()]),
});
export type SpaceEventBody = Static<typeof SpaceEventBody>;

export interface ExchangeEventPayloads {
  'exchange.message.created': { message: Message; topic: Topic };
  'exchange.message.updated': { message: Message };
  'exchange.message.withdrawn': { message: Message };
  'exchange.reaction': {
    messageId: number;
    topicId: string;
    spaceId: string;
    reactions: Reaction[];
  };
  'exchange.topic.updated': { topic: Topic };
  'exchange.topic.removed': { topicId: string; spaceId: string };
  'exchange.space.updated': { space: SpaceEventBody };
  'exchange.space.removed': { spaceId: string };
  'exchange.read': { spaceId: string | null; topicId: string | null; upToId: number | null };
}

/** The web app path of a message: what notifications link to (the web app routes it). */
export const exchangeMessageLink = (spaceId: string, topicId: string, messageId: number): string =>
  `/exchange/${spaceId}/${topicId}?message=${messageId}`;

// ---- sensitive words (the security administrator's list) ---------------------------------

export const SensitiveWord = Type.Object({
  id: Uuid,
  word: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type SensitiveWord = Static<typeof SensitiveWord>;
export const SensitiveWordList = Type.Object({ items: Type.Array(SensitiveWord) });
export type SensitiveWordList = Static<typeof SensitiveWordList>;
export const CreateSensitiveWordRequest = Type.Object(
  { word: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export type CreateSensitiveWordRequest = Static<typeof CreateSensitiveWordRequest>;
/** The error code of a message or title refused for a listed word (HTTP 422). */
export const SENSITIVE_WORD_ERROR = 'sensitive_word';
