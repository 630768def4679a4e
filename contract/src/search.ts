import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/**
 * Search across the platform (docs/search.md): messages, topics, notices, activities (with their
 * minutes) and rectification items. Results are only what the caller
 * may open: counts, pages and snippets included.
 */
export const SEARCH_KINDS = ['message', 'topic', 'notice', 'activity', 'rectification'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
export const SearchKindLiteral = Type.Enum(SEARCH_KINDS);

export const SEARCH_QUERY_MAX = 100;

export const SearchQuery = Type.Object(
  {
    /**
     * Words separated by spaces; each must occur (Chinese: as a substring). May be empty with
     * an author, space or tag filter: then everything there, newest first.
     */
    q: Type.Optional(Type.String({ maxLength: SEARCH_QUERY_MAX })),
    kind: Type.Optional(SearchKindLiteral),
    spaceId: Type.Optional(Uuid),
    /** The organisation and everything below it. */
    orgId: Type.Optional(Uuid),
    /** Author (account id) of a message or topic, sender of a notice. */
    authorId: Type.Optional(Uuid),
    /** Topic tag (exchange tags). */
    tagId: Type.Optional(Uuid),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    /** relevance (with recency) or newest first. */
    sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('newest')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 0 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  kind: SearchKindLiteral,
  /** The record's id in its own module. */
  ref: Type.String(),
  /** Escaped HTML with the matches in <mark>: safe to insert. */
  titleHtml: Type.String(),
  snippetHtml: Type.String(),
  /** Where it lives: a message's topic title. */
  context: Type.String(),
  link: Type.String(),
  at: Type.String({ format: 'date-time' }),
  authorName: Type.String(),
  spaceId: Type.Union([Uuid, Type.Null()]),
  spaceName: Type.Union([Type.String(), Type.Null()]),
  orgId: Type.Union([Uuid, Type.Null()]),
  orgName: Type.Union([Type.String(), Type.Null()]),
});
export type SearchHit = Static<typeof SearchHit>;

export const SearchResult = Type.Object({
  items: Type.Array(SearchHit),
  /** Matches the caller may open, with every filter but `kind` applied, by kind. */
  counts: Type.Object({
    message: Type.Integer(),
    topic: Type.Integer(),
    notice: Type.Integer(),
    activity: Type.Integer(),
    rectification: Type.Integer(),
  }),
  /** Matches with every filter applied (the pages' total). */
  total: Type.Integer(),
});
export type SearchResult = Static<typeof SearchResult>;

export const SuggestQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export type SuggestQuery = Static<typeof SuggestQuery>;

export const Suggestions = Type.Object({
  members: Type.Array(
    Type.Object({
      accountId: Uuid,
      displayName: Type.String(),
      branchName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  spaces: Type.Array(Type.Object({ id: Uuid, name: Type.String(), link: Type.String() })),
  topics: Type.Array(
    Type.Object({ id: Uuid, title: Type.String(), titleHtml: Type.String(), link: Type.String() }),
  ),
});
export type Suggestions = Static<typeof Suggestions>;
