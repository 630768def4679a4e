import { SEARCH_KINDS, type SearchKind, type SearchQuery } from '@tongxin/contract';

/** What the search page keeps in its URL, so a search can be shared, reloaded and gone back to. */
export interface SearchState {
  q?: string;
  kind?: SearchKind;
  spaceId?: string;
  tagId?: string;
  orgId?: string;
  authorId?: string;
  /** Shown on the author chip; not sent to the server. */
  authorName?: string;
  /** Days back from now (7, 30, 90, 365). */
  within?: number;
  sort?: 'relevance' | 'newest';
  page?: number;
}

export const WITHIN_DAYS = [7, 30, 90, 365] as const;
const DAY_MS = 86_400_000;

export function readSearchState(params: URLSearchParams): SearchState {
  const text = (name: string) => params.get(name) || undefined;
  const kind = params.get('kind');
  const within = Number(params.get('within'));
  const page = Number(params.get('page'));
  const sort = params.get('sort');
  return {
    ...(text('q') ? { q: text('q') } : {}),
    ...(kind && (SEARCH_KINDS as readonly string[]).includes(kind)
      ? { kind: kind as SearchKind }
      : {}),
    ...(text('spaceId') ? { spaceId: text('spaceId') } : {}),
    ...(text('tagId') ? { tagId: text('tagId') } : {}),
    ...(text('orgId') ? { orgId: text('orgId') } : {}),
    ...(text('authorId') ? { authorId: text('authorId') } : {}),
    ...(text('authorName') ? { authorName: text('authorName') } : {}),
    ...((WITHIN_DAYS as readonly number[]).includes(within) ? { within } : {}),
    ...(sort === 'newest' ? { sort: 'newest' as const } : {}),
    ...(page > 1 && Number.isInteger(page) ? { page } : {}),
  };
}

export function searchPath(state: SearchState): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `/search?${qs}` : '/search';
}

/** The API query of a page state; `now` fixes "the last N days". */
export function toQuery(state: SearchState, pageSize: number, now: Date): SearchQuery {
  return {
    ...(state.q ? { q: state.q } : {}),
    ...(state.kind ? { kind: state.kind } : {}),
    ...(state.spaceId ? { spaceId: state.spaceId } : {}),
    ...(state.tagId ? { tagId: state.tagId } : {}),
    ...(state.orgId ? { orgId: state.orgId } : {}),
    ...(state.authorId ? { authorId: state.authorId } : {}),
    ...(state.within
      ? { from: new Date(now.getTime() - state.within * DAY_MS).toISOString() }
      : {}),
    ...(state.sort ? { sort: state.sort } : {}),
    limit: pageSize,
    offset: ((state.page ?? 1) - 1) * pageSize,
  };
}
