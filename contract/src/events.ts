import { Type, type Static } from 'typebox';

// ajv accepts Infinity as an integer ("1e309" in a query string): bound every id.
const MAX_EVENT_ID = Number.MAX_SAFE_INTEGER;

/** Per-account event ids: gap-free and increasing, so `since` replays exactly what was missed. */
export const EventId = Type.Integer({
  minimum: 0,
  maximum: MAX_EVENT_ID,
  description: 'Per-account event id',
});

export const EventsQuery = Type.Object(
  {
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_EVENT_ID, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export type EventsQuery = Static<typeof EventsQuery>;

export const FeedEvent = Type.Object({
  id: EventId,
  type: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String({ format: 'date-time' }),
});
export type FeedEvent = Static<typeof FeedEvent>;

export const EventPage = Type.Object({
  items: Type.Array(FeedEvent),
  /** More after the last item: ask again with since = its id. */
  hasMore: Type.Boolean(),
  /** The account's latest event id. */
  head: EventId,
  /** Events after since were pruned (or never issued here): reload state, continue from head. */
  resync: Type.Boolean(),
});
export type EventPage = Static<typeof EventPage>;
