import type { SearchQuery, SearchResult, Suggestions } from '@tongxin/contract';
import { api } from './client.ts';

export const search = (query: SearchQuery, signal?: AbortSignal) =>
  api.get<SearchResult>('/search', { query: { ...query }, signal });

export const suggest = (q: string, signal?: AbortSignal) =>
  api.get<Suggestions>('/search/suggest', { query: { q }, signal });
