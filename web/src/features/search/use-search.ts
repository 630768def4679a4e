import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SearchQuery } from '@tongxin/contract';
import { search, suggest } from '../../api/search.ts';

const KEY = 'search';

/** Runs when there are words, or a filter that stands on its own (author, space, tag). */
export const useSearch = (query: SearchQuery) =>
  useQuery({
    queryKey: [KEY, 'results', query],
    queryFn: ({ signal }) => search(query, signal),
    enabled: Boolean(query.q?.trim() || query.authorId || query.spaceId || query.tagId),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

export const useSuggestions = (q: string) =>
  useQuery({
    queryKey: [KEY, 'suggest', q],
    queryFn: ({ signal }) => suggest(q, signal),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
